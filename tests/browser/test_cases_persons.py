"""Browser: a case worker takes in a family of three on one page at phone width (axe finds
no violation), and the hint of a likely existing record appears while a name is typed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ankunft.cases.models import Case, Household, Person
from ankunft.core.models import Role
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_staff_a11y import check, report
from tests.cases import factories as cf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _member(page: Page, i: int, given: str, family: str, year: str) -> None:
    page.fill(f"#id_form-{i}-given_names", given)
    page.fill(f"#id_form-{i}-family_name", family)
    page.fill(f"#id_form-{i}-birth_year", year)


def test_intake_of_a_family_of_three_with_a_duplicate_hint(page: Page) -> None:
    town = factories.municipality(name="Duisburg")
    team = factories.team(town, "Team Marxloh")
    factories.user(
        Role.CASE_WORKER, town, username="fallarbeit", team=team, password=factories.PASSWORD
    )
    known = cf.person(town, team, "Ivan", "Petrov", birth_year=1980)
    problems: dict[str, Any] = {}
    login(page, "fallarbeit", factories.PASSWORD)

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Aufnahme"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aufnahme eines Haushalts")
    check(page, problems, "intake")

    page.fill("#id_label", "Familie Petrov")
    page.fill("#id_address", "Weseler Straße 9")
    page.fill("#id_form-0-given_names", "Ivan")
    page.locator("#id_form-0-family_name").press_sequentially("Petrov", delay=30)
    hint = page.locator("#dup-form-0")
    expect(hint.get_by_role("link", name="Ivan Petrov")).to_be_visible()
    assert hint.get_by_role("link").get_attribute("href") == f"/cases/persons/{known.pk}/"
    check(page, problems, "intake with a duplicate hint")
    page.fill("#id_form-0-birth_year", "1981")

    page.get_by_role("button", name="Mitglied hinzufügen").click()
    _member(page, 1, "Olga", "Petrova", "1983")
    page.get_by_role("button", name="Mitglied hinzufügen").click()
    _member(page, 2, "Sofia", "Petrova", "2014")
    page.select_option("#id_form-2-relation", "child")
    assert page.input_value("#id_form-0-given_names") == "Ivan"
    check(page, problems, "intake of three")

    page.get_by_role("button", name="Haushalt aufnehmen und Fall eröffnen").click()
    expect(page.locator(".messages")).to_contain_text("Haushalt aufgenommen: 3 Personen")
    check(page, problems, "after intake")
    household = Household.objects.get(label="Familie Petrov")
    members = Person.objects.filter(household=household)
    assert sorted(m.given_names for m in members) == ["Ivan", "Olga", "Sofia"]
    assert Case.objects.filter(household=household).count() == 1
    assert not problems, report(problems)
