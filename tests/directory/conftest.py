"""Fixtures of the directory tests: a provider, offers made through the services."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from ankunft.core.models import District, Role
from ankunft.directory import services
from ankunft.directory.models import Offer, Status
from ankunft.directory.services import OfferData, OfferTexts
from ankunft.directory.validation import parse_hours
from tests import factories


def offer_data(provider, **kw) -> OfferData:
    kw.setdefault("fields", ["language"])
    kw.setdefault("street", "Weseler Straße 1")
    kw.setdefault("postcode", "47169")
    kw.setdefault("city", "Duisburg")
    kw.setdefault("latitude", 51.5)
    kw.setdefault("longitude", 6.78)
    kw.setdefault("hours", parse_hours("Mo-Fr 09:00-12:00"))
    return OfferData(provider_id=provider.pk, **kw)


def make_offer(
    actor, provider, title="Deutschkurs für Frauen", *, status=Status.PUBLISHED, texts=None, **kw
) -> Offer:
    offer = services.offer_create(
        actor=actor,
        data=offer_data(provider, **kw),
        texts=OfferTexts(title=title, summary=f"{title}: kurz erklärt.", description="Text."),
        status=status,
    )
    for language, title_then in (texts or {}).items():
        services.offer_translation_save(
            actor=actor, offer=offer, language=language, texts=OfferTexts(title=title_then)
        )
    return Offer.objects.get(pk=offer.pk)


@pytest.fixture(autouse=True)
def german():
    """Messages are checked in German; a request in another language must not leak over."""
    with translation.override("de"):
        yield


@pytest.fixture
def head(make_user):
    return make_user(Role.HEAD_OF_KI)


@pytest.fixture
def provider(head):
    return services.provider_create(actor=head, name="Kulturverein Test e.V.")


@pytest.fixture
def provider_user(make_user, provider, head):
    user = make_user(Role.PROVIDER, password=factories.PASSWORD)
    services.provider_member_add(actor=head, provider=provider, user=user)
    return user


@pytest.fixture
def quarters(town):
    hamborn = factories.district(town, "Hamborn")
    return {
        "Hamborn": hamborn,
        "Marxloh": factories.district(town, "Marxloh", kind=District.Kind.QUARTER, parent=hamborn),
        "Neumühl": factories.district(town, "Neumühl", kind=District.Kind.QUARTER, parent=hamborn),
        "Mitte": factories.district(town, "Mitte"),
    }


@pytest.fixture
def offer(head, provider):
    return make_offer(head, provider, texts={"ar": "دورة لغة ألمانية للنساء"})


@pytest.fixture
def demo(db):
    """The demo directory (Duisburg, 60 offers) as `ankunft demo-data` builds it."""
    from ankunft.core import demo as core_demo  # noqa: PLC0415
    from ankunft.directory import demo as directory_demo  # noqa: PLC0415

    municipality = core_demo.load()
    directory_demo.load(municipality, io.StringIO())
    return municipality


MONDAY_10 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # a Monday
