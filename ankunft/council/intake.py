"""Motion intake: from an uploaded file, pasted text or a file on the command line to the
reader's proposal.

Checks come before reading, each with a message a person understands: too large (the same
1 MB on page, API and CLI, for a file and for pasted text), empty, binary (a PDF or Word
file instead of plain text). Texts in UTF-8 are read as such; older Windows exports
(cp1252) are accepted too. A text in which the reader recognises nothing of a motion (no
title, number, date, originators, committee or amounts: a README, say) is refused rather
than proposed as a paper with every field unknown.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ankunft.council.motion_reader import MotionProposal, MotionReadError, read_motion

MAX_UPLOAD_BYTES = 1024 * 1024
# Control characters other than tab, line feed, form feed and carriage return.
_BINARY_BYTES = frozenset(range(32)) - {9, 10, 12, 13}


def decode_motion_text(data: bytes) -> str:
    """The text of an upload, or a `ValidationError` saying why there is none."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is too large: at most 1 MB."), code="too_large")
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    sample = data[:4096]
    if sample.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValidationError(
            _("This is a PDF or Office file. Save the motion as plain text (.txt) first."),
            code="binary",
        )
    if sum(byte in _BINARY_BYTES for byte in sample) > len(sample) // 100:
        raise ValidationError(
            _("The file is not plain text. Save the motion as plain text (.txt) first."),
            code="binary",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def too_large_text() -> ValidationError:
    """The message for pasted text above the limit (the same limit as for a file)."""
    return ValidationError(_("The text is too large: at most 1 MB."), code="too_large")


def read_motion_text(text: str) -> MotionProposal:
    """The reader's proposal for a motion's text.

    Raises `MotionReadError` as the reader does, and with code ``"nothing_recognised"``
    when the reader found none of a motion's parts.
    """
    proposal = read_motion(text)
    found = (
        proposal.title,
        proposal.reference,
        proposal.date,
        proposal.originators,
        proposal.committee,
        proposal.meeting_date,
        proposal.allocations,
    )
    if not any(found):
        raise MotionReadError(
            "nothing_recognised",
            _(
                "No motion was recognised in this text: it has no title, paper number, date, "
                "originators, committee or amounts of a council motion."
            ),
        )
    return proposal
