"""Browser: the whole journey of a newcomer family, as the issue asks — intake of the
household on one page → consent → assessment → plan → referral to an offer → the provider
accepts → goal review → closure, and the work list on the morning after (German UI, phone
width, axe at WCAG 2.2 AA on the case page)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ankunft.cases.models import Case, CaseEvent, Goal, Referral, ReferralStatus, Step
from ankunft.core.models import Role
from ankunft.directory import services as directory
from ankunft.measures.services import field_of_action_defaults_ensure
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_cases_workflow import add_goal, add_need, advance, open_form, review_goal
from tests.browser.test_staff_a11y import check, report
from tests.directory.conftest import make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _consent(page: Page, purpose: str) -> None:
    open_form(page, "Einwilligung erfassen")
    page.get_by_label("Zweck").select_option(purpose)
    page.locator("#id_consent-form").select_option("written")
    page.get_by_role("button", name="Einwilligung erfassen").click()


def _world() -> None:
    town = factories.municipality(name="Duisburg")
    field_of_action_defaults_ensure(municipality=town)
    team = factories.team(town, "Team Marxloh")
    head = factories.user(Role.HEAD_OF_KI, town)
    factories.user(
        Role.CASE_WORKER, town, team=team, username="fallarbeit", password=factories.PASSWORD
    )
    prov = factories.user(Role.PROVIDER, town, username="traeger", password=factories.PASSWORD)
    provider = directory.provider_create(actor=head, name="Kulturverein A e.V.")
    directory.provider_member_add(actor=head, provider=provider, user=prov)
    make_offer(head, provider, "Deutschkurs A")


def _intake(page: Page) -> Case:
    """A mother and her son, on one page; the new case opens."""
    page.goto("/cases/intake/")
    page.fill("#id_label", "Familie Popescu")
    page.fill("#id_address", "Weseler Straße 9")
    page.fill("#id_form-0-given_names", "Ana")
    page.fill("#id_form-0-family_name", "Popescu")
    page.fill("#id_form-0-birth_year", "1988")
    page.get_by_role("button", name="Mitglied hinzufügen").click()
    page.fill("#id_form-1-given_names", "Mihai")
    page.fill("#id_form-1-family_name", "Popescu")
    page.fill("#id_form-1-birth_year", "2015")
    page.select_option("#id_form-1-relation", "child")
    page.get_by_role("button", name="Haushalt aufnehmen und Fall eröffnen").click()
    expect(page.locator(".messages")).to_contain_text("Haushalt aufgenommen: 2 Personen")
    case = Case.objects.get(household__label="Familie Popescu")
    assert page.url.endswith(f"/cases/{case.pk}/")
    return case


def _refer(page: Page) -> None:
    """From the case page, sharing the given names only."""
    page.get_by_role("link", name="An ein Angebot vermitteln").click()
    page.get_by_role("radio", name="Deutschkurs A – Kulturverein A e.V.").check()
    page.get_by_role("textbox", name="Zweck").fill("Deutschkurs für Ana")
    page.get_by_role("checkbox", name="Vornamen").check()
    page.get_by_role("button", name="Vermittlung senden").click()
    expect(page.get_by_text("Vermittlung gesendet.")).to_be_visible()


def _provider_accepts(page: Page, case: Case) -> None:
    """In its own inbox, seeing only what was shared."""
    login(page, "traeger", factories.PASSWORD)
    page.goto("/cases/referrals/")
    row = page.get_by_role("row").filter(has_text=case.number)
    assert "Ana" in row.inner_text()
    assert "Popescu" not in page.locator("main").inner_text()
    row.get_by_role("link", name=case.number).click()
    page.get_by_role("button", name="Annehmen").click()
    expect(page.get_by_text("Antwort gespeichert.")).to_be_visible()
    assert Referral.objects.get().status == ReferralStatus.ACCEPTED


def test_a_family_from_intake_to_closure(page: Page) -> None:
    _world()
    problems: dict[str, Any] = {}
    login(page, "fallarbeit", factories.PASSWORD)
    case = _intake(page)
    assert "Einwilligung" in page.locator("#step-gate").inner_text()
    _consent(page, "case_management")
    _consent(page, "referrals")
    advance(page)
    add_need(page)
    advance(page)
    add_goal(page, timezone.localdate())
    advance(page)
    check(page, problems, "case in implementation")
    _refer(page)
    page.context.clear_cookies()
    _provider_accepts(page, case)
    page.context.clear_cookies()

    # The morning after: the work list names the provider's answer; review, evaluate, close
    login(page, "fallarbeit", factories.PASSWORD)
    page.goto("/cases/worklist/")
    worklist = page.locator("main").inner_text()
    assert case.number in worklist
    assert re.search("Antwort|Träger", worklist)
    page.goto(f"/cases/{case.pk}/")
    assert "Deutschkurs A" in page.locator("main").inner_text()  # the referral section
    review_goal(page, Goal.objects.get(case=case).pk)
    advance(page)
    open_form(page, "Fall abschließen")
    page.locator("#id_close-outcome").select_option("goals_met")
    page.get_by_role("button", name="Fall abschließen").click()
    expect(page.locator("#case-outcome")).to_be_visible()
    check(page, problems, "closed case")
    assert problems == {}, report(problems)

    case.refresh_from_db()
    assert case.step == Step.CLOSED
    kinds = list(case.events.values_list("kind", flat=True))
    for kind in (CaseEvent.Kind.OPENED, CaseEvent.Kind.CONSENT, CaseEvent.Kind.REFERRAL):
        assert kind in kinds
    assert kinds[-1] == CaseEvent.Kind.CLOSED
