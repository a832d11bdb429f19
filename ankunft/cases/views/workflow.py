"""Views of the case module's workflow pages: the case list and the case page with its
actions (consent, steps, needs, goals, reviews, closing, reassigning). Thin: the rules
are in `services/steps.py` and `services/consent.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ankunft.cases import access
from ankunft.cases.forms.workflow import (
    CaseFilterForm,
    CloseForm,
    ConsentGiveForm,
    GoalForm,
    NeedForm,
    ReasonForm,
    ReassignForm,
    ReviewForm,
    StepForm,
)
from ankunft.cases.models import Case, Consent, Goal, GoalStatus, Outcome, Step
from ankunft.cases.models.choices import STEP_ORDER
from ankunft.cases.selectors import workflow as wf
from ankunft.cases.services import consent as consent_services
from ankunft.cases.services import steps
from ankunft.core import permissions
from ankunft.core.audit import audit
from ankunft.core.decorators import actor, permission_required
from ankunft.core.locking import ConflictError, keep_input
from ankunft.core.models import AuditAction, Role, Team, User
from ankunft.core.pagination import page_for_request
from ankunft.measures.models import FieldOfAction


@permission_required(access.VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    teams = Team.objects.for_user(user)
    form = CaseFilterForm(request.GET or None, workers=wf.workers_for(user), teams=teams)
    is_worker = user.role == Role.CASE_WORKER
    if not is_worker:  # the own/team toggle is the case workers' (they see both)
        del form.fields["scope"]
    data = form.cleaned_data if form.is_valid() else {}
    cases = wf.case_list(
        user,
        step=data.get("step", ""),
        worker_id=data["worker"].pk if data.get("worker") else None,
        team_id=data["team"].pk if data.get("team") else None,
        mine=is_worker and data.get("scope") == "mine",
    )
    page = page_for_request(cases, request, keys=wf.LIST_KEYS)
    wf.audit_list(user, page.items)
    context = {"form": form, "page": page, "cases": page.items, "is_worker": is_worker}
    return render(request, "cases/workflow/case_list.html", context)


def _person_url(person_id: int) -> str:
    """The person page (built by the persons area), when this installation has it."""
    try:
        return reverse("cases:person_detail", args=[person_id])
    except NoReverseMatch:
        return ""


def _steps(case: Case) -> list[dict[str, Any]]:
    here = STEP_ORDER.index(case.step)
    return [
        {"value": s.value, "label": s.label, "done": i < here, "current": i == here}
        for i, s in enumerate(Step)
    ]


@permission_required(access.VIEW)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    page = wf.case_page(user, pk)
    case = page.case
    here = STEP_ORDER.index(case.step)
    context: dict[str, Any] = {
        "case": case,
        "person": page.person,
        "consents": page.consents,
        "needs": page.needs,
        "goals": page.goals,
        "events": page.events,
        "sections": page.sections,
        "steps": _steps(case),
        "person_url": _person_url(page.person.pk),
        "today": timezone.localdate(),
    }
    if permissions.has_perm(user, access.WORK) and not case.is_closed:
        context.update(
            can_work=True,
            gate=steps.gate_problem(case),
            next_step=Step(STEP_ORDER[here + 1]) if here + 1 < len(STEP_ORDER) - 1 else None,
            previous_step=Step(STEP_ORDER[here - 1]) if here > 0 else None,
            consent_form=ConsentGiveForm(initial={"given_on": timezone.localdate()}),
            need_form=NeedForm(
                fields_of_action=FieldOfAction.objects.filter(municipality_id=case.municipality_id)
            ),
            goal_form=GoalForm(needs=case.needs.all()),
            close_form=CloseForm(),
        )
    if permissions.has_perm(user, access.WORK) and case.is_closed:
        context["reopen_form"] = ReasonForm(prefix="reopen")
    if permissions.has_perm(user, access.OVERRIDE_CONSENT) and case.step == Step.INTAKE:
        context["override_form"] = ReasonForm(prefix="override")
    if permissions.has_perm(user, access.REASSIGN):
        context["reassign_form"] = ReassignForm(
            workers=wf.workers_for(user),
            teams=Team.objects.for_user(user),
            initial={"version": case.version},
        )
    labels = {**dict(Step.choices), **dict(Outcome.choices), **dict(GoalStatus.choices)}
    for event in page.events:
        event.shown_from = labels.get(event.from_value, event.from_value)  # type: ignore[attr-defined]
        event.shown_to = labels.get(event.to_value, event.to_value)  # type: ignore[attr-defined]
    if context.get("can_work"):
        for goal in page.goals:
            goal.review_form = ReviewForm(  # type: ignore[attr-defined]
                auto_id=f"id_review{goal.pk}_%s", initial={"status": goal.status}
            )
    return render(request, "cases/workflow/case_detail.html", context)


def _visible(user: User, model: type[Model], pk: int, permission: str) -> Any:
    found = permissions.visible(user, permission, model).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _act(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Apply one POSTed action and go back to the case page; errors become messages."""
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("cases:case_detail", case.pk)
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("cases:case_detail", case.pk)


def _work_case(request: HttpRequest, pk: int, permission: str = access.WORK) -> tuple[User, Case]:
    user = actor(request)
    return user, _visible(user, Case, pk, permission)


@permission_required(access.WORK)
@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _work_case(request, pk)
    return _act(
        request,
        case,
        StepForm(request.POST),
        lambda d: steps.step_advance(user, case, d["to_step"], d["note"]),
        _("The step of the case is changed."),
    )


@permission_required(access.OVERRIDE_CONSENT)
@require_POST
def case_override(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _work_case(request, pk, access.OVERRIDE_CONSENT)
    return _act(
        request,
        case,
        ReasonForm(request.POST, prefix="override"),
        lambda d: steps.consent_override(user, case, d["reason"]),
        _("The case may proceed without consent; the reason is recorded."),
    )


@permission_required(access.WORK)
@require_POST
def consent_give(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _work_case(request, pk)
    return _act(
        request,
        case,
        ConsentGiveForm(request.POST),
        lambda d: consent_services.consent_give(
            user,
            case.person,
            d["purpose"],
            d["legal_basis"],
            basis_reference=d["basis_reference"],
            form=d["form"],
            given_on=d["given_on"],
            valid_until=d["valid_until"],
        ),
        _("Consent recorded."),
    )


@permission_required(access.WORK)
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    user, case = _work_case(request, pk)
    consent = _visible(user, Consent, consent_pk, access.WORK)
    if consent.person_id != case.person_id:
        raise Http404
    return _act(
        request,
        case,
        forms.Form(request.POST),
        lambda d: consent_services.consent_withdraw(user, consent),
        _("Consent withdrawn: nothing is shared for this purpose any more."),
    )


@permission_required(access.WORK)
@require_POST
def need_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _work_case(request, pk)
    form = NeedForm(
        request.POST,
        fields_of_action=FieldOfAction.objects.filter(municipality_id=case.municipality_id),
    )
    return _act(
        request,
        case,
        form,
        lambda d: steps.need_add(user, case, d["field_of_action"], d["urgency"], d["description"]),
        _("Need recorded."),
    )


@permission_required(access.WORK)
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _work_case(request, pk)
    return _act(
        request,
        case,
        GoalForm(request.POST, needs=case.needs.all()),
        lambda d: steps.goal_add(
            user, case, d["title"], d["due_on"], need=d["need"], agreed_on=d["agreed_on"]
        ),
        _("Goal added to the plan."),
    )


@permission_required(access.WORK)
@require_POST
def goal_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    goal = _visible(user, Goal, pk, access.WORK)
    return _act(
        request,
        goal.case,
        ReviewForm(request.POST),
        lambda d: steps.goal_review(user, goal, d["status"], d["note"], d["reviewed_on"]),
        _("Review recorded."),
    )


@permission_required(access.WORK)
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _work_case(request, pk)
    return _act(
        request,
        case,
        CloseForm(request.POST),
        lambda d: steps.case_close(user, case, d["outcome"], d["reason"]),
        _("The case is closed."),
    )


@permission_required(access.WORK)
@require_POST
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _work_case(request, pk)
    return _act(
        request,
        case,
        ReasonForm(request.POST, prefix="reopen"),
        lambda d: steps.case_reopen(user, case, d["reason"]),
        _("The case is open again."),
    )


@permission_required(access.REASSIGN)
@require_POST
def case_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _work_case(request, pk, access.REASSIGN)
    form = ReassignForm(
        request.POST,
        workers=wf.workers_for(user),
        teams=Team.objects.for_user(user),
    )
    try:
        return _act(
            request,
            case,
            form,
            lambda d: steps.case_reassign(user, case, d["worker"], d["team"], version=d["version"]),
            _("The case is reassigned."),
        )
    except ConflictError as exc:
        # Reassigned by someone else meanwhile: the choice stays, with what differs.
        keep_input(form, exc)
        audit(user, AuditAction.READ, case, fields=["number", "worker", "team"])
        context = {"case": case, "form": form, "conflict": exc}
        return render(request, "cases/workflow/case_conflict.html", context, status=409)
