"""Appointments of a case, the interpreter pool and its bookings, calendar feeds."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import (
    Appointment,
    AppointmentKind,
    BookingStatus,
    CalendarFeed,
    Case,
    InterpreterBooking,
    InterpreterProfile,
)
from ankunft.cases.selectors.appointments import overlapping, token_digest
from ankunft.cases.services import require, tenant_of
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, Role, User

APPOINTMENT_FIELDS = ["kind", "starts_at", "ends_at", "place", "worker"]
# A feed token carries 32 random bytes; only its SHA-256 digest is kept.
TOKEN_BYTES = 32


def touch_contact(case: Case, day: dt.date) -> None:
    """The last contact with the person moves forward, never back."""
    if case.last_contact_on is None or day > case.last_contact_on:
        case.last_contact_on = day
        case.save(update_fields=["last_contact_on"])


def _check(
    case: Case, kind: str, starts_at: dt.datetime, ends_at: dt.datetime, worker: Any
) -> None:
    errors: dict[str, str] = {}
    if kind not in AppointmentKind.values:
        errors["kind"] = _("Choose a kind of appointment.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must lie after the start.")
    if (
        worker is None
        or worker.municipality_id != case.municipality_id
        or worker.role
        not in (
            Role.CASE_WORKER,
            Role.TEAM_LEAD,
        )
    ):
        errors["worker"] = _("Choose a case worker of your municipality.")
    if case.is_closed:
        errors["kind"] = _("The case is closed.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def appointment_create(
    *,
    actor: User | None,
    case: Case,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    worker: User | None = None,
) -> Appointment:
    """A new appointment; the worker is the case's (else the actor) unless given."""
    require(actor, access.WORK, case)
    worker = worker or case.worker or actor
    _check(case, kind, starts_at, ends_at, worker)
    if worker is None:  # pragma: no cover - _check refuses it
        raise ValidationError({"worker": _("Choose a case worker of your municipality.")})
    appointment = Appointment.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip()[:200],
        worker=worker,
    )
    audit(actor, AuditAction.CREATE, appointment, fields=APPOINTMENT_FIELDS)
    return appointment


@transaction.atomic
def appointment_update(
    *, actor: User | None, appointment: Appointment, **changes: Any
) -> Appointment:
    """Change kind, time, place or worker of an appointment that is not cancelled."""
    require(actor, access.WORK, appointment)
    unknown = set(changes) - set(APPOINTMENT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(f)s") % {"f": sorted(unknown)})
    if appointment.cancelled_at is not None:
        raise ValidationError(_("The appointment was cancelled."))
    for name, value in changes.items():
        setattr(appointment, name, value.strip()[:200] if name == "place" else value)
    _check(
        appointment.case,
        appointment.kind,
        appointment.starts_at,
        appointment.ends_at,
        appointment.worker,
    )
    appointment.save()
    audit(actor, AuditAction.UPDATE, appointment, fields=sorted(changes))
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: User | None, appointment: Appointment) -> Appointment:
    """Cancel an appointment; its open interpreter bookings are cancelled with it."""
    require(actor, access.WORK, appointment)
    if appointment.cancelled_at is None:
        appointment.cancelled_at = timezone.now()
        appointment.save(update_fields=["cancelled_at"])
        appointment.bookings.exclude(status=BookingStatus.DECLINED).update(
            status=BookingStatus.CANCELLED
        )
        audit(actor, AuditAction.UPDATE, appointment, fields=["cancelled_at"])
    return appointment


@transaction.atomic
def appointment_attended(
    *, actor: User | None, appointment: Appointment, attended: bool = True
) -> Appointment:
    """Record whether the appointment took place; if it did, it is the last contact."""
    require(actor, access.WORK, appointment)
    if appointment.cancelled_at is not None:
        raise ValidationError(_("The appointment was cancelled."))
    if appointment.starts_at > timezone.now():
        raise ValidationError(_("An appointment in the future cannot have taken place yet."))
    appointment.attended = attended
    appointment.save(update_fields=["attended"])
    if attended:
        touch_contact(appointment.case, timezone.localdate(appointment.starts_at))
    audit(actor, AuditAction.UPDATE, appointment, fields=["attended"])
    return appointment


# The interpreter pool -----------------------------------------------------------------------


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,4})?$")


def _languages(values: list[str]) -> list[str]:
    cleaned = sorted({v.strip().lower() for v in values if v.strip()})
    if not cleaned or not all(LANGUAGE_CODE.match(v) for v in cleaned):
        raise ValidationError({"languages": _("Give language codes such as ar, fa or uk.")})
    return cleaned


@transaction.atomic
def interpreter_profile_save(
    *, actor: User, user: User, languages: list[str], active: bool = True
) -> InterpreterProfile:
    """Create or change the pool profile of a user with the interpreter role."""
    require(actor, access.INTERPRETER_POOL)
    if user.municipality_id != actor.municipality_id or user.role != Role.INTERPRETER:
        raise ValidationError({"user": _("Choose a user with the interpreter role.")})
    profile, created = InterpreterProfile.objects.update_or_create(
        municipality=tenant_of(actor),
        user=user,
        defaults={"languages": _languages(languages), "active": active},
    )
    action = AuditAction.CREATE if created else AuditAction.UPDATE
    audit(actor, action, profile, fields=["user", "languages", "active"])
    return profile


@transaction.atomic
def booking_create(
    *, actor: User, appointment: Appointment, interpreter: InterpreterProfile
) -> InterpreterBooking:
    """Ask an interpreter of the pool for an appointment, in the person's language."""
    require(actor, access.WORK, appointment)
    language = appointment.case.person.interpreter_language
    if appointment.cancelled_at is not None:
        raise ValidationError(_("The appointment was cancelled."))
    if not language:
        raise ValidationError(_("The person's record names no interpreting language."))
    if (
        interpreter.municipality_id != appointment.municipality_id
        or not interpreter.active
        or language not in interpreter.languages
    ):
        raise ValidationError(
            {"interpreter": _("This interpreter does not interpret that language.")}
        )
    # Lock the interpreter's row: two bookings at the same moment cannot both pass the check.
    InterpreterProfile.objects.select_for_update().filter(pk=interpreter.pk).first()
    if overlapping(appointment).filter(interpreter=interpreter).exists():
        raise ValidationError({"interpreter": _("The interpreter is booked at that time.")})
    booking = InterpreterBooking.objects.create(
        municipality_id=appointment.municipality_id,
        appointment=appointment,
        interpreter=interpreter,
        language=language,
    )
    audit(actor, AuditAction.CREATE, booking, fields=["appointment", "interpreter", "language"])
    return booking


@transaction.atomic
def booking_answer(
    *, actor: User, booking: InterpreterBooking, confirm: bool
) -> InterpreterBooking:
    """The interpreter confirms or declines their own booking."""
    require(actor, access.INTERPRETING, booking)
    if booking.interpreter.user_id != actor.pk:
        raise PermissionDenied
    if booking.status == BookingStatus.CANCELLED or booking.appointment.cancelled_at:
        raise ValidationError(_("The appointment was cancelled."))
    # A decline frees the interpreter for other bookings at that time: it is final.
    if booking.status == BookingStatus.DECLINED:
        raise ValidationError(_("You declined this booking already."))
    booking.status = BookingStatus.CONFIRMED if confirm else BookingStatus.DECLINED
    booking.answered_at = timezone.now()
    booking.save(update_fields=["status", "answered_at"])
    audit(actor, AuditAction.UPDATE, booking, fields=["status", "answered_at"])
    return booking


# Calendar feeds -----------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_create(*, actor: User) -> str:
    """A new secret address for the actor's calendar (replacing any old one); returns the
    token, which is shown once and never stored."""
    require(actor, access.WORK)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    CalendarFeed.objects.update_or_create(
        municipality=tenant_of(actor),
        user=actor,
        defaults={"digest": token_digest(token)},
    )
    return token


@transaction.atomic
def calendar_feed_revoke(*, actor: User) -> int:
    require(actor, access.WORK)
    deleted, _rows = CalendarFeed.objects.filter(municipality=tenant_of(actor), user=actor).delete()
    return deleted
