"""Appointments of a case, interpreter bookings and the interpreter pool.

Each page audits what it shows in one INSERT; where a page shows records of two kinds (an
appointment and the interpreters free for it), both are recorded with the fields shown."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ankunft.cases import access
from ankunft.cases.forms.appointments import AppointmentForm, InterpreterProfileForm
from ankunft.cases.selectors import appointments as sel
from ankunft.cases.services import appointments as svc
from ankunft.core import permissions
from ankunft.core.audit import audit_many
from ankunft.core.decorators import HtmxHttpRequest, actor, permission_required
from ankunft.core.forms import form_errors, limit_choices
from ankunft.core.models import AuditAction
from ankunft.core.pagination import query_id


def section_context(user: Any, case: Any, form: AppointmentForm | None = None) -> dict[str, Any]:
    """The appointments section of a case (list and form); the caller audits `appointments`."""
    return {
        "case": case,
        "appointments": sel.appointments_of(user, case),
        "appointment_form": form or AppointmentForm(),
        "can_work": permissions.can(user, access.WORK, case),
    }


@permission_required(access.VIEW)
def appointment_new(request: HtmxHttpRequest, case_pk: int) -> HttpResponse:
    user = actor(request)
    case = sel.case_for(user, case_pk)
    form = AppointmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        permissions.require(user, access.WORK, case)
        if form.is_valid():
            try:
                svc.appointment_create(actor=user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("The appointment was saved."))
                return redirect("cases:appointment_new", case_pk=case.pk)
    context = section_context(user, case, form)
    sel.audit_shown(user, case, context["appointments"], sel.APPOINTMENT_SHOWN)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/appointments/appointment_page.html", context, status=status)


@permission_required(access.WORK)
def appointment_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    appointment = sel.appointment_for(user, pk, access.WORK)
    initial = {
        "kind": appointment.kind,
        "starts_at": appointment.starts_at,
        "ends_at": appointment.ends_at,
        "place": appointment.place,
    }
    form = AppointmentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "cancel":
                svc.appointment_cancel(actor=user, appointment=appointment)
                messages.success(request, _("The appointment was cancelled."))
            elif action in ("attended", "missed"):
                svc.appointment_attended(
                    actor=user, appointment=appointment, attended=action == "attended"
                )
                messages.success(request, _("Recorded."))
            elif form.is_valid():
                svc.appointment_update(actor=user, appointment=appointment, **form.cleaned_data)
                messages.success(request, _("The appointment was saved."))
            else:
                raise ValidationError(_("Please correct the marked fields."))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("cases:appointment_edit", pk=appointment.pk)
    sel.audit_shown(user, None, [appointment], sel.APPOINTMENT_SHOWN)
    context = {
        "appointment": appointment,
        "case": appointment.case,
        "form": form,
        "bookings": sel.bookings_of(user, appointment),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/appointments/appointment_edit.html", context, status=status)


@permission_required(access.WORK)
def booking_new(request: HtmxHttpRequest, appointment_pk: int) -> HttpResponse:
    user = actor(request)
    appointment = sel.appointment_for(user, appointment_pk, access.WORK)
    error = ""
    if request.method == "POST":
        interpreter = sel.profile_for(user, query_id(request.POST.get("interpreter")))
        try:
            if interpreter is None:
                raise ValidationError(_("Choose an interpreter."))
            svc.booking_create(actor=user, appointment=appointment, interpreter=interpreter)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The interpreter was asked."))
            return redirect("cases:appointment_edit", pk=appointment.pk)
    free = sel.interpreters_free(user, appointment)
    audit_many(
        user,
        AuditAction.READ,
        [appointment, *free],
        fields=["case", "starts_at", "ends_at", "user", "languages"],
    )
    context = {
        "appointment": appointment,
        "language": appointment.case.person.interpreter_language,
        "interpreters": free,
        "error": error,
    }
    return render(
        request, "cases/appointments/booking_new.html", context, status=400 if error else 200
    )


@permission_required(access.INTERPRETER_POOL)
def interpreter_list(request: HtmxHttpRequest) -> HttpResponse:
    user = actor(request)
    form = InterpreterProfileForm(request.POST if request.method == "POST" else None)
    limit_choices(form, "user", sel.interpreter_users(user))
    if request.method == "POST" and form.is_valid():
        try:
            svc.interpreter_profile_save(
                actor=user,
                user=form.cleaned_data["user"],
                languages=form.language_list(),
                active=form.cleaned_data["active"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The interpreter's profile was saved."))
            return redirect("cases:interpreter_list")
    rows = list(sel.profiles(user).order_by("user__last_name", "pk"))
    candidates = list(sel.interpreter_users(user))
    # The profiles and the choice of users both show names: one entry each.
    audit_many(user, AuditAction.READ, [*rows, *candidates], fields=["user", "languages"])
    return render(
        request,
        "cases/appointments/interpreter_list.html",
        {"profiles": rows, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@permission_required(access.INTERPRETING)
def my_bookings(request: HtmxHttpRequest) -> HttpResponse:
    user = actor(request)
    rows = sel.bookings_own(user)
    audit_many(user, AuditAction.READ, rows, fields=sel.BOOKING_SHOWN)
    return render(request, "cases/appointments/my_bookings.html", {"bookings": rows})


@require_POST
@permission_required(access.INTERPRETING)
def booking_answer(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    booking = sel.booking_for(user, pk, access.INTERPRETING)
    try:
        svc.booking_answer(
            actor=user, booking=booking, confirm=request.POST.get("answer") == "confirm"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your answer was saved."))
    return redirect("cases:my_bookings")
