"""Antragsleser: read the plain text of a German council paper and propose its structure.

The reader is rule-based: it knows how German council papers are laid out (letter-style
motions, the Karlsruhe header generations, the budget-motion form, the "Finanzielle
Auswirkungen" box) and how German writes money and dates. It proposes; a person checks
and corrects before anything is stored.

Usage::

    proposal = read_motion(text)
    proposal.to_json_dict()
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ankunft.council.motion_reader import amounts, body, forms, meta, patterns
from ankunft.council.motion_reader.text import clean_text, raw_lines

__all__ = ["Allocation", "MotionProposal", "MotionReadError", "read_motion"]


@dataclass(frozen=True)
class Allocation:
    """Money a paper asks to budget for one year (or for no stated year)."""

    year: int | None
    amount_eur: Decimal  # negative for cuts
    recurring: bool  # "jährlich", "je", "pro Jahr", "dauerhaft" …
    kind: str  # personnel, material, investment, transfer, revenue, unspecified

    def to_json_dict(self) -> dict[str, object]:
        """The allocation as JSON-ready values; whole euro amounts become ints."""
        amount: int | float = (
            int(self.amount_eur)
            if self.amount_eur == self.amount_eur.to_integral_value()
            else float(self.amount_eur)
        )
        return {
            "year": self.year,
            "amount_eur": amount,
            "recurring": self.recurring,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class MotionProposal:
    """The structure the reader proposes for one paper; unknown fields are None or empty."""

    title: str | None
    reference: str | None
    date: datetime.date | None
    originators: list[str]
    committee: str | None
    meeting_date: datetime.date | None
    allocations: list[Allocation]
    cover: str | None
    related_references: list[str]

    def to_json_dict(self) -> dict[str, object]:
        """The proposal as JSON-ready values, dates as "YYYY-MM-DD"."""
        return {
            "title": self.title,
            "reference": self.reference,
            "date": self.date.isoformat() if self.date else None,
            "originators": list(self.originators),
            "committee": self.committee,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "allocations": [allocation.to_json_dict() for allocation in self.allocations],
            "cover": self.cover,
            "related_references": list(self.related_references),
        }


class MotionReadError(ValueError):
    """The text cannot be read as a council paper; ``code`` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# Papers shorter than this (in letters) carry no readable content.
_MIN_LETTERS = 40


def read_motion(text: str) -> MotionProposal:
    """Read a council paper's plain text and propose its structure.

    Raises ``MotionReadError`` with code ``"empty"`` for a blank text and
    ``"not_a_motion"`` for text that is not a council paper (or is minutes or an
    administration's response to a motion).
    """
    if not isinstance(text, str) or not text.strip():
        raise MotionReadError("empty", str(_("The text is empty.")))
    cleaned = clean_text(text)
    if not _has_letters(cleaned, _MIN_LETTERS):
        raise MotionReadError("empty", str(_("The text is too short to be a council paper.")))
    if not meta.looks_like_council_paper(cleaned):
        raise MotionReadError(
            "not_a_motion", str(_("The text does not look like a council motion or paper."))
        )
    header = meta.read_header(cleaned)
    if header.kind in {patterns.KIND_MINUTES, patterns.KIND_RESPONSE}:
        raise MotionReadError(
            "not_a_motion",
            str(_("The text is minutes or a response to a motion, not a motion itself.")),
        )

    return MotionProposal(
        title=header.title,
        reference=header.reference,
        date=header.date,
        originators=body.originators(cleaned, header),
        committee=header.committee,
        meeting_date=header.meeting_date,
        allocations=_allocations(text, cleaned, header),
        cover=body.cover(cleaned),
        related_references=body.related_references(cleaned, header.reference),
    )


def _has_letters(text: str, count: int) -> bool:
    """True when ``text`` holds at least ``count`` letters (stops counting there)."""
    letters = re.finditer(r"[^\W\d_]", text)
    return sum(1 for _ in itertools.islice(letters, count)) >= count


def _allocations(raw: str, cleaned: str, header: meta.Header) -> list[Allocation]:
    """Choose the money source that fits the paper: form, box, or operative prose."""
    found: list[amounts.RawAllocation] | None
    if header.kind in {patterns.KIND_QUESTION, patterns.KIND_INFORMATION}:
        found = []  # questions and information papers ask for no money
    else:
        found = forms.form_allocations(raw_lines(raw), title=header.title or "")
        if found is None:
            found = amounts.prose_allocations(body.operative_part(cleaned, header))
        if not found and header.kind == patterns.KIND_PROPOSAL:
            found = forms.box_allocations(cleaned) or []
    unique: list[Allocation] = []
    for item in found:
        allocation = Allocation(item.year, item.amount_eur, item.recurring, item.kind)
        if allocation not in unique:
            unique.append(allocation)
    return unique
