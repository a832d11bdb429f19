"""Case notes (Vermerke) with a confidentiality level."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import Case, Note, NoteLevel
from ankunft.cases.services import require
from ankunft.cases.services.appointments import touch_contact
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, User

MAX_TEXT = 20_000


@transaction.atomic
def note_add(
    actor: User | None, case: Case, text: str, level: str = NoteLevel.TEAM, is_contact: bool = True
) -> Note:
    """Write a note; a note that records a contact moves the case's last contact to today."""
    require(actor, access.WORK, case)
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Write the note.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("A note holds at most %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}
    if level not in NoteLevel.values:
        errors["level"] = _("Choose who may read the note.")
    if errors:
        raise ValidationError(errors)
    note = Note.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        text=text,
        level=level,
        is_contact=is_contact,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if is_contact:
        touch_contact(case, timezone.localdate())
    audit(actor, AuditAction.CREATE, note, fields=["text", "level", "is_contact"])
    return note
