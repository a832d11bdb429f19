"""Reads of appointments, notes, attachments, the interpreter pool and calendar feeds.

Each read goes through the permission layer; the callers audit exactly the records they
show (`audit_shown`), in one INSERT per response."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from ankunft.cases import access
from ankunft.cases.models import (
    Appointment,
    Attachment,
    BookingStatus,
    CalendarFeed,
    Case,
    InterpreterBooking,
    InterpreterProfile,
    Note,
)
from ankunft.core import permissions
from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction, Role, User

APPOINTMENT_SHOWN = [
    "case",
    "kind",
    "starts_at",
    "ends_at",
    "place",
    "worker",
    "attended",
    "cancelled_at",
]
NOTE_SHOWN = ["case", "text", "level", "is_contact", "author", "created_at"]
ATTACHMENT_SHOWN = ["case", "note", "original_name", "content_type", "size", "level", "uploaded_at"]
# What an interpreter sees of a booking: the appointment's time and place, language, status.
BOOKING_SHOWN = ["starts_at", "ends_at", "place", "language", "status"]
PROFILE_SHOWN = ["user", "languages", "active"]
FEED_SHOWN = ["case", "kind", "starts_at", "ends_at", "place", "cancelled_at"]
FEED_DAYS_BACK = 30


def audit_shown(user: Any, case: Case | None, records: Sequence[Model], fields: list[str]) -> None:
    """One INSERT for what a response shows: the records with their fields; a page of a
    case without records still shows the case's number."""
    if records:
        audit_many(user, AuditAction.READ, records, fields=fields)
    elif case is not None:
        audit_many(user, AuditAction.READ, [case], fields=["number"])


def case_for(user: Any, pk: int, permission: str = access.VIEW) -> Case:
    """A case the user may `permission` (not audited: the caller audits what it shows)."""
    found = (
        permissions.visible(user, permission, Case)
        .select_related("person", "worker")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def appointments_of(user: Any, case: Case) -> list[Appointment]:
    rows = permissions.visible(user, access.VIEW, Appointment).filter(case=case)
    return list(
        rows.select_related("worker", "case").prefetch_related("bookings__interpreter__user")
    )


def appointment_for(user: Any, pk: int, permission: str = access.VIEW) -> Appointment:
    found = (
        permissions.visible(user, permission, Appointment)
        .select_related("case", "case__person", "worker")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def notes_of(user: Any, case: Case) -> list[Note]:
    rows = permissions.visible(user, access.VIEW_NOTES, Note).filter(case=case)
    return list(rows.select_related("author"))


def note_for(user: Any, case: Case, pk: int) -> Note | None:
    """A note of the case the user may read (to link a file to), else None."""
    return permissions.visible(user, access.VIEW_NOTES, Note).filter(case=case, pk=pk).first()


def attachments_of(user: Any, case: Case) -> list[Attachment]:
    return list(permissions.visible(user, access.VIEW_NOTES, Attachment).filter(case=case))


def attachment_get(user: Any, pk: int) -> Attachment:
    """One file the user may read (level and scope like notes); the read is audited."""
    found = permissions.visible(user, access.VIEW_NOTES, Attachment).filter(pk=pk).first()
    if found is None:
        raise Http404
    audit_many(user, AuditAction.READ, [found], fields=["file", "original_name", "content_type"])
    return found


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def overlapping(appointment: Appointment) -> QuerySet[InterpreterBooking]:
    """Bookings (not declined or cancelled) whose appointment overlaps this one's time."""
    return InterpreterBooking.objects.filter(
        municipality_id=appointment.municipality_id,
        appointment__starts_at__lt=appointment.ends_at,
        appointment__ends_at__gt=appointment.starts_at,
        appointment__cancelled_at__isnull=True,
    ).exclude(status__in=[BookingStatus.DECLINED, BookingStatus.CANCELLED])


# The interpreter pool -----------------------------------------------------------------------


def profiles(user: Any, permission: str = access.INTERPRETER_POOL) -> QuerySet[InterpreterProfile]:
    return permissions.visible(user, permission, InterpreterProfile).select_related("user")


def profile_for(user: Any, pk: int | None) -> InterpreterProfile | None:
    """An interpreter of the pool a case worker may book (None: no such one)."""
    return profiles(user, access.WORK).filter(pk=pk).first() if pk else None


def bookings_of(user: Any, appointment: Appointment) -> list[InterpreterBooking]:
    rows = permissions.visible(user, access.VIEW, InterpreterBooking).filter(
        appointment=appointment
    )
    return list(rows.select_related("interpreter__user"))


def interpreter_users(user: Any) -> QuerySet[User]:
    """Users with the interpreter role of the municipality (to create a profile for)."""
    return permissions.visible(user, access.INTERPRETER_POOL, User).filter(
        role=Role.INTERPRETER, is_active=True
    )


def interpreters_free(user: Any, appointment: Appointment) -> list[InterpreterProfile]:
    """Active interpreters who speak the person's language and are not booked at the time."""
    language = appointment.case.person.interpreter_language
    if not language:
        return []
    busy = overlapping(appointment).values("interpreter_id")
    rows = profiles(user, access.WORK).filter(active=True).exclude(pk__in=busy)
    return [p for p in rows.order_by("pk") if language in p.languages]


def bookings_own(user: Any) -> list[InterpreterBooking]:
    """The interpreter's own bookings, newest appointments first."""
    rows = permissions.visible(user, access.INTERPRETING, InterpreterBooking).filter(
        interpreter__user=user
    )
    return list(rows.select_related("appointment").order_by("-appointment__starts_at", "-pk"))


def booking_for(user: Any, pk: int, permission: str) -> InterpreterBooking:
    found = (
        permissions.visible(user, permission, InterpreterBooking)
        .select_related("appointment", "interpreter")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


# Calendar feeds -----------------------------------------------------------------------------


def feed_of(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(municipality_id=user.municipality_id, user=user).first()


def feed_owner(municipality_slug: str, token: str) -> User:
    """The active user whose secret address this is (else 404)."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(municipality__slug=municipality_slug, digest=token_digest(token))
        .first()
    )
    if feed is None or not feed.user.is_active or feed.user.municipality_id != feed.municipality_id:
        raise Http404
    return feed.user


def feed_appointments(owner: User, now: dt.datetime | None = None) -> list[Appointment]:
    """The owner's appointments from 30 days back on, as the owner may still see them."""
    since = (now or timezone.now()) - dt.timedelta(days=FEED_DAYS_BACK)
    rows = permissions.visible(owner, access.VIEW, Appointment).filter(
        worker=owner, starts_at__gte=since
    )
    return list(rows.select_related("case").order_by("starts_at", "pk"))
