"""Browser: the head of the KI shows the committee a decision's chain; a team lead enters
an indicator value (journeys 3 and 4, German UI, phone width)."""

from __future__ import annotations

import pytest

from ankunft.core.models import Role
from ankunft.measures.models import IndicatorValue
from tests import factories
from tests.browser.conftest import login
from tests.measures import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_of_ki_opens_the_chain_of_a_decision(page):
    town = factories.municipality(name="Duisburg")
    world = builders.chain_world(town)
    factories.user(Role.HEAD_OF_KI, town, username="leitung", password=factories.PASSWORD)
    login(page, "leitung", factories.PASSWORD)

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Maßnahmen"
    ).click()
    page.get_by_role("link", name="Wirkungskette eines Beschlusses").click()
    page.get_by_role("link", name="HFA/0815/2021").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Wirkungskette von HFA/0815/2021"
    money = page.locator("#chain-budget")
    assert money.get_by_role("row", name="2022").inner_text().split("\t")[1:4] == [
        "100.000,00",
        "60.000,00",
        "45.000,00",
    ]
    positions = page.locator("#chain-positions")
    assert positions.get_by_role("row", name="Fachkraft Integration").is_visible()
    assert "unbesetzt" in positions.get_by_role("row", name="Fachkraft Schule").inner_text()
    measure = page.get_by_role("article").filter(has_text="Erstanlaufstelle Marxloh")
    assert "40 % der Stellen (0,6 VZÄ)" in measure.inner_text()
    assert measure.get_by_role("link", name="Beratene Neuzugewanderte pro Monat").is_visible()
    assert measure.get_by_text("im Ziel").is_visible()
    assert measure.get_by_role("img").count() == 1  # the sparkline
    assert world.school.title in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_team_lead_enters_an_indicator_value(page):
    town = factories.municipality(name="Duisburg")
    measure = builders.measure(town, "Erstanlaufstelle Marxloh")
    indicator = builders.indicator(measure, "Beratene Neuzugewanderte pro Monat", "40")
    builders.value(indicator, "2022-04", "30")
    factories.user(Role.TEAM_LEAD, town, username="teamleitung", password=factories.PASSWORD)
    login(page, "teamleitung", factories.PASSWORD)

    page.goto(f"/measures/{measure.pk}/")
    page.get_by_role("link", name="Beratene Neuzugewanderte pro Monat").click()
    assert "nicht im Ziel" in page.locator("#indicator-values").inner_text()
    page.get_by_role("textbox", name="Zeitraum", exact=True).fill("05/2022")
    page.get_by_role("textbox", name="Wert", exact=True).fill("41,5")
    page.get_by_role("button", name="Wert speichern").click()

    page.get_by_text("Wert gespeichert.").wait_for()
    table = page.locator("#indicator-value-table")
    assert table.get_by_role("row", name="05/2022").inner_text().split("\t")[1] == "41,5"
    assert "im Ziel" in page.locator("#indicator-values").inner_text()
    assert IndicatorValue.objects.get(period__month=5).value == 41.5
