"""Audit paths of the case module's appointments pages and API (see tests/core/test_audit_paths.py):
`CASE_ROUTES` maps a function (taking the World of that file, returning its Shown) to
its route; `NOT_PERSONAL` maps a route that shows no personal field to the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ankunft.cases.models import NoteLevel
from ankunft.cases.selectors import appointments as sel
from ankunft.cases.services import appointments as svc
from ankunft.cases.services.attachments import attachment_add
from ankunft.cases.services.notes import note_add
from ankunft.core.models import Role, User
from tests import factories
from tests.cases import factories as cf
from tests.cases.world_appointments import PDF


def _shown(response: Any, records: list[Any], fields: list[str]) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415 - that file imports this one

    return Shown(response, records, fields)


def _setup(w: Any, *, login: bool = True) -> tuple[User, Any, list[Any]]:
    """A case worker, their case (the person needs an interpreter) and two appointments."""
    team = factories.team(w.town)
    cw = w.make_user(Role.CASE_WORKER, team=team)
    case = cf.case(w.town, team, cw, interpreter_language="ar")
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    appointments = [
        svc.appointment_create(
            actor=cw,
            case=case,
            kind="consultation",
            starts_at=start + dt.timedelta(days=i),
            ends_at=start + dt.timedelta(days=i, hours=1),
            place=f"Raum {i}",
        )
        for i in range(2)
    ]
    if login:
        w.client.force_login(cw)
    return cw, case, appointments


def _interpreters(w: Any, n: int = 2) -> list[Any]:
    lead = w.make_user(Role.TEAM_LEAD, team=factories.team(w.town))
    return [
        svc.interpreter_profile_save(
            actor=lead, user=w.make_user(Role.INTERPRETER), languages=["ar", "fa"]
        )
        for _ in range(n)
    ]


def page_appointments(w: Any) -> Any:
    _cw, case, appointments = _setup(w)
    url = reverse("cases:appointment_new", kwargs={"case_pk": case.pk})
    return _shown(w.client.get(url), appointments, sel.APPOINTMENT_SHOWN)


def page_appointment_edit(w: Any) -> Any:
    _cw, _case, appointments = _setup(w)
    url = reverse("cases:appointment_edit", kwargs={"pk": appointments[0].pk})
    return _shown(w.client.get(url), [appointments[0]], sel.APPOINTMENT_SHOWN)


def page_booking_new(w: Any) -> Any:
    """The appointment's time and the interpreters free for it (their names)."""
    _cw, _case, appointments = _setup(w)
    free = _interpreters(w)
    url = reverse("cases:booking_new", kwargs={"appointment_pk": appointments[0].pk})
    return _shown(
        w.client.get(url),
        [appointments[0], *free],
        ["case", "starts_at", "ends_at", "user", "languages"],
    )


def _notes(w: Any) -> tuple[Any, list[Any]]:
    cw, case, _appointments = _setup(w)
    notes = [note_add(cw, case, f"Vermerk {i}", NoteLevel.TEAM) for i in range(2)]
    return case, notes


def page_notes(w: Any) -> Any:
    case, notes = _notes(w)
    url = reverse("cases:note_list", kwargs={"case_pk": case.pk})
    return _shown(w.client.get(url), notes, sel.NOTE_SHOWN)


def api_notes(w: Any) -> Any:
    case, notes = _notes(w)
    return _shown(w.client.get(f"/api/cases/cases/{case.pk}/notes"), notes, sel.NOTE_SHOWN)


def api_appointments(w: Any) -> Any:
    _cw, case, appointments = _setup(w)
    response = w.client.get(f"/api/cases/cases/{case.pk}/appointments")
    return _shown(response, appointments, sel.APPOINTMENT_SHOWN)


def _attachment(w: Any) -> tuple[Any, Any]:
    cw, case, _appointments = _setup(w)
    upload = SimpleUploadedFile("bescheid.pdf", PDF, content_type="application/pdf")
    return case, attachment_add(actor=cw, case=case, upload=upload)


def page_attachments(w: Any) -> Any:
    case, attachment = _attachment(w)
    url = reverse("cases:attachment_list", kwargs={"case_pk": case.pk})
    return _shown(w.client.get(url), [attachment], sel.ATTACHMENT_SHOWN)


DOWNLOAD = ["file", "original_name", "content_type"]


def page_attachment_download(w: Any) -> Any:
    _case, attachment = _attachment(w)
    url = reverse("cases:attachment_download", kwargs={"pk": attachment.pk})
    return _shown(w.client.get(url), [attachment], DOWNLOAD)


def api_attachment_download(w: Any) -> Any:
    _case, attachment = _attachment(w)
    return _shown(w.client.get(f"/api/cases/attachments/{attachment.pk}"), [attachment], DOWNLOAD)


def page_interpreter_list(w: Any) -> Any:
    """The profiles and the users to choose from (all interpreters) show names."""
    profiles = _interpreters(w)
    w.client.force_login(w.make_user(Role.HEAD_OF_KI))
    users = [p.user for p in profiles]
    response = w.client.get(reverse("cases:interpreter_list"))
    return _shown(response, [*profiles, *users], ["user", "languages"])


def api_interpreters(w: Any) -> Any:
    profiles = _interpreters(w)
    w.client.force_login(w.make_user(Role.HEAD_OF_KI))
    response = w.client.get("/api/cases/interpreters")
    return _shown(response, profiles, ["user", "languages", "active"])


def _bookings(w: Any) -> list[Any]:
    cw, _case, appointments = _setup(w, login=False)
    interpreter = _interpreters(w, 1)[0]
    bookings = [
        svc.booking_create(actor=cw, appointment=a, interpreter=interpreter) for a in appointments
    ]
    w.client.force_login(interpreter.user)
    return bookings


def page_my_bookings(w: Any) -> Any:
    bookings = _bookings(w)
    return _shown(w.client.get(reverse("cases:my_bookings")), bookings, sel.BOOKING_SHOWN)


def api_my_bookings(w: Any) -> Any:
    bookings = _bookings(w)
    return _shown(w.client.get("/api/cases/bookings"), bookings, sel.BOOKING_SHOWN)


def page_calendar_feed(w: Any) -> Any:
    """Read without login: the entries name the feed's owner."""
    cw, _case, appointments = _setup(w, login=False)
    token = svc.calendar_feed_create(actor=cw)
    url = reverse("cases:calendar_feed", kwargs={"municipality": w.town.slug, "token": token})
    return _shown(w.client.get(url), appointments, sel.FEED_SHOWN)


CASE_ROUTES: dict[Callable[[Any], Any], str] = {
    page_appointments: "cases:appointment_new",
    page_appointment_edit: "cases:appointment_edit",
    page_booking_new: "cases:booking_new",
    page_notes: "cases:note_list",
    page_attachments: "cases:attachment_list",
    page_attachment_download: "cases:attachment_download",
    page_interpreter_list: "cases:interpreter_list",
    page_my_bookings: "cases:my_bookings",
    page_calendar_feed: "cases:calendar_feed",
    api_appointments: "GET /api/cases/cases/{case_id}/appointments",
    api_notes: "GET /api/cases/cases/{case_id}/notes",
    api_attachment_download: "GET /api/cases/attachments/{attachment_id}",
    api_interpreters: "GET /api/cases/interpreters",
    api_my_bookings: "GET /api/cases/bookings",
}
ECHO = "echoes what the caller wrote; audited as the write"
NOT_PERSONAL: dict[str, str] = {
    "cases:booking_answer": "a redirect after a write (audited as an update)",
    "cases:calendar_settings": "the user's own calendar address only",
    "POST /api/cases/cases/{case_id}/appointments": ECHO,
    "PATCH /api/cases/appointments/{appointment_id}": ECHO,
    "POST /api/cases/cases/{case_id}/notes": ECHO,
    "POST /api/cases/cases/{case_id}/attachments": ECHO,
    "POST /api/cases/appointments/{appointment_id}/bookings": ECHO,
    "POST /api/cases/bookings/{booking_id}/answer": ECHO,
}
