"""Schemas of the directory API (django-ninja reads annotations at import time)."""

# No `from __future__ import annotations`: ninja builds its models from these annotations.

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema

from ankunft.core.apitools import DbId
from ankunft.core.locking_api import VersionIn
from ankunft.directory.services import OfferData, OfferTexts
from ankunft.directory.validation import DayException, Slot, parse_time


class TextsIn(Schema):
    title: str
    summary: str = ""
    description: str = ""
    hours_note: str = ""
    cost_note: str = ""

    def texts(self) -> OfferTexts:
        return OfferTexts(**self.dict())


class SlotIO(Schema):
    weekday: int
    opens: str
    closes: str


class ExceptionIO(Schema):
    date: dt.date
    reason: str = "closed"
    opens: str | None = None
    closes: str | None = None


def _time(value: str, label: str) -> dt.time:
    parsed = parse_time(value)
    if parsed is None:
        raise ValidationError(
            _("%(label)s: %(value)s is not a time (HH:MM).") % {"label": label, "value": value}
        )
    return parsed


class OfferIn(Schema):
    provider_id: int
    district_id: int | None = None
    source_language: str = "de"
    texts: TextsIn
    street: str = ""
    postcode: str = ""
    city: str = ""
    latitude: float | None = None
    longitude: float | None = None
    access: str = "walk_in"
    cost: str = "free"
    contact_phone: str = ""
    contact_email: str = ""
    website: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    fields: list[str]
    target_groups: list[str] = []
    languages: list[str] = []
    accessibility: list[str] = []
    hours: list[SlotIO] = []
    exceptions: list[ExceptionIO] = []
    minor: bool = False

    def data(self) -> OfferData:
        values = self.dict(
            exclude={"texts", "hours", "exceptions", "minor", "source_language", "version"}
        )
        return OfferData(
            **values,
            hours=[
                Slot(
                    s.weekday,
                    _time(s.opens, _("Opening hours")),
                    _time(s.closes, _("Opening hours")),
                )
                for s in self.hours
            ],
            exceptions=[
                DayException(
                    e.date,
                    e.reason if e.opens is None else "special",
                    _time(e.opens, _("Exceptions")) if e.opens else None,
                    _time(e.closes, _("Exceptions")) if e.closes else None,
                )
                for e in self.exceptions
            ],
        )


class TextOut(Schema):
    language: str
    title: str
    summary: str
    description: str
    hours_note: str
    cost_note: str
    version: int
    source_language: str
    source_version: int | None
    outdated: bool


class OfferOut(Schema):
    id: uuid.UUID
    url: str
    status: str
    revision: int
    version: int = Field(description="Send it back with a change (optimistic locking).")
    provider: str
    provider_id: int
    district: str | None
    source_language: str
    title: str
    text_language: str
    fallback: bool
    summary: str
    fields: list[str]
    target_groups: list[str]
    languages: list[str]
    accessibility: list[str]
    access: str
    cost: str
    street: str
    postcode: str
    city: str
    latitude: float | None
    longitude: float | None
    contact_phone: str
    contact_email: str
    website: str
    open_now: bool
    distance_km: float | None
    hours: list[SlotIO]
    exceptions: list[ExceptionIO]
    valid_from: dt.date | None
    valid_until: dt.date | None
    last_reviewed: dt.date | None


class OfferDetailOut(OfferOut):
    texts: list[TextOut]


class SearchOut(Schema):
    total: int
    page: int
    pages: int
    corrections: dict[str, list[str]]
    items: list[OfferOut]


class PublicSearchIn(Schema):
    q: str = ""
    field: str = ""
    spoken: str = ""
    district: DbId | None = None
    near: DbId | None = None
    open_now: bool = False
    free: bool = False
    walk_in: bool = False
    page: int = Field(1, ge=1, le=10_000)


class OfferUpdateIn(OfferIn):
    """A change of an offer, with the version the client read."""

    version: VersionIn = None


class OfferStatusIn(Schema):
    status: str


class UpdateOut(Schema):
    result: str
    change_id: int | None = None


class RevisionOut(Schema):
    number: int
    created_at: dt.datetime
    actor: str | None
    proposed_by: str | None = None
    note: str
    data: dict[str, object]


class OfferChangeOut(Schema):
    id: int
    offer_id: uuid.UUID
    state: str
    proposed_at: dt.datetime
    base_revision: int
    data: dict[str, object]
    decision_note: str


class ProviderPatchIn(Schema):
    """Details of a provider to change (those left out stay as they are)."""

    name: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=2000)
    website: str | None = Field(None, max_length=300)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    street: str | None = Field(None, max_length=200)
    postcode: str | None = Field(None, max_length=10)
    city: str | None = Field(None, max_length=100)
    contact_person_name: str | None = Field(None, max_length=150)
    contact_person_phone: str | None = Field(None, max_length=40)
    contact_person_email: str | None = Field(None, max_length=254)
    contact_person_public: bool | None = None


class ProviderChangeOut(Schema):
    """A provider account's proposed change of its details: before and as proposed."""

    id: int
    provider_id: int
    state: str
    proposed_at: dt.datetime
    before: dict[str, object]
    data: dict[str, object]
    decided_at: dt.datetime | None
    decision_note: str


class ChangeDecisionIn(Schema):
    note: str = ""


class QueueOut(Schema):
    offer_id: uuid.UUID
    title: str | None
    language: str
    state: str


class HsdsImportOut(Schema):
    created: int
    updated: int
    skipped: int
    messages: list[str]
