"""Browser, journey 2 "The money becomes people": the head of the KI asks what 100,000 EUR
buys, creates a position, marks it advertised, fills it from 1 April 2022 with a staff
member, and the 2022 execution shows the vacancy months as money left unused."""

from __future__ import annotations

import re

import pytest

from ankunft.core.models import Role
from tests import factories
from tests.browser.conftest import login
from tests.budget.conftest import load_rates, seed_decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_money_becomes_people(page):
    town = factories.municipality(name="Duisburg")
    factories.user(
        Role.HEAD_OF_KI, town, username="leitung", password=factories.PASSWORD, first_name="Sabine"
    )
    decision = seed_decision(town)
    load_rates(town)
    login(page, "leitung", factories.PASSWORD)

    # "What does this buy?" — about one full-time E 9b position a year.
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    nav.get_by_role("link", name="Was kostet eine Stelle?").click()
    page.get_by_label("Betrag je Jahr (EUR)").fill("100.000")
    page.locator("#id_year").fill("2022")
    page.get_by_role("button", name="Berechnen").click()
    row = page.locator('#buy-result tr[data-grade="E 9b"]')
    assert row.locator("td").nth(0).inner_text() == "1,06"  # FTE at full cost, 2022 rates
    assert row.locator("td").nth(1).inner_text() == "1,42"  # at personnel cost

    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Create the position from the row: grade, FTE (one position at most 1,00) and the
    # year's first day are prefilled; funded by the 2022 line.
    row.get_by_role("link", name="Stelle anlegen: E 9b, 1,00 VZÄ").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Neue Stelle"
    assert page.get_by_label("Entgeltgruppe (TVöD)").input_value() == "E 9b"
    assert page.get_by_label("VZÄ").input_value() == "1,00"
    assert page.locator("#id_start").input_value() == "2022-01-01"
    page.get_by_label("Titel").fill("Koordination Ankunftsstadtteil Marxloh")
    page.locator("#id_end").fill("2023-12-31")  # funded for 2022 and 2023
    page.get_by_label(re.compile(r"2022 · HFA-2021/11")).check()
    page.get_by_role("button", name="Sichern").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Koordination Ankunftsstadtteil Marxloh"
    )

    # Advertised from 10 January, filled from 1 April with a named staff member.
    page.get_by_label("Neuer Status").select_option("advertised")
    page.locator("form[aria-label='Status ändern'] #id_date").fill("2022-01-10")
    page.get_by_role("button", name="Status ändern").click()
    assert page.locator("#position-status").inner_text() == "ausgeschrieben"
    page.get_by_role("link", name="Besetzen (Person zuordnen)").click()
    page.get_by_label("oder neue beschäftigte Person: Name").fill("Leyla Aydın")
    page.get_by_label("Personalnummer").fill("100471")
    page.locator("#id_start").fill("2022-04-01")
    # "Bis" left empty: until the position ends.
    assert page.locator("#id_end-help").inner_text() == "Leer: bis die Stelle endet (31.12.2023)."
    page.get_by_role("button", name="Besetzen").click()
    assert page.locator("#position-status").inner_text() == "besetzt"
    assert page.get_by_role("cell", name="Leyla Aydın").is_visible()
    holder = page.get_by_role("row", name=re.compile("Leyla Aydın"))
    assert "31.12.2023" in holder.inner_text()

    # The 2022 execution shows the vacancy as money left unused, with a warning.
    page.goto(f"/budget/decisions/{decision.pk}/execution/")
    year = page.locator("section", has=page.get_by_role("heading", name=re.compile("^2022")))
    warnings = year.locator(".warnings li")
    assert warnings.nth(0).inner_text() == (
        "Warnung: 29.608,00 EUR (30 %) des Ansatzes blieben ungenutzt."
    )
    assert warnings.nth(1).inner_text() == (
        "Warnung: Koordination Ankunftsstadtteil Marxloh war 01–03/2022 nicht (voll) besetzt: "
        "23.464,00 EUR nicht benötigt."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
