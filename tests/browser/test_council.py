"""Browser, journey 1: the motion arrives. Finance controlling uploads the seed motion,
corrects the proposal, confirms, records the committee's decision and sees the paper with
its two allocations."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankunft.core.models import Role
from ankunft.council.models import Organization, Paper
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = (
    Path(__file__).parents[2]
    / "ankunft"
    / "council"
    / "seed"
    / "antrag-hfa-2021-11-18-personal-ki.txt"
)


def test_motion_arrives_and_is_adopted(page):
    town = factories.municipality(name="Duisburg")
    factories.user(Role.FINANCE, town, username="kaemmerei", password=factories.PASSWORD)
    login(page, "kaemmerei", factories.PASSWORD)

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Rat und Gremien"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Drucksachen"
    page.get_by_role("main").get_by_role("link", name="Antrag einlesen").first.click()

    page.set_input_files("#id_file", str(SEED))
    page.get_by_role("button", name="Antrag lesen").click()

    # The reader's proposal, editable; nothing is stored yet.
    assert page.get_by_role("heading", level=1).inner_text() == "Vorschlag prüfen"
    assert page.input_value("#id_originators") == "SPD, CDU, GRÜNE"
    assert page.input_value("#id_committee") == "Haupt- und Finanzausschuss"
    assert page.input_value("#id_meeting_date") == "2021-11-18"
    assert page.input_value("#id_alloc-0-year") == "2022"
    assert page.input_value("#id_alloc-1-year") == "2023"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Paper.objects.count() == 0

    # The text names no reference: the person adds it.
    page.fill("#id_reference", "A 21-1118/1")
    page.get_by_role("button", name="Bestätigen und speichern").click()

    assert "A 21-1118/1" in page.get_by_role("heading", level=1).inner_text()
    assert page.input_value("#id_date") == "2021-11-18"  # proposed from the meeting
    page.select_option("#id_outcome", "adopted")
    page.get_by_role("button", name="Beschluss speichern").click()

    assert page.get_by_role("status").inner_text().startswith("Beschluss erfasst: Beschlossen")
    decisions = page.locator("#decisions tbody tr")
    assert decisions.count() == 1
    assert "18.11.2021" in decisions.first.inner_text()
    assert "Haupt- und Finanzausschuss" in decisions.first.inner_text()
    allocations = page.locator("#allocations tbody tr")
    assert allocations.count() == 2
    assert "100.000,00" in allocations.nth(0).inner_text()
    assert "2023" in allocations.nth(1).inner_text()
    paper = Paper.objects.get(reference="A 21-1118/1")
    assert paper.allocations.count() == 2
    assert paper.decisions.get().outcome == "adopted"
    lines = page.locator("#budget-lines tbody.budget-line")
    assert lines.count() == 2
    assert "100.000,00" in lines.nth(0).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_council_confirms_and_a_second_reading_is_flagged(page):
    """Journey 1 continued: the council confirms its committee's adoption — the paper keeps
    one set of budget lines, each with its history — and the same motion read again is
    flagged before it is saved."""
    town = factories.municipality(name="Duisburg")
    factories.user(Role.FINANCE, town, username="kaemmerei", password=factories.PASSWORD)
    Organization.objects.create(municipality=town, name="Rat der Stadt", kind="council")
    login(page, "kaemmerei", factories.PASSWORD)
    page.goto("/council/motions/read/")
    page.set_input_files("#id_file", str(SEED))
    page.get_by_role("button", name="Antrag lesen").click()
    assert page.locator("#duplicates").count() == 0
    page.fill("#id_reference", "A 21-1118/1")
    page.get_by_role("button", name="Bestätigen und speichern").click()
    page.select_option("#id_outcome", "adopted")
    page.get_by_role("button", name="Beschluss speichern").click()

    # The deciding body offers bodies, not the factions that moved the paper.
    offered = page.locator("#id_organization option").all_inner_texts()
    assert "Rat der Stadt" in offered
    assert not any("SPD" in o or "CDU" in o for o in offered)

    # A second adoption must say what it does to the money; "confirms" keeps the lines.
    page.select_option("#id_outcome", "adopted")
    page.get_by_role("button", name="Beschluss speichern").click()
    error = page.locator("#decision-form .has-error", has=page.locator("#id_effect"))
    assert (
        error.locator(".error")
        .inner_text()
        .startswith("Ein früherer Beschluss zu dieser Drucksache hat ihre Mittel schon beschlossen")
    )
    assert page.locator("#decisions tbody tr").count() == 1
    page.get_by_label("Beschließendes Gremium").select_option(label="Rat der Stadt")
    page.fill("#id_date", "2021-12-13")
    page.get_by_label("Wirkung auf die Haushaltsansätze").select_option("confirms")
    page.get_by_role("button", name="Beschluss speichern").click()
    assert page.get_by_role("status").inner_text().startswith("Beschluss erfasst: Beschlossen")
    assert page.locator("#decisions tbody tr").count() == 2
    lines = page.locator("#budget-lines tbody.budget-line")
    assert lines.count() == 2
    for i in range(2):
        text = lines.nth(i).inner_text()
        assert "100.000,00" in text
        assert "Verlauf:" in text
        assert "bestätigt" in text
        assert "Rat der Stadt" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The same motion read again: a warning with a link, saved only on purpose.
    page.goto("/council/motions/read/")
    page.set_input_files("#id_file", str(SEED))
    page.get_by_role("button", name="Antrag lesen").click()
    warning = page.locator("#duplicates")
    assert "Dieser Antrag ist möglicherweise schon erfasst:" in warning.inner_text()
    assert warning.get_by_role("link").count() == 1
    assert page.get_by_role("button", name="Bestätigen und speichern").count() == 0
    page.get_by_role("button", name="Trotzdem als eigene Drucksache speichern").click()
    assert Paper.objects.count() == 2
