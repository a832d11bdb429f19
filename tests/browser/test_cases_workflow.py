"""Browser: a case worker walks a case from intake to closing on the case page (German UI,
phone width), with axe on the case page at the start and at the end."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from ankunft.cases.models import CaseEvent, Step
from ankunft.core.models import Role
from ankunft.measures.services import field_of_action_defaults_ensure
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_staff_a11y import check, report
from tests.cases import factories as cf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def intake_case():
    town = factories.municipality(name="Duisburg")
    field_of_action_defaults_ensure(municipality=town)
    team = factories.team(town, "Team Marxloh")
    worker = factories.user(
        Role.CASE_WORKER, town, team=team, username="fallarbeit", password=factories.PASSWORD
    )
    return cf.case(town, team, worker, given="Ana", family="Popescu", languages=["ro"])


def open_form(page: Page, text: str) -> None:
    page.locator("summary", has_text=text).first.click()


def advance(page: Page) -> None:
    page.get_by_role("button", name=re.compile("^Weiter zu")).click()
    assert "Schritt des Falls ist geändert" in page.locator(".messages").inner_text()


def give_consent(page: Page) -> None:
    open_form(page, "Einwilligung erfassen")
    page.get_by_label("Zweck").select_option("case_management")
    page.locator("#id_consent-form").select_option("written")
    page.get_by_role("button", name="Einwilligung erfassen").click()
    assert "gültig" in page.locator("#case-consents").inner_text()


def add_need(page: Page) -> None:
    open_form(page, "Bedarf hinzufügen")
    page.get_by_label("Handlungsfeld").select_option(index=1)
    page.get_by_label("Dringlichkeit").select_option("high")
    page.get_by_label("Beschreibung").fill("Deutschkurs gesucht")
    page.get_by_role("button", name="Bedarf hinzufügen").click()
    assert "Deutschkurs gesucht" in page.locator("#case-needs").inner_text()


def add_goal(page: Page, today: dt.date) -> None:
    open_form(page, "Ziel hinzufügen")
    page.locator("#id_goal-title").fill("Deutschkurs B1 besuchen")
    page.get_by_label("Fällig am").fill((today + dt.timedelta(days=90)).isoformat())
    page.get_by_label("Mit der Person vereinbart am").fill(today.isoformat())
    page.get_by_role("button", name="Ziel hinzufügen").click()


def review_goal(page: Page, goal_pk: int) -> None:
    open_form(page, "Ziel überprüfen")
    page.locator(f"#id_review{goal_pk}_review-status").select_option("partly")
    page.locator(f"#id_review{goal_pk}_review-note").fill("A2 erreicht")
    page.get_by_role("button", name="Überprüfung erfassen").click()
    assert "A2 erreicht" in page.locator("article.goal").inner_text()


def test_case_worker_walks_a_case_from_intake_to_closing(page, intake_case):
    case = intake_case
    login(page, "fallarbeit", factories.PASSWORD)
    problems: dict[str, Any] = {}
    page.goto("/cases/list/")
    page.get_by_role("link", name=case.number).click()
    assert "Ana Popescu" in page.locator("#case-person").inner_text()
    assert "Einwilligung" in page.locator("#step-gate").inner_text()
    for summary in page.locator("main summary").all():
        summary.click()  # every form open: axe sees them all
    check(page, problems, "case at intake")
    page.reload()

    give_consent(page)
    advance(page)
    add_need(page)
    advance(page)
    add_goal(page, timezone.localdate())
    advance(page)
    review_goal(page, case.goals.get().pk)
    advance(page)
    open_form(page, "Fall abschließen")
    page.locator("#id_close-outcome").select_option("goals_met")
    page.get_by_role("button", name="Fall abschließen").click()
    assert page.locator("#case-outcome").is_visible()
    check(page, problems, "closed case")
    assert problems == {}, report(problems)

    case.refresh_from_db()
    assert case.step == Step.CLOSED
    steps = case.events.filter(kind=CaseEvent.Kind.STEP)
    assert [e.to_value for e in steps] == ["assessment", "plan", "implementation", "evaluation"]
    assert {e.actor_id for e in case.events.exclude(kind=CaseEvent.Kind.OPENED)} == {case.worker_id}
