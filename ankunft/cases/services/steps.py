"""The steps of a case (intake → assessment → plan → implementation → evaluation →
closed), their gates, needs, goals and their reviews, closing, reopening, reassigning.

Each gate says what is missing in words the case worker can act on. Every change
is a `CaseEvent` (who, when) and an audit entry.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import (
    Case,
    CaseEvent,
    ConsentPurpose,
    Goal,
    GoalReview,
    GoalStatus,
    Need,
    Outcome,
    Step,
    Urgency,
)
from ankunft.cases.models.choices import STEP_ORDER
from ankunft.cases.services import require, same_tenant
from ankunft.cases.services.cases import record_event
from ankunft.cases.services.consent import has_basis
from ankunft.core import locking
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, Role, Team, User
from ankunft.measures.models import FieldOfAction

#: Outcomes that need a reason in words.
EXPLAIN = {Outcome.OTHER, Outcome.NO_CONTACT, Outcome.DECLINED}
#: The steps a case walks through before it is closed (closing: `case_close`).
WORKING_STEPS = STEP_ORDER[:-1]


def _user(actor: User | None) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _refuse_closed(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed. Reopen it first."))


def _clean_text(text: str, limit: int = 500) -> str:
    return " ".join((text or "").split())[:limit]


def gate_problem(case: Case) -> str:
    """Why the case cannot leave its step yet ("" when it can)."""
    if case.step == Step.INTAKE:
        if case.override_reason or has_basis(case.person, ConsentPurpose.CASE_MANAGEMENT):
            return ""
        return _(
            "Record the person's consent to case management (or another legal basis) "
            "before the assessment, or ask the team lead to proceed without it."
        )
    if case.step == Step.ASSESSMENT and not case.needs.exists():
        return _("Record at least one need before the plan.")
    if case.step == Step.PLAN and not case.goals.filter(agreed_on__isnull=False).exists():
        return _("Agree at least one goal with the person before the implementation.")
    return ""


@transaction.atomic
def step_advance(actor: User | None, case: Case, to_step: str, note: str = "") -> Case:
    """Move the case one step on (through its gate), or one step back with a note."""
    require(actor, access.WORK, case)
    _refuse_closed(case)
    note = _clean_text(note)
    if to_step == Step.CLOSED:
        raise ValidationError({"to_step": _("Close the case with an outcome instead.")})
    if to_step not in WORKING_STEPS:
        raise ValidationError({"to_step": _("Choose a step of the case.")})
    here, there = STEP_ORDER.index(case.step), STEP_ORDER.index(to_step)
    if there == here + 1:
        problem = gate_problem(case)
        if problem:
            raise ValidationError(problem)
    elif there == here - 1:
        if not note:
            raise ValidationError({"note": _("Say why the case goes back a step.")})
    else:
        raise ValidationError(
            {"to_step": _("A case moves one step at a time (forward, or back with a note).")}
        )
    before = case.step
    case.step = to_step
    case.save(update_fields=["step"])
    record_event(
        case, CaseEvent.Kind.STEP, actor=actor, from_value=before, to_value=to_step, note=note
    )
    audit(actor, AuditAction.UPDATE, case, fields=["step"])
    return case


@transaction.atomic
def consent_override(actor: User | None, case: Case, reason: str) -> Case:
    """Let the case pass intake without consent; the team lead's reason stays on record."""
    require(actor, access.OVERRIDE_CONSENT, case)
    _refuse_closed(case)
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason to proceed without consent.")})
    case.override_reason = reason
    case.override_by = _user(actor)
    case.save(update_fields=["override_reason", "override_by"])
    record_event(case, CaseEvent.Kind.OVERRIDE, actor=actor, note=reason)
    audit(actor, AuditAction.UPDATE, case, fields=["override_by", "override_reason"])
    return case


@transaction.atomic
def need_add(
    actor: User | None,
    case: Case,
    field_of_action: FieldOfAction,
    urgency: str,
    description: str = "",
) -> Need:
    """A need found in the assessment, in one of the municipality's fields of action."""
    require(actor, access.WORK, case)
    _refuse_closed(case)
    same_tenant(case.municipality, [field_of_action])
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Choose how urgent the need is.")})
    need = Need.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        field_of_action=field_of_action,
        urgency=urgency,
        description=_clean_text(description),
    )
    audit(actor, AuditAction.CREATE, need, fields=["description", "field_of_action", "urgency"])
    return need


@transaction.atomic
def goal_add(
    actor: User | None,
    case: Case,
    title: str,
    due_on: dt.date,
    *,
    need: Need | None = None,
    agreed_on: dt.date | None = None,
) -> Goal:
    """A goal of the plan; `agreed_on` is the day it was agreed with the person."""
    require(actor, access.WORK, case)
    _refuse_closed(case)
    title = _clean_text(title, 300)
    today = timezone.localdate()
    if not title:
        raise ValidationError({"title": _("Say what the goal is.")})
    if due_on < today:
        raise ValidationError({"due_on": _("The due date of a new goal cannot lie in the past.")})
    if agreed_on is not None and agreed_on > today:
        raise ValidationError({"agreed_on": _("A goal cannot be agreed in the future.")})
    if need is not None and need.case_id != case.pk:
        raise ValidationError({"need": _("The need must be one of this case.")})
    goal = Goal.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        need=need,
        title=title,
        due_on=due_on,
        agreed_on=agreed_on,
    )
    record_event(case, CaseEvent.Kind.GOAL, actor=actor, to_value=GoalStatus.OPEN)
    audit(actor, AuditAction.CREATE, goal, fields=["agreed_on", "due_on", "need", "title"])
    return goal


@transaction.atomic
def goal_review(
    actor: User | None,
    goal: Goal,
    status: str,
    note: str = "",
    reviewed_on: dt.date | None = None,
) -> GoalReview:
    """Where a goal stands (monitoring): a review, and the goal's status and review day."""
    require(actor, access.WORK, goal)
    case = goal.case
    _refuse_closed(case)
    day = reviewed_on or timezone.localdate()
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose where the goal stands.")})
    if day > timezone.localdate():
        raise ValidationError({"reviewed_on": _("A review cannot lie in the future.")})
    review = GoalReview.objects.create(
        municipality_id=goal.municipality_id,
        goal=goal,
        reviewed_on=day,
        status=status,
        note=_clean_text(note),
        reviewer=_user(actor),
    )
    before = goal.status
    goal.status = status
    goal.reviewed_on = max(day, goal.reviewed_on) if goal.reviewed_on else day
    goal.save(update_fields=["status", "reviewed_on"])
    record_event(case, CaseEvent.Kind.GOAL, actor=actor, from_value=before, to_value=status)
    audit(actor, AuditAction.CREATE, review, fields=["note", "reviewed_on", "status"])
    return review


@transaction.atomic
def case_close(actor: User | None, case: Case, outcome: str, reason: str = "") -> Case:
    """Close the case with its outcome (and a reason where the outcome needs one)."""
    require(actor, access.WORK, case)
    if case.is_closed:
        raise ValidationError(_("This case is already closed."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the case.")})
    reason = _clean_text(reason)
    if outcome in EXPLAIN and not reason:
        raise ValidationError({"reason": _("Give the reason for this outcome.")})
    before = case.step
    case.step = Step.CLOSED
    case.outcome = outcome
    case.closure_reason = reason
    case.closed_on = timezone.localdate()
    case.save(update_fields=["step", "outcome", "closure_reason", "closed_on"])
    record_event(
        case, CaseEvent.Kind.CLOSED, actor=actor, from_value=before, to_value=outcome, note=reason
    )
    audit(
        actor, AuditAction.UPDATE, case, fields=["closed_on", "closure_reason", "outcome", "step"]
    )
    return case


@transaction.atomic
def case_reopen(actor: User | None, case: Case, reason: str) -> Case:
    """Reopen a closed case at the step it was closed from (recorded with the reason)."""
    require(actor, access.WORK, case)
    if not case.is_closed:
        raise ValidationError(_("This case is not closed."))
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason to reopen the case.")})
    closing = case.events.filter(kind=CaseEvent.Kind.CLOSED).order_by("-at", "-pk").first()
    back = (
        closing.from_value if closing and closing.from_value in WORKING_STEPS else Step.EVALUATION
    )
    case.step = back
    case.outcome = ""
    case.closure_reason = ""
    case.closed_on = None
    case.save(update_fields=["step", "outcome", "closure_reason", "closed_on"])
    record_event(
        case,
        CaseEvent.Kind.REOPENED,
        actor=actor,
        from_value=Step.CLOSED,
        to_value=back,
        note=reason,
    )
    audit(
        actor, AuditAction.UPDATE, case, fields=["closed_on", "closure_reason", "outcome", "step"]
    )
    return case


@transaction.atomic
def case_reassign(
    actor: User | None,
    case: Case,
    worker: User,
    team: Team | None = None,
    *,
    version: int | None = None,
) -> Case:
    """Give the case to another case worker (of the same or another team); the person
    moves with the case to its new team. `version` is the case's as the user read it: when
    someone reassigned the case since, `core.locking.ConflictError` says to whom."""
    require(actor, access.REASSIGN, case)
    team = team or case.team
    same_tenant(case.municipality, [team])
    if (
        worker.municipality_id != case.municipality_id
        or worker.role not in (Role.CASE_WORKER, Role.TEAM_LEAD)
        or worker.team_id != team.pk
        or not worker.is_active
    ):
        raise ValidationError({"worker": _("Choose a case worker or team lead of that team.")})
    locking.claim(case, version, yours={"worker": worker, "team": team})
    if worker.pk == case.worker_id and team.pk == case.team_id:
        raise ValidationError({"worker": _("The case is already assigned this way.")})
    before = str(case.worker or "–")
    fields = ["worker"]
    case.worker = worker
    if team.pk != case.team_id:
        case.team = team
        fields.append("team")
        person = case.person
        person.team = team
        person.save(update_fields=["team", "updated_at"])
        audit(actor, AuditAction.UPDATE, person, fields=["team"])
    case.save(update_fields=fields)
    record_event(
        case, CaseEvent.Kind.REASSIGNED, actor=actor, from_value=before, to_value=str(worker)
    )
    audit(actor, AuditAction.UPDATE, case, fields=fields)
    return case
