# ruff: noqa: E501 - one row per line: the table is read across
"""Access-matrix rows of the case module's appointments pages and API (see tests/access_matrix.py).

Appointments: case roles work them, the head of the KI reads them; notes and files only the
case roles (CASE-level notes are tested in tests/cases/test_appointments_notes.py); the
interpreter only their own bookings; the calendar feed needs no login, only its secret."""

from __future__ import annotations

from typing import Any

from tests.access_rows import A, P, Row

APPOINTMENT = {
    "kind": "consultation",
    "starts_at": "2030-01-10T10:00",
    "ends_at": "2030-01-10T11:00",
}

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
    # appointments (pages) ---------------------------------------------------------------
    P("cases:appointment_new case_pk=case_own",                                                      "200 200 200 403 403 403 403 403 302 404"),
    P("cases:appointment_new case_pk=case_other",                                                    "404 404 200 403 403 403 403 403 302 404"),
    P("POST cases:appointment_new case_pk=case_own",                                                 "302 302 403 403 403 403 403 403 302 404"),
    P("cases:appointment_edit pk=appointment",                                                       "200 200 403 403 403 403 403 403 302 404"),
    P("POST cases:appointment_edit pk=appointment",                                                  "302 302 403 403 403 403 403 403 302 404"),
    P("cases:booking_new appointment_pk=appointment",                                                "200 200 403 403 403 403 403 403 302 404"),
    P("POST cases:booking_new appointment_pk=appointment",                                           "400 400 403 403 403 403 403 403 302 404"),
    P("cases:note_list case_pk=case_team",                                                           "200 200 403 403 403 403 403 403 302 404"),
    P("cases:note_list case_pk=case_other",                                                          "404 404 403 403 403 403 403 403 302 404"),
    P("POST cases:note_list case_pk=case_team",                                                      "302 302 403 403 403 403 403 403 302 404"),
    P("cases:attachment_list case_pk=case_own",                                                      "200 200 403 403 403 403 403 403 302 404"),
    P("POST cases:attachment_list case_pk=case_own",                                                 "400 400 403 403 403 403 403 403 302 404"),
    P("cases:attachment_download pk=attachment",                                                     "200 200 403 403 403 403 403 403 302 404"),
    P("cases:interpreter_list",                                                                      "403 200 200 403 403 403 403 403 302   -"),
    P("POST cases:interpreter_list",                                                                 "403 302 302 403 403 403 403 403 302 400"),
    P("cases:my_bookings",                                                                           "403 403 403 403 403 403 200 403 302   -"),
    P("POST cases:booking_answer pk=booking",                                                        "403 403 403 403 403 403 302 403 302 404"),
    P("cases:calendar_settings",                                                                     "200 200 403 403 403 403 403 403 302   -"),
    P("POST cases:calendar_settings",                                                                "200 200 403 403 403 403 403 403 302   -"),
    P("cases:calendar_feed municipality=town,token=feed",                                            "200 200 200 200 200 200 200 200 200 200"),
    P("cases:calendar_feed municipality=town,token=no-such-token",                                   "404 404 404 404 404 404 404 404 404   -"),
    # appointments (API) -----------------------------------------------------------------
    A("GET /api/cases/cases/{case_id}/appointments case_id=case_own",                                "200 200 200 403 403 403 403 403 401 404"),
    A("GET /api/cases/cases/{case_id}/appointments case_id=case_other",                              "404 404 200 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/appointments case_id=case_own",                               "201 201 403 403 403 403 403 403 401 404"),
    A("PATCH /api/cases/appointments/{appointment_id} appointment_id=appointment",                   "200 200 403 403 403 403 403 403 401 404"),
    A("GET /api/cases/cases/{case_id}/notes case_id=case_team",                                      "200 200 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/notes case_id=case_team",                                     "201 201 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/attachments case_id=case_own",                                "400 400 403 403 403 403 403 403 401 404"),
    A("GET /api/cases/attachments/{attachment_id} attachment_id=attachment",                         "200 200 403 403 403 403 403 403 401 404"),
    A("GET /api/cases/interpreters",                                                                 "200 200 200 403 403 403 403 403 401   -"),
    A("POST /api/cases/appointments/{appointment_id}/bookings appointment_id=appointment",           "400 400 403 403 403 403 403 403 401 404"),
    A("GET /api/cases/bookings",                                                                     "403 403 403 403 403 403 200 403 401   -"),
    A("POST /api/cases/bookings/{booking_id}/answer booking_id=booking",                             "403 403 403 403 403 403 200 403 401 404"),
]
# fmt: on
BODIES: dict[str, dict[str, Any]] = {
    "POST cases:appointment_new": APPOINTMENT,
    "POST cases:appointment_edit": {"action": "cancel"},
    "POST cases:booking_new": {"interpreter": "@interpreter_profile"},
    "POST cases:note_list": {
        "text": "Anruf: Termin bestätigt.",
        "level": "team",
        "is_contact": "on",
    },
    "POST cases:interpreter_list": {
        "user": "@interpreter_user",
        "languages": "ro, ru",
        "active": "on",
    },
    "POST cases:booking_answer": {"answer": "confirm"},
    "POST cases:calendar_settings": {"action": "create"},
    "POST /api/cases/cases/{case_id}/appointments": {
        "kind": "consultation",
        "starts_at": "2030-01-10T10:00:00+01:00",
        "ends_at": "2030-01-10T11:00:00+01:00",
    },
    "PATCH /api/cases/appointments/{appointment_id}": {"place": "Beratungsraum 3"},
    "POST /api/cases/cases/{case_id}/notes": {"text": "Anruf: Termin bestätigt."},
    "POST /api/cases/appointments/{appointment_id}/bookings": {
        "interpreter_id": "@interpreter_profile"
    },
    "POST /api/cases/bookings/{booking_id}/answer": {"answer": "confirm"},
}  # fmt: skip
# The upload takes a file (the matrix sends a CSV, which is refused: 400 after the check).
MULTIPART: set[str] = {"POST /api/cases/cases/{case_id}/attachments"}
