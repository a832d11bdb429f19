"""Browser: the case worker's morning. The work list of the demo at 360 px has no axe
violation (WCAG 2.2 AA) and is not wider than the screen; mine/team toggles; the team
lead's import page too."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from ankunft.core.demo import DEMO_PASSWORD
from tests.browser.conftest import login
from tests.browser.test_staff_a11y import check, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_workers_work_list_at_360_px(page):
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())
    problems: dict[str, object] = {}
    login(page, "caseworker", DEMO_PASSWORD)
    page.get_by_role("link", name="Arbeitsliste").first.click()
    assert page.locator("#worklist .work-item").count() > 0
    assert page.locator("#scope-mine").get_attribute("aria-current") == "page"
    mine = page.locator("#worklist .work-item").count()
    check(page, problems, "worklist mine")
    page.locator("#scope-team").click()
    page.wait_for_url("**scope=team")
    assert page.locator("#scope-team").get_attribute("aria-current") == "page"
    assert page.locator("#worklist .work-item").count() >= mine
    assert "Termin heute" in page.locator("#worklist").inner_text()
    check(page, problems, "worklist team")
    assert not problems, report(problems)


def test_team_leads_import_page_at_360_px(page):
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())
    problems: dict[str, object] = {}
    login(page, "teamlead", DEMO_PASSWORD)
    page.goto("/cases/import/")
    check(page, problems, "import")
    assert not problems, report(problems)
