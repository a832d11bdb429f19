"""Browser: a paper's page lists the meetings and agenda items that dealt with it (with
the resolution), the meeting's page its agenda; both pass axe (WCAG 2.2 AA) at 360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from ankunft.core.models import Role
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_staff_a11y import check, report
from tests.council import factories as cf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paper_page_lists_its_meetings_and_agenda_items(page: Page):
    town = factories.municipality(name="Duisburg")
    factories.user(Role.FINANCE, town, username="kaemmerei", password=factories.PASSWORD)
    paper = cf.paper(town, name="Sprachcafé im Stadtteil")
    committee = cf.organization(town, name="Sozialausschuss")
    first = cf.meeting(town, committee, name="Sozialausschuss (öffentlich)")
    second = cf.meeting(town, committee, name="Gemeinderat (öffentlich)")
    cf.agenda_item(town, paper, first, number="4", result="vertagt")
    cf.agenda_item(town, paper, second, number="12", resolution_text="Der Rat beschließt.")
    login(page, "kaemmerei", factories.PASSWORD)
    problems: dict[str, object] = {}

    page.goto(f"/council/papers/{paper.pk}/")
    rows = page.locator("tr.consultation")
    assert rows.count() == 2
    assert "Der Rat beschließt." in rows.nth(0).inner_text() + rows.nth(1).inner_text()
    assert page.locator("tr.consultation .agenda-item").count() == 2
    check(page, problems, "paper")

    page.get_by_role("link", name="Gemeinderat (öffentlich)").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Gemeinderat (öffentlich)"
    assert page.locator("#agenda").get_by_role("link", name=str(paper)).count() == 1
    check(page, problems, "meeting")
    assert problems == {}, report(problems)
