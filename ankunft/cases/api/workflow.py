"""API of the case module's workflow (mounted by `ankunft.cases.api`): cases and their
steps, consent, needs, goals and reviews, closing, reopening, reassigning."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from ankunft.cases import access, selectors
from ankunft.cases.api.workflow_schemas import (
    CaseDetailOut,
    CaseFilter,
    CaseIn,
    CaseOut,
    CloseIn,
    ConsentIn,
    ConsentOut,
    GoalIn,
    GoalOut,
    NeedIn,
    NeedOut,
    ReasonIn,
    ReassignIn,
    ReviewIn,
    StepIn,
    WithdrawIn,
)
from ankunft.cases.models import Attachment, Case, CaseEvent, Consent, Goal, Need
from ankunft.cases.selectors import workflow as wf
from ankunft.cases.services import consent as consent_services
from ankunft.cases.services import steps
from ankunft.cases.services.cases import case_open
from ankunft.core import permissions
from ankunft.core.apitools import DbId, PageQuery, api_page, api_user, page_of
from ankunft.core.locking import ConflictError
from ankunft.core.locking_api import ConflictOut, conflict_answer
from ankunft.core.models import Team, User
from ankunft.measures.models import FieldOfAction

router = Router(tags=["cases"])


def _case_out(c: Case) -> dict[str, Any]:
    return {
        "id": c.pk,
        "number": c.number,
        "person_id": c.person_id,
        "step": c.step,
        "team_id": c.team_id,
        "worker_id": c.worker_id,
        "opened_on": c.opened_on,
        "closed_on": c.closed_on,
        "outcome": c.outcome,
        "version": c.version,
    }


def _need(n: Need) -> dict[str, Any]:
    return {
        "id": n.pk,
        "field_of_action_id": n.field_of_action_id,
        "field_of_action": str(n.field_of_action),
        "urgency": n.urgency,
        "description": n.description,
    }


def _goal(g: Goal, *, reviews: bool = True) -> dict[str, Any]:
    return {
        "id": g.pk,
        "title": g.title,
        "need_id": g.need_id,
        "due_on": g.due_on,
        "agreed_on": g.agreed_on,
        "status": g.status,
        "reviewed_on": g.reviewed_on,
        "reviews": [
            {
                "id": r.pk,
                "reviewed_on": r.reviewed_on,
                "status": r.status,
                "note": r.note,
                "reviewer_id": r.reviewer_id,
            }
            for r in (g.reviews.all() if reviews else [])
        ],
    }


def _event(e: CaseEvent) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "from_value": e.from_value,
        "to_value": e.to_value,
        "note": e.note,
        "actor_id": e.actor_id,
        "at": e.at,
    }


def _consent(c: Consent) -> dict[str, Any]:
    return {
        "id": c.pk,
        "person_id": c.person_id,
        "purpose": c.purpose,
        "legal_basis": c.legal_basis,
        "basis_reference": c.basis_reference,
        "form": c.form,
        "given_on": c.given_on,
        "valid_until": c.valid_until,
        "withdrawn_on": c.withdrawn_on,
        "scan_id": c.scan_id,
    }


def _work_case(user: User, case_id: int, permission: str = access.WORK) -> Case:
    """The case for a write: 403 without the role, 404 when not visible (before any audit)."""
    permissions.require(user, permission)
    case = selectors.cases_visible(user, permission).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def _team(user: User, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.for_user(user).filter(pk=team_id).first()
    if team is None:
        raise ValidationError(_("Choose a team of your municipality."))
    return team


# Cases -----------------------------------------------------------------------------------


@router.get("/cases", response=page_of(CaseOut), summary="Cases (filters; keyset pages)")
def case_list(
    request: HttpRequest, filters: Query[CaseFilter], page: Query[PageQuery]
) -> dict[str, Any]:
    user = api_user(request)
    permissions.require(user, access.VIEW)
    cases = wf.case_list(
        user, step=filters.step, worker_id=filters.worker, team_id=filters.team, mine=filters.mine
    )
    shown = api_page(cases, keys=wf.LIST_KEYS, query=page)
    wf.audit_list(user, shown.items, with_person=False)
    return {"items": [_case_out(c) for c in shown.items], "next": shown.next}


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="A case with needs, goals, events")
def case_detail(request: HttpRequest, case_id: DbId) -> dict[str, Any]:
    user = api_user(request)
    permissions.require(user, access.VIEW)
    page = wf.case_page(user, case_id, api=True)
    return {
        **_case_out(page.case),
        "closure_reason": page.case.closure_reason,
        "override_reason": page.case.override_reason,
        "needs": [_need(n) for n in page.needs],
        "goals": [_goal(g) for g in page.goals],
        "events": [_event(e) for e in page.events],
    }


@router.post("/cases", response={201: CaseOut}, summary="Open a case for a person")
def case_create(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    permissions.require(user, access.WORK)
    person = selectors.persons_visible(user, access.WORK).filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError(_("Choose a person of your team."))
    team = _team(user, payload.team_id)
    worker = (
        wf.workers_for(user).filter(pk=payload.worker_id).first() if payload.worker_id else None
    )
    if payload.worker_id and worker is None:
        raise ValidationError(_("Choose a case worker of your municipality."))
    case = case_open(actor=user, person=person, team=team, worker=worker)
    return Status(201, _case_out(case))


@router.post("/cases/{case_id}/step", response=CaseOut, summary="Move the case a step")
def case_step(request: HttpRequest, case_id: DbId, payload: StepIn) -> dict[str, Any]:
    user = api_user(request)
    case = _work_case(user, case_id)
    return _case_out(steps.step_advance(user, case, payload.to_step, payload.note))


@router.post("/cases/{case_id}/override", response=CaseOut, summary="Proceed without consent")
def case_override(request: HttpRequest, case_id: DbId, payload: ReasonIn) -> dict[str, Any]:
    user = api_user(request)
    case = _work_case(user, case_id, access.OVERRIDE_CONSENT)
    return _case_out(steps.consent_override(user, case, payload.reason))


@router.post("/cases/{case_id}/needs", response={201: NeedOut}, summary="Record a need")
def need_create(request: HttpRequest, case_id: DbId, payload: NeedIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    case = _work_case(user, case_id)
    field = FieldOfAction.objects.filter(
        municipality_id=case.municipality_id, pk=payload.field_of_action_id
    ).first()
    if field is None:
        raise ValidationError(_("Choose a field of action of your municipality."))
    need = steps.need_add(user, case, field, payload.urgency, payload.description)
    return Status(201, _need(need))


@router.post("/cases/{case_id}/goals", response={201: GoalOut}, summary="Add a goal to the plan")
def goal_create(request: HttpRequest, case_id: DbId, payload: GoalIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    case = _work_case(user, case_id)
    need = case.needs.filter(pk=payload.need_id).first() if payload.need_id else None
    if payload.need_id and need is None:
        raise ValidationError(_("The need must be one of this case."))
    goal = steps.goal_add(
        user, case, payload.title, payload.due_on, need=need, agreed_on=payload.agreed_on
    )
    return Status(201, _goal(goal, reviews=False))


@router.post("/goals/{goal_id}/reviews", response={201: GoalOut}, summary="Review a goal")
def goal_review(request: HttpRequest, goal_id: DbId, payload: ReviewIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    permissions.require(user, access.WORK)
    goal = permissions.visible(user, access.WORK, Goal).filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    steps.goal_review(user, goal, payload.status, payload.note, payload.reviewed_on)
    return Status(201, _goal(goal))


@router.post("/cases/{case_id}/close", response=CaseOut, summary="Close the case with an outcome")
def case_close(request: HttpRequest, case_id: DbId, payload: CloseIn) -> dict[str, Any]:
    user = api_user(request)
    case = _work_case(user, case_id)
    return _case_out(steps.case_close(user, case, payload.outcome, payload.reason))


@router.post("/cases/{case_id}/reopen", response=CaseOut, summary="Reopen a closed case")
def case_reopen(request: HttpRequest, case_id: DbId, payload: ReasonIn) -> dict[str, Any]:
    user = api_user(request)
    case = _work_case(user, case_id)
    return _case_out(steps.case_reopen(user, case, payload.reason))


@router.post(
    "/cases/{case_id}/reassign",
    response={200: CaseOut, 409: ConflictOut},
    summary="Reassign the case",
    description=(
        "Send the case's `version` as read: when it was reassigned since, the answer is 409 "
        "with the worker and team saved meanwhile, and nothing is saved."
    ),
)
def case_reassign(request: HttpRequest, case_id: DbId, payload: ReassignIn) -> Any:
    user = api_user(request)
    case = _work_case(user, case_id, access.REASSIGN)
    worker = wf.workers_for(user).filter(pk=payload.worker_id).first()
    if worker is None:
        raise ValidationError(_("Choose a case worker or team lead of that team."))
    team = _team(user, payload.team_id)
    try:
        return _case_out(steps.case_reassign(user, case, worker, team, version=payload.version))
    except ConflictError as exc:
        return conflict_answer(exc)


# Consent ---------------------------------------------------------------------------------


def _person(user: User, person_id: int, permission: str) -> Any:
    permissions.require(user, permission)
    person = selectors.persons_visible(user, permission).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


@router.get(
    "/persons/{person_id}/consents", response=list[ConsentOut], summary="A person's consents"
)
def consent_list(request: HttpRequest, person_id: DbId) -> list[dict[str, Any]]:
    user = api_user(request)
    person = _person(user, person_id, access.VIEW)
    return [_consent(c) for c in wf.consents_of(user, person)]


@router.post(
    "/persons/{person_id}/consents",
    response={201: ConsentOut},
    summary="Record consent or another legal basis",
)
def consent_create(
    request: HttpRequest, person_id: DbId, payload: ConsentIn
) -> Status[dict[str, Any]]:
    user = api_user(request)
    person = _person(user, person_id, access.WORK)
    scan = None
    if payload.attachment_id is not None:
        scan = Attachment.objects.filter(
            municipality_id=person.municipality_id, pk=payload.attachment_id, case__person=person
        ).first()
        if scan is None:
            raise ValidationError(_("The scanned form must be a file of this person."))
    consent = consent_services.consent_give(
        user,
        person,
        payload.purpose,
        payload.legal_basis,
        basis_reference=payload.basis_reference,
        form=payload.form,
        given_on=payload.given_on,
        valid_until=payload.valid_until,
        scan=scan,
    )
    return Status(201, _consent(consent))


@router.post("/consents/{consent_id}/withdraw", response=ConsentOut, summary="Withdraw consent")
def consent_withdraw(request: HttpRequest, consent_id: DbId, payload: WithdrawIn) -> dict[str, Any]:
    user = api_user(request)
    permissions.require(user, access.WORK)
    consent = permissions.visible(user, access.WORK, Consent).filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    return _consent(consent_services.consent_withdraw(user, consent, payload.on))
