"""Pages for barriers: the steering group's view grouped by field of action, institution or
district; report a barrier; prioritise it and answer it with a measure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ankunft.core import permissions
from ankunft.core.decorators import HtmxHttpRequest, actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.core.pagination import query_id
from ankunft.measures import selectors
from ankunft.measures.forms import (
    BarrierAnswerForm,
    BarrierForm,
    BarrierPriorityForm,
    BarrierStatusForm,
)
from ankunft.measures.models import Barrier
from ankunft.measures.services.barriers import (
    barrier_answer,
    barrier_prioritise,
    barrier_report,
    barrier_set_status,
)

_int = query_id


@permission_required("measures.view")
def barrier_list(request: HtmxHttpRequest) -> HttpResponse:
    user = actor(request)
    group_by = request.GET.get("group", "field_of_action")
    if group_by not in selectors.BARRIER_GROUPS:
        group_by = "field_of_action"
    status = request.GET.get("status", "")
    filters: dict[str, Any] = {
        "status": status if status in Barrier.Status.values else "",
        "open_only": request.GET.get("open") == "1",
        "field_of_action_id": _int(request.GET.get("field")),
        "district_id": _int(request.GET.get("district")),
        "institution": request.GET.get("institution", "")[:200],
    }
    context = {
        "barriers": selectors.barrier_list(actor=user, **filters),
        "groups": selectors.barrier_groups(actor=user, by=group_by),
        "group_by": group_by,
        "group_choices": [
            ("field_of_action", _("Field of action")),
            ("institution", _("Institution")),
            ("district", _("District")),
        ],
        "filters": filters,
        "statuses": Barrier.Status.choices,
        "can_report": permissions.has_perm(user, "measures.report_barrier"),
    }
    template = "measures/_barrier_results.html" if request.htmx else "measures/barrier_list.html"
    return render(request, template, context)


@permission_required("measures.report_barrier")
@require_http_methods(["GET", "POST"])
def barrier_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = BarrierForm(
        request.POST or None,
        fields_of_action=selectors.field_of_action_list(actor=user),
        districts=selectors.district_list(actor=user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            barrier = barrier_report(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Barrier recorded."))
            return redirect("measures:barrier_detail", barrier.pk)
    return render(
        request,
        "measures/barrier_form.html",
        {"form": form, "institutions": selectors.institution_list(actor=user)},
    )


@permission_required("measures.view")
def barrier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    barrier = selectors.barrier_get(actor=user, pk=pk)
    context: dict[str, object] = {"barrier": barrier}
    if permissions.has_perm(user, "measures.barriers"):
        context.update(
            priority_form=BarrierPriorityForm(
                initial={"priority": barrier.priority, "response": barrier.response}
            ),
            answer_form=BarrierAnswerForm(measures=selectors.measure_choices(actor=user)),
            status_form=BarrierStatusForm(initial={"status": barrier.status}),
        )
    return render(request, "measures/barrier_detail.html", context)


def _barrier_action(
    request: HttpRequest,
    pk: int,
    *,
    form_class: Callable[..., forms.Form],
    action: Callable[..., object],
    done: str,
    invalid: str,
    **form_kwargs: Any,
) -> HttpResponse:
    """Apply one POSTed action to a barrier and go back to it; errors become messages."""
    user = actor(request)
    barrier = selectors.barrier_get(actor=user, pk=pk)
    form = form_class(request.POST, **form_kwargs)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect("measures:barrier_detail", pk)
    try:
        action(actor=user, barrier=barrier, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("measures:barrier_detail", pk)


@permission_required("measures.barriers")
@require_POST
def barrier_prioritise_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _barrier_action(
        request, pk, form_class=BarrierPriorityForm, action=barrier_prioritise,
        done=_("Priority saved."), invalid=_("Choose a priority."),
    )  # fmt: skip


@permission_required("measures.barriers")
@require_POST
def barrier_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    measures = selectors.measure_choices(actor=actor(request))
    return _barrier_action(
        request, pk, form_class=BarrierAnswerForm, action=barrier_answer,
        done=_("The barrier is answered by the measure."), invalid=_("Choose a measure."),
        measures=measures,
    )  # fmt: skip


@permission_required("measures.barriers")
@require_POST
def barrier_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _barrier_action(
        request, pk, form_class=BarrierStatusForm, action=barrier_set_status,
        done=_("Status saved."), invalid=_("Choose a status."),
    )  # fmt: skip
