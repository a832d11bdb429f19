"""Browser: the dashboards of the demo open for their roles at 360 px without an axe
violation (WCAG 2.2 AA) and no wider than the screen, and they drill down: the head's to
the measures, finance's to a decision's budget execution."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from ankunft.core.demo import DEMO_PASSWORD
from tests.browser.conftest import login
from tests.browser.test_staff_a11y import check, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_dashboard_opens_for_its_role_and_drills_down(page):
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())
    problems: dict[str, object] = {}

    login(page, "head", DEMO_PASSWORD)
    page.goto("/reports/dashboard/")
    assert page.locator("#h-cases").count() == 1
    check(page, problems, "head")
    page.locator('a[href^="/measures/?status="]').first.click()
    page.wait_for_url("**/measures/?status=*")
    check(page, problems, "head drill-down")

    page.context.clear_cookies()
    login(page, "teamlead", DEMO_PASSWORD)
    page.goto("/reports/dashboard/team/")
    assert page.locator('[data-table="caseload_by_worker"] tbody tr').count() > 0
    assert "Marta Nowak" in page.locator('[data-table="caseload_by_worker"]').inner_text()
    check(page, problems, "team")

    page.context.clear_cookies()
    login(page, "finance", DEMO_PASSWORD)
    page.goto("/reports/dashboard/finance/")
    check(page, problems, "finance")
    page.locator('a[href*="/execution/"]').first.click()
    page.wait_for_url("**/execution/**")
    assert page.locator("h1").inner_text() == "Haushaltsvollzug"
    assert not problems, report(problems)
