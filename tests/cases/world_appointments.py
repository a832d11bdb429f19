"""Records of the access matrix's world: the case module's appointments."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ankunft.cases.models import InterpreterBooking, InterpreterProfile, NoteLevel
from ankunft.cases.services.appointments import appointment_create, calendar_feed_create
from ankunft.cases.services.attachments import attachment_add
from ankunft.cases.services.notes import note_add
from ankunft.core.models import Municipality, Role, User

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def build(m: Municipality, people: dict[str, User], world: dict[str, Any]) -> None:
    """Add this area's records to `world` (the names the matrix rows use)."""
    case_own = world["case_own"]
    person = case_own.person
    person.interpreter_needed, person.interpreter_language = True, "ro"
    person.save(update_fields=["interpreter_needed", "interpreter_language"])
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    world["appointment"] = appointment_create(
        actor=None,
        case=case_own,
        kind="consultation",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Beratungsraum 2",
    )
    world["note"] = note_add(None, world["case_team"], "Termin beim Jobcenter.", NoteLevel.TEAM)
    world["note_private"] = note_add(
        None, world["case_team"], "Vertraulich: Gesundheit.", NoteLevel.CASE
    )
    world["attachment"] = attachment_add(
        actor=None,
        case=case_own,
        upload=SimpleUploadedFile("bescheid.pdf", PDF, content_type="application/pdf"),
    )
    profile = InterpreterProfile.objects.create(
        municipality=m, user=people[Role.INTERPRETER], languages=["ro", "ru"]
    )
    world["interpreter_profile"] = profile
    world["booking"] = InterpreterBooking.objects.create(
        municipality=m, appointment=world["appointment"], interpreter=profile, language="ro"
    )
    world["interpreter_user"] = people[Role.INTERPRETER]
    # The calendar feed's token, as the matrix passes kwargs: an object whose pk is the value.
    token = calendar_feed_create(actor=people[Role.CASE_WORKER])
    world["feed"] = SimpleNamespace(pk=token)
