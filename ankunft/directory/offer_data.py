"""What a change of an offer carries, as plain data: forms, API, import and review use it.

`OfferData` is the language-neutral part, `OfferTexts` the texts in one language. Both
turn into JSON (for pending changes and revisions) and back; `snapshot` renders an offer
in the same shape, so a proposal and the current offer can be compared field by field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ankunft.directory.models import Offer, TagKind
from ankunft.directory.validation import (
    DayException,
    Slot,
    format_exceptions,
    format_hours,
    parse_exceptions,
    parse_hours,
)

TEXT_FIELDS = ("title", "summary", "description", "hours_note", "cost_note")


@dataclass
class OfferTexts:
    title: str
    summary: str = ""
    description: str = ""
    hours_note: str = ""
    cost_note: str = ""

    def to_json(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OfferTexts:
        return cls(**{f: str(data.get(f) or "") for f in TEXT_FIELDS})


@dataclass
class OfferData:
    provider_id: int
    district_id: int | None = None
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
    fields: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    hours: list[Slot] = field(default_factory=list)
    exceptions: list[DayException] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            data[f.name] = value
        data["hours"] = format_hours(self.hours)
        data["exceptions"] = format_exceptions(self.exceptions)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OfferData:
        values = dict(data)
        for key in ("valid_from", "valid_until"):
            values[key] = dt.date.fromisoformat(values[key]) if values.get(key) else None
        values["hours"] = parse_hours(values.get("hours") or "")
        values["exceptions"] = parse_exceptions(values.get("exceptions") or "")
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


TAG_KINDS = {
    "fields": TagKind.FIELD,
    "target_groups": TagKind.TARGET,
    "languages": TagKind.LANGUAGE,
    "accessibility": TagKind.ACCESSIBILITY,
}


def data_of(offer: Offer) -> OfferData:
    """The language-neutral data of an offer (uses prefetched tags, hours, exceptions)."""
    return OfferData(
        provider_id=offer.provider_id,
        district_id=offer.district_id,
        street=offer.street,
        postcode=offer.postcode,
        city=offer.city,
        latitude=offer.latitude,
        longitude=offer.longitude,
        access=offer.access,
        cost=offer.cost,
        contact_phone=offer.contact_phone,
        contact_email=offer.contact_email,
        website=offer.website,
        valid_from=offer.valid_from,
        valid_until=offer.valid_until,
        **{name: offer.tag_codes(kind) for name, kind in TAG_KINDS.items()},
        hours=[Slot(h.weekday, h.opens, h.closes) for h in offer.hours.all()],
        exceptions=[
            DayException(e.date, e.reason, e.opens, e.closes) for e in offer.exceptions.all()
        ],
    )


def snapshot(offer: Offer) -> dict[str, Any]:
    """The whole offer as JSON: data, status and every text with its version."""
    texts = {
        t.language: {
            **{f: getattr(t, f) for f in TEXT_FIELDS},
            "version": t.version,
            "source_language": t.source_language,
            "source_version": t.source_version,
        }
        for t in offer.translations.all()
    }
    return {
        **data_of(offer).to_json(),
        "status": offer.status,
        "source_language": offer.source_language,
        "last_reviewed": offer.last_reviewed.isoformat() if offer.last_reviewed else None,
        "texts": texts,
    }
