"""API of the case module's appointments, notes, attachments and interpreter bookings
(mounted by `ankunft.cases.api`). Same selectors and services as the pages; each answer
audits the records it returns, in one INSERT."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from ankunft.cases import access
from ankunft.cases.models import Appointment, InterpreterBooking
from ankunft.cases.selectors import appointments as sel
from ankunft.cases.services import appointments as svc
from ankunft.cases.services.attachments import attachment_add
from ankunft.cases.services.notes import MAX_TEXT, note_add
from ankunft.core import permissions
from ankunft.core.apitools import DbId, api_user
from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction

router = Router(tags=["cases"])

Kind = Literal["consultation", "home_visit", "accompaniment", "phone", "goal_review"]
Level = Literal["team", "case"]


class ApptBookingOut(Schema):
    id: int
    interpreter_id: int
    language: str
    status: str


class CaseAppointmentOut(Schema):
    id: int
    case_id: int
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    worker_id: int
    attended: bool | None
    cancelled_at: dt.datetime | None
    bookings: list[ApptBookingOut]


class CaseAppointmentIn(Schema):
    kind: Kind
    starts_at: dt.datetime
    ends_at: dt.datetime = Field(..., description="after `starts_at` (else 400)")
    place: str = Field("", max_length=200)


class CaseAppointmentPatch(Schema):
    kind: Kind | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str | None = Field(None, max_length=200)
    attended: bool | None = Field(None, description="took place (only once it has begun)")
    cancel: bool = Field(False, description="cancel the appointment and its bookings")


class CaseNoteOut(Schema):
    id: int
    case_id: int
    text: str
    level: str
    is_contact: bool
    author_id: int | None
    created_at: dt.datetime


class CaseNoteIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_TEXT)
    level: Level = "team"
    is_contact: bool = True


class CaseAttachmentOut(Schema):
    id: int
    case_id: int
    note_id: int | None
    original_name: str
    content_type: str
    size: int
    sha256: str
    level: str
    uploaded_at: dt.datetime


class CaseAttachmentIn(Schema):
    level: Level = "team"
    note_id: DbId | None = Field(None, description="a note of the case the file belongs to")


class PoolInterpreterOut(Schema):
    id: int
    name: str
    languages: list[str]
    active: bool


class ApptBookingIn(Schema):
    interpreter_id: DbId


class OwnBookingOut(Schema):
    """What an interpreter sees of a booking: time, place, language and status (and the id
    to answer it by)."""

    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    language: str
    status: str


class BookingAnswerIn(Schema):
    answer: Literal["confirm", "decline"]


def _appointment(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "case_id": a.case_id,
        "kind": a.kind,
        "starts_at": a.starts_at,
        "ends_at": a.ends_at,
        "place": a.place,
        "worker_id": a.worker_id,
        "attended": a.attended,
        "cancelled_at": a.cancelled_at,
        "bookings": [
            {
                "id": b.pk,
                "interpreter_id": b.interpreter_id,
                "language": b.language,
                "status": b.status,
            }
            for b in a.bookings.all()
        ],
    }


def _own_booking(b: InterpreterBooking) -> dict[str, Any]:
    return {
        "id": b.pk,
        "starts_at": b.appointment.starts_at,
        "ends_at": b.appointment.ends_at,
        "place": b.appointment.place,
        "language": b.language,
        "status": b.status,
    }


@router.get(
    "/cases/{case_id}/appointments",
    response=list[CaseAppointmentOut],
    summary="The appointments of a case",
)
def appointment_list(request: HttpRequest, case_id: DbId) -> Any:
    user = api_user(request)
    permissions.require(user, access.VIEW)
    case = sel.case_for(user, case_id)
    rows = sel.appointments_of(user, case)
    sel.audit_shown(user, case, rows, sel.APPOINTMENT_SHOWN)
    return [_appointment(a) for a in rows]


@router.post(
    "/cases/{case_id}/appointments",
    response={201: CaseAppointmentOut},
    summary="Make an appointment in a case (the worker is the case's)",
)
def appointment_create(request: HttpRequest, case_id: DbId, data: CaseAppointmentIn) -> Any:
    user = api_user(request)
    permissions.require(user, access.WORK)
    case = sel.case_for(user, case_id, access.WORK)
    appointment = svc.appointment_create(actor=user, case=case, **data.dict())
    return Status(201, _appointment(appointment))


@router.patch(
    "/appointments/{appointment_id}",
    response=CaseAppointmentOut,
    summary="Change, cancel or mark an appointment as taken place",
)
def appointment_patch(
    request: HttpRequest, appointment_id: DbId, data: CaseAppointmentPatch
) -> Any:
    user = api_user(request)
    permissions.require(user, access.WORK)
    appointment = sel.appointment_for(user, appointment_id, access.WORK)
    changes = data.dict(exclude_unset=True)
    cancel, attended = changes.pop("cancel", False), changes.pop("attended", None)
    changes = {k: v for k, v in changes.items() if v is not None}
    if changes:
        svc.appointment_update(actor=user, appointment=appointment, **changes)
    if attended is not None:
        svc.appointment_attended(actor=user, appointment=appointment, attended=attended)
    if cancel:
        svc.appointment_cancel(actor=user, appointment=appointment)
    return _appointment(appointment)


@router.get("/cases/{case_id}/notes", response=list[CaseNoteOut], summary="The notes of a case")
def note_list(request: HttpRequest, case_id: DbId) -> Any:
    user = api_user(request)
    permissions.require(user, access.VIEW_NOTES)
    case = sel.case_for(user, case_id, access.VIEW_NOTES)
    rows = sel.notes_of(user, case)
    sel.audit_shown(user, case, rows, sel.NOTE_SHOWN)
    return rows


@router.post("/cases/{case_id}/notes", response={201: CaseNoteOut}, summary="Write a note")
def note_create(request: HttpRequest, case_id: DbId, data: CaseNoteIn) -> Any:
    user = api_user(request)
    permissions.require(user, access.WORK)
    case = sel.case_for(user, case_id, access.WORK)
    return Status(201, note_add(user, case, data.text, data.level, data.is_contact))


@router.post(
    "/cases/{case_id}/attachments",
    response={201: CaseAttachmentOut},
    summary="Keep a file of a case (multipart: `file`, optional `level`)",
    description="PDF, PNG, JPEG, WebP or TIFF by content, at most CASES_ATTACHMENT_MAX_BYTES "
    "(10 MB by default); anything else: 400.",
)
def attachment_create(
    request: HttpRequest, case_id: DbId, file: File[UploadedFile], data: Form[CaseAttachmentIn]
) -> Any:
    user = api_user(request)
    permissions.require(user, access.WORK)
    case = sel.case_for(user, case_id, access.WORK)
    note = sel.note_for(user, case, data.note_id) if data.note_id else None
    if data.note_id and note is None:
        raise ValidationError(_("The note belongs to another case."))
    attachment = attachment_add(actor=user, case=case, upload=file, level=data.level, note=note)
    return Status(201, attachment)


@router.get(
    "/attachments/{attachment_id}",
    response={200: None},
    summary="Download a file of a case",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, as an attachment",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def attachment_download(request: HttpRequest, attachment_id: DbId) -> HttpResponse:
    user = api_user(request)
    permissions.require(user, access.VIEW_NOTES)
    attachment = sel.attachment_get(user, attachment_id)
    with attachment.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/interpreters", response=list[PoolInterpreterOut], summary="The interpreter pool")
def interpreter_list(request: HttpRequest) -> Any:
    user = api_user(request)
    pool = permissions.has_perm(user, access.INTERPRETER_POOL)
    permission = access.INTERPRETER_POOL if pool else access.WORK
    permissions.require(user, permission)
    rows = list(sel.profiles(user, permission).order_by("pk"))
    audit_many(user, AuditAction.READ, rows, fields=["user", "languages", "active"])
    return [
        {
            "id": p.pk,
            "name": p.user.get_full_name() or p.user.username,
            "languages": p.languages,
            "active": p.active,
        }
        for p in rows
    ]


@router.post(
    "/appointments/{appointment_id}/bookings",
    response={201: ApptBookingOut},
    summary="Ask an interpreter of the pool for an appointment",
)
def booking_create(request: HttpRequest, appointment_id: DbId, data: ApptBookingIn) -> Any:
    user = api_user(request)
    permissions.require(user, access.WORK)
    appointment = sel.appointment_for(user, appointment_id, access.WORK)
    interpreter = sel.profile_for(user, data.interpreter_id)
    if interpreter is None:
        raise ValidationError(_("Choose an interpreter."))
    b = svc.booking_create(actor=user, appointment=appointment, interpreter=interpreter)
    return Status(
        201,
        {
            "id": b.pk,
            "interpreter_id": b.interpreter_id,
            "language": b.language,
            "status": b.status,
        },
    )


@router.get(
    "/bookings",
    response=list[OwnBookingOut],
    summary="The interpreter's own bookings: time, place, language, status",
)
def booking_list(request: HttpRequest) -> Any:
    user = api_user(request)
    permissions.require(user, access.INTERPRETING)
    rows = sel.bookings_own(user)
    audit_many(user, AuditAction.READ, rows, fields=sel.BOOKING_SHOWN)
    return [_own_booking(b) for b in rows]


@router.post(
    "/bookings/{booking_id}/answer",
    response=OwnBookingOut,
    summary="Confirm or decline an own booking",
)
def booking_answer(request: HttpRequest, booking_id: DbId, data: BookingAnswerIn) -> Any:
    user = api_user(request)
    permissions.require(user, access.INTERPRETING)
    booking = sel.booking_for(user, booking_id, access.INTERPRETING)
    svc.booking_answer(actor=user, booking=booking, confirm=data.answer == "confirm")
    return _own_booking(booking)
