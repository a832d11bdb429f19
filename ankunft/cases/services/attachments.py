"""Files of a case: size and real type checked before anything is kept, stored in the
private storage (no URL), read only through the permission check."""

from __future__ import annotations

import hashlib

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import Attachment, Case, Note, NoteLevel
from ankunft.cases.services import require
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, User

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Types recognised by their content (the name and the browser's claim are not trusted).
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "image/tiff": "TIFF",
}
HEAD_BYTES = 8192


def max_bytes() -> int:
    return int(getattr(settings, "CASES_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_label(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n // 1024} KB"
    return f"{n / (1024 * 1024):g} MB"


def check_upload(upload: UploadedFile[bytes]) -> str:
    """The file's real content type, or a ValidationError that says why it is refused.

    The size is checked from the upload's header before the body is read."""
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(size)s.") % {"size": size_label(limit)}}
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            {
                "file": _("Only these kinds of file can be kept: %(kinds)s.")
                % {"kinds": ", ".join(ALLOWED_TYPES.values())}
            }
        )
    return str(kind.mime)


def _sha256(upload: UploadedFile[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attachment_add(
    *,
    actor: User | None,
    case: Case,
    upload: UploadedFile[bytes],
    level: str = NoteLevel.TEAM,
    note: Note | None = None,
) -> Attachment:
    """Keep a file of a case (optionally of one of its notes)."""
    require(actor, access.WORK, case)
    if level not in NoteLevel.values:
        raise ValidationError({"level": _("Choose who may read the file.")})
    if note is not None and note.case_id != case.pk:
        raise ValidationError({"note": _("The note belongs to another case.")})
    content_type = check_upload(upload)
    name = (upload.name or "file").replace("/", "_").replace("\\", "_")[-200:]
    attachment = Attachment(
        municipality_id=case.municipality_id,
        case=case,
        note=note,
        original_name=name,
        content_type=content_type,
        size=upload.size or 0,
        sha256=_sha256(upload),
        level=level,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit(actor, AuditAction.CREATE, attachment, fields=["file", "original_name", "level"])
    return attachment
