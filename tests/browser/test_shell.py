"""Browser: log in, see the role's navigation, switch the language, phone width."""

from __future__ import annotations

import pytest

from ankunft.core.models import Role
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_navigation_and_language_switch(page):
    town = factories.municipality(name="Duisburg")
    factories.user(Role.DPO, town, username="dsb", password=factories.PASSWORD, first_name="Elif")
    login(page, "dsb", factories.PASSWORD)

    nav = page.get_by_role("navigation", name="Hauptnavigation")
    assert nav.get_by_role("link", name="Protokoll").is_visible()
    assert nav.get_by_role("link", name="Mitarbeitende").count() == 0  # not the DPO's page
    assert page.get_by_role("heading", level=1).inner_text() == "Willkommen, Elif"

    page.select_option("#lang-select", "en")
    page.get_by_role("button", name="Wechseln").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Elif"
    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("link", name="Audit log").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Audit log"

    # Nothing overflows a 360-px phone screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_arabic_is_right_to_left(page):
    page.goto("/accounts/login/?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"


def test_wrong_password_shows_error_and_stays(page):
    town = factories.municipality()
    factories.user(Role.HEAD_OF_KI, town, username="leitung", password=factories.PASSWORD)
    login(page, "leitung", "falsch")
    assert page.get_by_role("alert").first.is_visible()
    assert "/accounts/login/" in page.url
