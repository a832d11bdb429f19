"""Hostile HSDS 3.0 files for the directory's import: services of the right shape with
wrong types, huge numbers, hostile texts; never an unhandled error, each service stored
whole or not at all, the HTTP endpoints answer 4xx (never 5xx), and an export imports back
to the same offers."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import strip_tags
from hypothesis import example, given
from hypothesis import strategies as st

from ankunft.core.models import AuditEntry, Role
from ankunft.directory import hsds
from ankunft.directory.hsds.importer import hsds_import
from ankunft.directory.models import (
    Offer,
    OfferRevision,
    OfferTag,
    OfferTranslation,
    OpeningException,
    OpeningHours,
    Provider,
    SearchDocument,
)
from ankunft.directory.selectors.public import published_offers
from tests import factories
from tests.directory.conftest import make_offer
from tests.hostile.conftest import examples
from tests.hostile.strategies import PAYLOADS, hostile_text, json_trees, objects, raw_json

pytestmark = pytest.mark.django_db

MODELS = (
    Offer, OfferTranslation, OpeningHours, OpeningException, OfferTag, OfferRevision, Provider,
    SearchDocument, AuditEntry,
)  # fmt: skip

_time = st.sampled_from(["09:00", "18:30:00", "25:99", "", "9", "x" * 20])
_schedule = objects(
    {
        "freq": st.sampled_from(["WEEKLY", "DAILY", ""]),
        "byday": st.sampled_from(["MO", "TU,TH", "SA,SU,XX", ",,,", "MO" * 50]),
        "opens_at": _time,
        "closes_at": _time,
        "valid_from": st.sampled_from(["2026-12-24", "2026-02-30", "9999-99-99", "x"]),
        "valid_to": st.sampled_from(["2026-12-24", "2026-02-30", "9999-99-99", "x"]),
        "description": st.sampled_from(["holiday", "vacation", "<b>x</b>"]),
    }
)
_term = objects(
    {
        "taxonomy": st.sampled_from([*hsds.TAXONOMIES.values(), "other"]),
        "code": st.sampled_from(["language", "work", "free", "both", "women", "wheelchair", ""]),
    }
)
_location = objects(
    {
        "latitude": st.one_of(st.floats(-90, 90), st.sampled_from([1e308, -1e308, 10**400])),
        "longitude": st.one_of(st.floats(-180, 180), st.sampled_from(["6.7", "east"])),
        "addresses": st.lists(
            objects(
                {
                    "address_1": hostile_text,
                    "postal_code": st.sampled_from(["47169", "4716999999999", "<b>"]),
                    "city": hostile_text,
                    "region": st.sampled_from(["Marxloh", "", "\x00"]),
                }
            ),
            max_size=2,
        ),
    }
)
services = objects(
    {
        "id": st.one_of(st.uuids().map(str), st.just("not-a-uuid"), st.integers()),
        "name": hostile_text,
        "description": hostile_text,
        "fees_description": hostile_text,
        "url": st.sampled_from(["https://example.org", "javascript:alert(1)", "x" * 400]),
        "email": st.sampled_from(["a@example.org", "not an address", '"><script>@x.de']),
        "organization": objects(
            {"name": hostile_text, "description": hostile_text, "website": hostile_text}
        ),
        "organization_id": hostile_text,
        "phones": st.lists(objects({"number": hostile_text}), max_size=2),
        "schedules": st.lists(_schedule, max_size=3),
        "attributes": st.lists(objects({"taxonomy_term": _term}), max_size=4),
        "languages": st.lists(
            objects({"code": st.sampled_from(["de", "ar", "xx", ""])}), max_size=2
        ),
        "service_at_locations": st.lists(objects({"location": _location}), max_size=2),
    }
)
payloads = st.one_of(
    st.lists(services, max_size=4),
    st.lists(services, max_size=3).map(lambda s: {"contents": s}),
    services,
    json_trees,
)


@pytest.fixture
def head(town):
    return factories.user(Role.HEAD_OF_KI, town)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@given(payload=payloads)
@example(payload={"contents": "not a list"})
@example(payload=[{"name": "Kurs", "service_at_locations": [{"location": {"latitude": 10**400}}]}])
@example(
    payload=[
        {"name": "Kurs", "schedules": [{"valid_from": "2026-02-30", "valid_to": "2026-02-30"}]}
    ]
)
@example(payload=[{"name": "Kurs", "id": 10**5000}])
@example(payload=[{"name": "\ud800 Kurs"}])
@example(payload=[{"name": "Kurs", "organization": {"name": "a\x00b"}}])
@examples(60)
def test_import_never_crashes_and_keeps_services_whole(head, payload: Any):
    """Any payload: a report whose counts add up to the services given, or a
    `ValidationError`; a skipped service leaves nothing behind."""
    before = _counts()
    try:
        report = hsds_import(actor=head, payload=payload)
    except ValidationError as exc:
        messages = exc.messages
        assert messages
        assert _counts() == before
        return
    given_services = (
        payload["contents"] if isinstance(payload, dict) and "contents" in payload else payload
    )
    count = 1 if isinstance(given_services, dict) else len(given_services)
    assert report.created + report.updated + report.skipped == count
    assert Offer.objects.count() == before["Offer"] + report.created
    for offer in Offer.objects.all():
        for text in offer.translations.all():
            assert strip_tags(text.title) == text.title  # no markup kept
            assert "\x00" not in text.title


@given(raw=raw_json)
@examples(30)
def test_import_endpoints_answer_4xx_or_200(client, head, raw: bytes):
    """The API and the upload page with any bytes: 200 or a 4xx with a message, never 5xx."""
    client.force_login(head)
    response = client.post("/api/directory/import/hsds", raw, content_type="application/json")
    assert response.status_code in {200, 400, 422}, response.content
    if response.status_code != 200:
        assert response.json()["detail"]
    page = client.post(
        "/offers/manage/import/",
        {"file": SimpleUploadedFile("x.json", raw)},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert page.status_code in {200, 400}


@given(title=st.sampled_from(PAYLOADS[:7]).map(lambda p: f"Kurs {p}"), text=hostile_text)
@examples(10)
def test_export_imports_back_to_the_same_offer(head, town, other_town, title: str, text: str):
    """Round trip: an offer with hostile (but allowed) texts, exported and imported into
    another municipality, arrives with the same title and provider name."""
    from ankunft.directory import services as directory  # noqa: PLC0415

    provider = Provider.objects.filter(municipality=town).first() or directory.provider_create(
        actor=head, name="Verein &amp; Co „Ü“ {{7*7}}"
    )
    try:
        offer = make_offer(head, provider, title=title)
    except ValidationError:
        return  # the form refuses it: nothing to export
    offers = (
        published_offers(town.pk, offer.created_at.date())
        .filter(pk=offer.pk)
        .select_related("provider", "district", "municipality")
        .prefetch_related("translations", "tags", "hours", "exceptions")
    )
    page = json.loads("".join(hsds.export_page(offers, "de")))
    importer = factories.user(Role.HEAD_OF_KI, other_town)
    report = hsds_import(actor=importer, payload=page)
    assert (report.created, report.skipped) == (1, 0), report.messages
    copy = Offer.objects.for_municipality(other_town.pk).latest("pk")
    assert copy.translations.get(language="de").title == offer.translations.get(language="de").title
    assert copy.provider.name == provider.name
    assert copy.uuid != offer.uuid
    # The same page imported where it came from updates its offer and creates nothing.
    assert uuid.UUID(page["contents"][0]["id"]) == offer.uuid
    again = hsds_import(actor=head, payload=page)
    assert (again.created, again.updated, again.skipped) == (0, 1, 0)
    offer.refresh_from_db()
    assert offer.translations.get(language="de").title == copy.translations.get(language="de").title
