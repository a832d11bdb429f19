"""Schemas of the council API (see `council/api.py`)."""

# No `from __future__ import annotations` here: django-ninja and pydantic read the
# annotations at import time.

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from ankunft.core.apitools import SearchText

MAX_TEXT_CHARS = 1024 * 1024


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    oparl_id: str


class AllocationSchema(Schema):
    year: int | None = Field(None, ge=1990, le=2100)
    amount_eur: Decimal = Field(..., max_digits=14, decimal_places=2)
    recurring: bool = False
    kind: str = Field("", max_length=40)


class DecisionOut(Schema):
    id: int
    outcome: str
    date: dt.date | None
    organization: OrganizationOut | None
    resolution_text: str
    effect: str = Field("", description="new, confirms, changes, cancels or empty")


class FileOut(Schema):
    id: int
    name: str
    mime_type: str
    access_url: str
    role: str = Field(
        "",
        description="for a paper: main or auxiliary; for an agenda item: resolution or auxiliary",
    )


class AgendaItemOut(Schema):
    """An agenda item of a meeting that dealt with the paper, and what it decided."""

    id: int
    meeting_id: int
    number: str
    name: str
    public: bool
    result: str
    resolution_text: str
    files: list[FileOut] = []


class ConsultationOut(Schema):
    id: int
    meeting_id: int | None
    meeting_start: dt.datetime | None
    meeting_name: str = ""
    organization: OrganizationOut | None
    role: str
    authoritative: bool
    result: str
    agenda_items: list[AgendaItemOut] = []


class PaperRef(Schema):
    id: int
    reference: str
    name: str


class PaperOut(Schema):
    id: int
    reference: str
    name: str
    date: dt.date | None
    paper_type: str
    source: str
    originators: list[str]


class PaperDetailOut(PaperOut):
    text: str
    cover: str
    deleted: bool
    oparl_id: str
    originator_organizations: list[OrganizationOut]
    related_papers: list[PaperRef]
    related_references: list[str]
    allocations: list[AllocationSchema]
    files: list[FileOut]
    consultations: list[ConsultationOut]
    decisions: list[DecisionOut]


class PaperFilter(Schema):
    q: SearchText = Field("", description="words in reference, title or text")
    paper_type: str = Field("", max_length=200)


class PaperIn(Schema):
    name: str = Field(..., min_length=1, max_length=500)
    reference: str = Field("", max_length=100)
    date: dt.date | None = None
    paper_type: str = Field("", max_length=200)
    text: str = ""
    cover: str = ""
    originator_ids: list[int] = []
    related_paper_ids: list[int] = []
    related_references: list[str] = []
    allocations: list[AllocationSchema] | None = Field(
        None, description="replaces the allocations; leave out to keep them (update)"
    )


class YearAmountIn(Schema):
    year: int = Field(..., ge=1990, le=2100)
    amount: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)


class DecisionIn(Schema):
    outcome: str = Field(..., description="adopted, rejected, referred or pending")
    date: dt.date | None = None
    organization_id: int | None = None
    resolution_text: str = ""
    effect: str = Field(
        "",
        description=(
            "For a later decision on a paper whose money an earlier one adopted: confirms, "
            "changes (with `amounts`) or cancels. The first adoption makes the budget lines."
        ),
    )
    amounts: list[YearAmountIn] = Field(
        default_factory=list, description="for effect changes: the adopted amount per year"
    )


class MotionTextIn(Schema):
    text: str = Field(..., max_length=MAX_TEXT_CHARS)


class MotionProposalOut(Schema):
    title: str | None
    reference: str | None
    date: dt.date | None
    originators: list[str]
    committee: str | None
    meeting_date: dt.date | None
    allocations: list[AllocationSchema]
    cover: str | None
    related_references: list[str]
    duplicates: list[int] = Field(
        default_factory=list,
        description="ids of papers that look like this motion read before (same text, or "
        "same title, date and originators)",
    )


class MotionConfirmIn(Schema):
    title: str = Field(..., min_length=1, max_length=500)
    reference: str = Field("", max_length=100)
    date: dt.date | None = None
    originators: list[str] = []
    committee: str = Field("", max_length=300)
    meeting_date: dt.date | None = None
    allocations: list[AllocationSchema] = []
    cover: str = ""
    related_references: list[str] = []
    text: str = Field("", max_length=MAX_TEXT_CHARS)
    save_anyway: bool = Field(
        False,
        description="save although the motion looks like a paper already stored (else 400)",
    )


class MeetingOut(Schema):
    id: int
    name: str
    start: dt.datetime | None
    end: dt.datetime | None
    location: str
    organizations: list[OrganizationOut]
    oparl_id: str
