"""Stored texts are escaped everywhere: real payloads in every stored free-text field that a
page shows, opened in real Chromium. A dialog (alert) fails the test; so does any element the
payload would have made (an `<img src=x>`, an `<svg>`, a second `<script>`), independent of
the CSP that would also block inline handlers. The payload must be visible as text."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from ankunft.core.models import Role
from ankunft.council.services import paper_create
from ankunft.directory import services as directory
from ankunft.directory.models import Offer, OfferTranslation, Provider
from ankunft.directory.search import index_offers
from ankunft.measures.models import Barrier
from tests import factories
from tests.browser.conftest import login
from tests.cases import factories as cf
from tests.directory.conftest import make_offer
from tests.measures import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = (
    'Kurs <script>alert(1)</script> "><img src=x onerror=alert(1)> '
    "<svg onload=alert(1)> {{7*7}} </script><script>alert(2)</script>"
)
MARKER = "<script>alert(1)</script>"


def _watch(page: Page) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def _assert_inert(page: Page, url: str, dialogs: list[str], *, shown: bool = True) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    assert dialogs == [], (url, dialogs)
    assert page.locator("img[src='x'], svg[onload], img[onerror]").count() == 0, url
    # Executable scripts only (JSON data blocks hold the payload as escaped data).
    scripts = page.eval_on_selector_all(
        "script:not([type='application/ld+json']):not([type='application/json'])",
        "els => els.map(e => e.textContent)",
    )
    assert not any("alert(" in (s or "") for s in scripts), url
    if shown:
        assert MARKER in page.locator("body").inner_text(), url
        assert "49" not in page.locator("h1").inner_text(), url  # {{7*7}} not evaluated


def test_directory_public_pages_show_payloads_as_text(page: Page, live_server):
    """Offer title, summary, description and provider name on the public offer page (with
    its JSON-LD block), the search results (also the reflected query) and the htmx partial."""
    town = factories.municipality(name="Hostilstadt", slug="hostil")
    head = factories.user(Role.HEAD_OF_KI, town)
    provider = directory.provider_create(actor=head, name="Verein")
    offer = make_offer(head, provider, title="Sprachkurs")
    OfferTranslation.objects.filter(offer=offer).update(
        title=PAYLOAD, summary=PAYLOAD, description=PAYLOAD
    )
    Provider.objects.filter(pk=provider.pk).update(name=PAYLOAD)
    Offer.objects.filter(pk=offer.pk).update(street=PAYLOAD)
    index_offers([Offer.objects.get(pk=offer.pk)])  # the search finds the stored texts
    dialogs = _watch(page)
    _assert_inert(page, f"/offers/{town.slug}/o/{offer.uuid}/", dialogs)
    # The JSON-LD block holds the payload as JSON, escaped so it cannot end the block.
    blocks = page.eval_on_selector_all(
        "script[type='application/ld+json']", "els => els.map(e => e.textContent)"
    )
    assert blocks
    assert MARKER in json.dumps(json.loads(blocks[0]), ensure_ascii=False)
    assert "</script" not in blocks[0].lower()
    _assert_inert(page, f"/offers/{town.slug}/search/?q={quote(PAYLOAD)}", dialogs, shown=False)
    page.goto(f"/offers/{town.slug}/search/?q={quote(PAYLOAD)}")
    assert page.locator("input[name=q]").first.input_value() == PAYLOAD
    # The htmx partial of the live search, fetched as htmx does.
    partial = page.request.get(
        f"/offers/{town.slug}/search/?q={quote('Kurs')}", headers={"HX-Request": "true"}
    )
    assert partial.status == 200
    assert "<script>alert" not in partial.text()
    assert "<img src=x" not in partial.text()


def test_staff_pages_show_payloads_as_text(page: Page, live_server):
    """Paper title and text, measure and barrier texts, the offer on the staff list, a
    person's names and a case note shown to staff: all escaped."""
    town = factories.municipality(name="Hostilstadt", slug="hostil")
    head = factories.user(Role.HEAD_OF_KI, town, password=factories.PASSWORD)
    paper = paper_create(
        actor=None, municipality=town, name=PAYLOAD, reference="2026/0001",
        date=dt.date(2026, 1, 5), text=PAYLOAD, cover=PAYLOAD,
    )  # fmt: skip
    measure = builders.measure(town, PAYLOAD)
    barrier = Barrier.objects.create(
        municipality=town, title=PAYLOAD, description=PAYLOAD, reported_on=dt.date(2026, 1, 5)
    )
    dialogs = _watch(page)
    login(page, head.username, factories.PASSWORD)
    page.wait_for_url("**/")
    for url in (
        f"/council/papers/{paper.pk}/",
        f"/council/?q={quote('Kurs')}",
        f"/measures/{measure.pk}/",
        "/measures/",
        f"/measures/barriers/{barrier.pk}/",
        "/measures/barriers/",
    ):
        _assert_inert(page, url, dialogs)

    team = factories.team(town, "Team A")
    worker = factories.user(Role.CASE_WORKER, town, team=team, password=factories.PASSWORD)
    case = cf.case(town, team, worker, given=PAYLOAD, family=PAYLOAD)
    from ankunft.cases.services.notes import note_add  # noqa: PLC0415

    note_add(actor=worker, case=case, text=PAYLOAD)
    page.context.clear_cookies()
    login(page, worker.username, factories.PASSWORD)
    page.wait_for_url("**/")
    for url in (f"/cases/persons/{case.person_id}/", f"/cases/{case.pk}/", "/cases/persons/"):
        _assert_inert(page, url, dialogs)
