"""The absolute URLs of the endpoint's objects and lists (one Body per municipality)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse

T = "https://schema.oparl.org/1.1/"

# URL segment of each kind of object, and its OParl type.
KIND_TYPES = {
    "organizations": "Organization",
    "people": "Person",
    "memberships": "Membership",
    "meetings": "Meeting",
    "agenda-items": "AgendaItem",
    "papers": "Paper",
    "consultations": "Consultation",
    "files": "File",
    "locations": "Location",
}
KIND_OF_MODEL = {
    "Organization": "organizations",
    "Person": "people",
    "Membership": "memberships",
    "Meeting": "meetings",
    "AgendaItem": "agenda-items",
    "Paper": "papers",
    "Consultation": "consultations",
    "File": "files",
    "Location": "locations",
}


@dataclass(frozen=True)
class Links:
    request: HttpRequest
    body: str  # the municipality's slug

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def system(self) -> str:
        return self.absolute(reverse("oparl:system"))

    def body_url(self) -> str:
        return self.absolute(reverse("oparl:body", kwargs={"body": self.body}))

    def list(self, kind: str) -> str:
        return self.absolute(reverse("oparl:list", kwargs={"body": self.body, "kind": kind}))

    def of(self, kind: str, pk: int) -> str:
        return self.absolute(
            reverse("oparl:object", kwargs={"body": self.body, "kind": kind, "pk": pk})
        )

    def to(self, record: Model) -> str:
        return self.of(KIND_OF_MODEL[type(record).__name__], int(record.pk))


def moment(value: datetime.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Without empty optional fields (OParl: leave out what has no value)."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}
