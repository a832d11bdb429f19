"""The workflow's rules: consent and its gate, the order of steps, needs, goals, reviews,
closing, reopening and reassigning, each recorded with its actor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from ankunft.cases.models import (
    CaseEvent,
    ConsentPurpose,
    GoalStatus,
    LegalBasis,
    Outcome,
    Step,
)
from ankunft.cases.services import sharing
from ankunft.cases.services.consent import consent_give, consent_withdraw, has_basis
from ankunft.cases.services.steps import (
    case_close,
    case_reassign,
    case_reopen,
    consent_override,
    goal_add,
    goal_review,
    need_add,
    step_advance,
)
from ankunft.core.models import AuditAction, AuditEntry, Role
from ankunft.measures.models import FieldOfAction
from ankunft.measures.services import field_of_action_defaults_ensure
from tests import factories
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
CM = ConsentPurpose.CASE_MANAGEMENT


@pytest.fixture
def w(town):
    team = factories.team(town)
    other_team = factories.team(town)
    worker = factories.user(Role.CASE_WORKER, town, team=team)
    field_of_action_defaults_ensure(municipality=town)

    class W:
        pass

    w = W()
    w.town, w.team, w.other_team, w.worker = town, team, other_team, worker
    w.lead = factories.user(Role.TEAM_LEAD, town, team=team)
    w.head = factories.user(Role.HEAD_OF_KI, town)
    w.case = cf.case(town, team, worker)
    w.field = FieldOfAction.objects.filter(municipality=town).first()
    return w


def give(w, purpose=CM, *, given_on=TODAY, basis=LegalBasis.CONSENT, **kw):
    ref = "" if basis == LegalBasis.CONSENT else "§ 8 SGB VIII"
    return consent_give(
        w.worker,
        w.case.person,
        purpose,
        basis,
        basis_reference=ref,
        form="written",
        given_on=given_on,
        **kw,
    )


def walk_to(w, step):
    """Through the gates to `step` with the least that lets the case pass."""
    order = [Step.ASSESSMENT, Step.PLAN, Step.IMPLEMENTATION, Step.EVALUATION]
    give(w)
    for s in order:
        if s == Step.PLAN:
            need_add(w.worker, w.case, w.field, "high", "Deutschkurs")
        if s == Step.IMPLEMENTATION:
            goal_add(
                w.worker, w.case, "B1 bis Juni", TODAY + dt.timedelta(days=90), agreed_on=TODAY
            )
        step_advance(w.worker, w.case, s)
        if s == step:
            return


def test_without_consent_the_case_cannot_leave_intake(w):
    with pytest.raises(ValidationError, match="Einwilligung"):
        step_advance(w.worker, w.case, Step.ASSESSMENT)
    w.case.refresh_from_db()
    assert w.case.step == Step.INTAKE


def test_consent_of_another_purpose_does_not_count(w):
    give(w, ConsentPurpose.REFERRALS)
    assert not has_basis(w.case.person, CM)
    with pytest.raises(ValidationError):
        step_advance(w.worker, w.case, Step.ASSESSMENT)


def test_consent_lets_the_case_pass_and_the_step_is_recorded(w):
    give(w)
    step_advance(w.worker, w.case, Step.ASSESSMENT)
    event = w.case.events.get(kind=CaseEvent.Kind.STEP)
    assert (event.from_value, event.to_value, event.actor) == ("intake", "assessment", w.worker)
    assert AuditEntry.objects.filter(
        object_type="cases.case", action=AuditAction.UPDATE, fields=["step"]
    ).exists()


def test_another_legal_basis_counts(w):
    give(w, basis=LegalBasis.PUBLIC_TASK)
    assert has_basis(w.case.person, CM)


def test_other_basis_needs_its_reference(w):
    with pytest.raises(ValidationError, match="Rechtsvorschrift"):
        consent_give(
            w.worker, w.case.person, CM, LegalBasis.PUBLIC_TASK, form="written", given_on=TODAY
        )


def test_withdrawn_consent_is_no_basis_from_that_day(w, monkeypatch):
    told = []
    monkeypatch.setattr(sharing, "consent_withdrawn", lambda **kw: told.append(kw) or 0)
    consent = give(w, given_on=TODAY - dt.timedelta(days=10))
    consent_withdraw(w.worker, consent, on=TODAY - dt.timedelta(days=2))
    person = w.case.person
    assert has_basis(person, CM, on=TODAY - dt.timedelta(days=3))
    assert not has_basis(person, CM, on=TODAY - dt.timedelta(days=2))
    assert not has_basis(person, CM)
    assert told == [{"actor": w.worker, "person": person}]
    assert w.case.events.filter(kind=CaseEvent.Kind.CONSENT, from_value=f"-{CM}").exists()
    with pytest.raises(ValidationError, match="bereits"):
        consent_withdraw(w.worker, consent)


def test_consent_dates_are_checked(w):
    with pytest.raises(ValidationError, match="Zukunft"):
        give(w, given_on=TODAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="vor dem Tag"):
        give(w, valid_until=TODAY - dt.timedelta(days=1))
    consent = give(w)
    with pytest.raises(ValidationError, match="vor dem Tag"):
        consent_withdraw(w.worker, consent, on=TODAY - dt.timedelta(days=1))
    expired = give(w, given_on=TODAY - dt.timedelta(days=30), valid_until=TODAY - dt.timedelta(1))
    assert not expired.is_valid()


def test_override_needs_the_permission_and_a_reason(w):
    with pytest.raises(PermissionDenied):
        consent_override(w.worker, w.case, "Akute Notlage")
    with pytest.raises(ValidationError, match="Begründen"):
        consent_override(w.lead, w.case, "   ")
    consent_override(w.lead, w.case, "Akute Wohnungsnot, Einwilligung folgt")
    w.case.refresh_from_db()
    assert (w.case.override_by, w.case.override_reason[:5]) == (w.lead, "Akute")
    assert w.case.events.get(kind=CaseEvent.Kind.OVERRIDE).actor == w.lead
    step_advance(w.worker, w.case, Step.ASSESSMENT)


def test_steps_go_in_order_and_back_only_with_a_note(w):
    give(w)
    with pytest.raises(ValidationError, match="einen Schritt"):
        step_advance(w.worker, w.case, Step.PLAN)
    step_advance(w.worker, w.case, Step.ASSESSMENT)
    with pytest.raises(ValidationError, match="Bedarf"):
        step_advance(w.worker, w.case, Step.PLAN)
    with pytest.raises(ValidationError, match="warum"):
        step_advance(w.worker, w.case, Step.INTAKE)
    step_advance(w.worker, w.case, Step.INTAKE, note="Unterlagen fehlen")
    assert w.case.step == Step.INTAKE
    with pytest.raises(ValidationError, match="Ergebnis"):
        step_advance(w.worker, w.case, Step.CLOSED)


def test_the_plan_needs_a_goal_agreed_with_the_person(w):
    walk_to(w, Step.PLAN)
    goal_add(w.worker, w.case, "Wohnung finden", TODAY + dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="Vereinbaren"):
        step_advance(w.worker, w.case, Step.IMPLEMENTATION)
    with pytest.raises(ValidationError, match="Vergangenheit"):
        goal_add(w.worker, w.case, "Alt", TODAY - dt.timedelta(days=1), agreed_on=TODAY)
    goal_add(w.worker, w.case, "Kita-Platz", TODAY, agreed_on=TODAY)
    step_advance(w.worker, w.case, Step.IMPLEMENTATION)


def test_a_review_sets_the_goals_status(w):
    walk_to(w, Step.IMPLEMENTATION)
    goal = w.case.goals.get()
    review = goal_review(w.worker, goal, GoalStatus.PARTLY, "A2 erreicht", TODAY)
    goal.refresh_from_db()
    assert (goal.status, goal.reviewed_on, review.reviewer) == ("partly", TODAY, w.worker)
    with pytest.raises(ValidationError):
        goal_review(w.worker, goal, "bogus", "")


def test_closing_needs_an_outcome_and_a_reason_where_it_says_so(w):
    walk_to(w, Step.EVALUATION)
    with pytest.raises(ValidationError):
        case_close(w.worker, w.case, "", "")
    with pytest.raises(ValidationError, match="Begründen"):
        case_close(w.worker, w.case, Outcome.NO_CONTACT, "")
    case_close(w.worker, w.case, Outcome.GOALS_MET)
    w.case.refresh_from_db()
    assert (w.case.step, w.case.closed_on, w.case.outcome) == ("closed", TODAY, "goals_met")
    closed = w.case.events.get(kind=CaseEvent.Kind.CLOSED)
    assert (closed.from_value, closed.actor) == ("evaluation", w.worker)


def test_a_closed_case_refuses_changes_until_reopened(w):
    walk_to(w, Step.ASSESSMENT)
    case_close(w.worker, w.case, Outcome.MOVED_AWAY)
    with pytest.raises(ValidationError, match="abgeschlossen"):
        need_add(w.worker, w.case, w.field, "low")
    with pytest.raises(ValidationError, match="abgeschlossen"):
        goal_add(w.worker, w.case, "x", TODAY)
    with pytest.raises(ValidationError, match="abgeschlossen"):
        step_advance(w.worker, w.case, Step.PLAN)
    with pytest.raises(ValidationError, match="Begründen"):
        case_reopen(w.worker, w.case, "")
    case_reopen(w.worker, w.case, "Zurückgezogen")
    assert (w.case.step, w.case.closed_on, w.case.outcome) == (Step.ASSESSMENT, None, "")
    assert w.case.events.get(kind=CaseEvent.Kind.REOPENED).to_value == "assessment"


def test_reassign_by_the_team_lead_to_a_worker_of_that_team(w):
    colleague = factories.user(Role.CASE_WORKER, w.town, team=w.team)
    elsewhere = factories.user(Role.CASE_WORKER, w.town, team=w.other_team)
    with pytest.raises(PermissionDenied):
        case_reassign(w.worker, w.case, colleague)
    with pytest.raises(ValidationError, match="dieses Teams"):
        case_reassign(w.lead, w.case, elsewhere)
    with pytest.raises(ValidationError, match="dieses Teams"):
        case_reassign(w.lead, w.case, w.head)
    case_reassign(w.lead, w.case, colleague)
    assert w.case.worker == colleague
    case_reassign(w.lead, w.case, elsewhere, w.other_team)
    w.case.person.refresh_from_db()
    assert (w.case.team, w.case.person.team) == (w.other_team, w.other_team)
    events = w.case.events.filter(kind=CaseEvent.Kind.REASSIGNED)
    assert [e.actor for e in events] == [w.lead, w.lead]
    # The team lead no longer sees the case of another team.
    with pytest.raises(Http404):
        case_reassign(w.lead, w.case, colleague, w.team)


def test_head_and_other_teams_cannot_work_the_case(w, other_town):
    give(w)
    with pytest.raises(PermissionDenied):
        step_advance(w.head, w.case, Step.ASSESSMENT)
    stranger = factories.user(Role.CASE_WORKER, w.town, team=w.other_team)
    with pytest.raises(Http404):
        step_advance(stranger, w.case, Step.ASSESSMENT)
    with pytest.raises(Http404):
        need_add(stranger, w.case, w.field, "low")


def test_a_need_takes_only_a_field_of_the_own_municipality(w, other_town):
    field_of_action_defaults_ensure(municipality=other_town)
    foreign = FieldOfAction.objects.filter(municipality=other_town).first()
    with pytest.raises(ValidationError):
        need_add(w.worker, w.case, foreign, "low")
    with pytest.raises(ValidationError, match="dringlich"):
        need_add(w.worker, w.case, w.field, "sehr")
