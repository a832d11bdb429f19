"""Pages of positions (Stellen), their funding and assignments, and staff members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ankunft.budget import selectors
from ankunft.budget.forms import (
    DateForm,
    FillForm,
    FundingForm,
    PositionCreateForm,
    PositionForm,
    PositionStatusForm,
    StaffMemberForm,
)
from ankunft.budget.models import Position
from ankunft.budget.services import positions as services
from ankunft.core import permissions
from ankunft.core.audit import audit_many
from ankunft.core.decorators import actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.core.locking import ConflictError, keep_input
from ankunft.core.models import AuditAction
from ankunft.core.pagination import page_request


@permission_required("budget.view")
def position_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    status = request.GET.get("status", "")
    status = status if status in Position.Status.values else ""
    context = {
        "positions": selectors.position_list(actor=user, status=status),
        "status": status,
        "statuses": Position.Status.choices,
        "may_edit": permissions.has_perm(user, "budget.edit"),
    }
    return render(request, "budget/position_list.html", context)


@permission_required("budget.view")
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    position = selectors.position_get(actor=user, pk=pk)
    context = {
        "position": position,
        "costs": selectors.position_costs(actor=user, position=position),
        "assignments": selectors.position_assignments(actor=user, position=position),
        "changes": selectors.position_changes(actor=user, position=position),
        "may_edit": permissions.has_perm(user, "budget.edit"),
        "status_form": PositionStatusForm(initial={"date": selectors.today()}),
    }
    return render(request, "budget/position_detail.html", context)


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def position_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    lines = selectors.budget_line_choices(actor=user)
    initial = PositionCreateForm.initial_from_query(request.GET)
    form = PositionCreateForm(request.POST or None, lines=lines, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            position = services.position_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Position created."))
            return redirect(position)
    return render(request, "budget/position_form.html", {"form": form, "position": None})


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    position = selectors.position_get(actor=user, pk=pk)
    initial = {name: getattr(position, name) for name in PositionForm.base_fields}
    form = PositionForm(request.POST or None, initial=initial)
    conflict: ConflictError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.position_update(actor=user, position=position, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        except ConflictError as exc:
            keep_input(form, exc)
            conflict = exc
        else:
            messages.success(request, _("Position saved."))
            return redirect(position)
    return render(
        request,
        "budget/position_form.html",
        {"form": form, "position": position, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("budget.edit")
@require_POST
def position_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    position = selectors.position_get(actor=user, pk=pk)
    form = PositionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.position_set_status(actor=user, position=position, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a status and a date."))
    return redirect(position)


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def position_fill(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    position = selectors.position_get(actor=user, pk=pk)
    members = selectors.staff_member_choices(actor=user)
    form = FillForm(request.POST or None, members=members, position=position)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                member = data["staff_member"] or services.staff_member_create(
                    actor=user, name=data["new_name"], personnel_number=data["new_personnel_number"]
                )
                services.assignment_create(
                    actor=user,
                    position=position,
                    staff_member=member,
                    start=data["start"],
                    end=data["end"],
                    fte=data["fte"],
                )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Position filled."))
            return redirect(position)
    # The select lists names: that is a read of personal data.
    audit_many(user, AuditAction.READ, list(members), fields=selectors.STAFF_FIELDS)
    return render(request, "budget/position_fill.html", {"form": form, "position": position})


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    position = selectors.position_get(actor=user, pk=pk)
    form = DateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_end(actor=user, position=position, end=form.cleaned_data["date"])
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Position ended."))
            return redirect(position)
    context = {"form": form, "position": position, "title": _("End the position")}
    return render(request, "budget/date_form.html", context)


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def funding_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    position = selectors.position_get(actor=user, pk=pk)
    form = FundingForm(request.POST or None, lines=selectors.budget_line_choices(actor=user))
    if request.method == "POST" and form.is_valid():
        try:
            services.funding_add(actor=user, position=position, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Funding source added."))
            return redirect(position)
    return render(request, "budget/funding_form.html", {"form": form, "position": position})


@permission_required("budget.edit")
@require_POST
def funding_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    funding = selectors.funding_get(actor=user, pk=pk)
    services.funding_remove(actor=user, funding=funding)
    messages.success(request, _("Funding source removed."))
    return redirect(funding.position)


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    assignment = selectors.assignment_get(actor=user, pk=pk)
    form = DateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_end(
                actor=user, assignment=assignment, end=form.cleaned_data["date"]
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Assignment ended."))
            return redirect(assignment.position)
    context = {
        "form": form,
        "position": assignment.position,
        "title": _("End the assignment of %(name)s") % {"name": assignment.staff_member},
    }
    return render(request, "budget/date_form.html", context)


@permission_required("budget.view")
def staff_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    page = selectors.staff_member_page(actor=user, page=page_request(request))
    context = {
        "members": page.items,
        "page": page,
        "may_edit": permissions.has_perm(user, "budget.edit"),
    }
    return render(request, "budget/staff_list.html", context)


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_member_create(actor=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Staff member saved."))
            return redirect("budget:staff_list")
    return render(request, "budget/staff_form.html", {"form": form, "member": None})


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    member = selectors.staff_member_get(actor=user, pk=pk)
    initial = {"name": member.name, "personnel_number": member.personnel_number}
    form = StaffMemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_member_update(actor=user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Staff member saved."))
            return redirect("budget:staff_list")
    return render(request, "budget/staff_form.html", {"form": form, "member": member})
