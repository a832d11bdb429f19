"""The DPO in a real browser: finds a person, downloads the subject access export as
JSON; the privacy pages pass axe (WCAG 2.2 AA) at 360 px."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from ankunft.core.models import Role
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_staff_a11y import check, report
from tests.cases import world_privacy as wp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ein-langes-test-passwort-2026"


@pytest.fixture
def dpo_and_case(town):
    team = factories.team(town)
    worker = factories.user(Role.CASE_WORKER, town, team=team)
    case = wp.rich_case(town, team, worker)
    dpo = factories.user(Role.DPO, town, password=PASSWORD)
    return dpo, case


def test_the_dpo_finds_a_person_and_downloads_the_json_export(page: Page, dpo_and_case):
    dpo, case = dpo_and_case
    login(page, dpo.username, PASSWORD)
    page.goto("/cases/privacy/persons/")
    page.fill("#id_name", "Popesku")  # another spelling finds her too
    page.fill("#id_birth_year", "1990")
    page.click("main form button[type=submit]")
    row = page.locator("tbody tr", has_text="Popescu")
    assert case.number in row.inner_text()
    row.locator(f"a[href='/cases/privacy/persons/{case.person_id}/']").click()
    page.wait_for_url(f"**/cases/privacy/persons/{case.person_id}/")
    with page.expect_download() as download:
        page.locator("main a[href='?format=json']").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["person"]["family_name"] == "Popescu"
    assert data["cases"][0]["number"] == case.number


def test_privacy_pages_pass_axe_at_360_px(page: Page, dpo_and_case):
    dpo, case = dpo_and_case
    login(page, dpo.username, PASSWORD)
    problems: dict[str, object] = {}
    for name, url in (
        ("consent register", "/cases/privacy/consents/"),
        ("requests", f"/cases/privacy/requests/?person={case.person_id}"),
        ("person finder", "/cases/privacy/persons/?name=Popescu"),
        ("retention", "/cases/privacy/retention/"),
        ("subject access", f"/cases/privacy/persons/{case.person_id}/"),
    ):
        page.goto(url)
        check(page, problems, name)
    page.goto("/cases/privacy/consents/")
    assert "Popescu" not in page.content()
    assert problems == {}, report(problems)
