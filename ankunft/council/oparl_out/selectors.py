"""What the OParl endpoint reads: the public council records of one municipality.

Only council records: nothing of cases. Persons and memberships only while the
municipality publishes them (`CouncilSettings.persons`). Each list is ordered by id
(keyset pagination) and fetches what its objects embed in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from ankunft.core.models import Municipality
from ankunft.council.models import (
    AgendaItem,
    Consultation,
    CouncilSettings,
    File,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)

PERSON_KINDS = frozenset({"people", "memberships"})


def persons_published(municipality: Municipality) -> bool:
    return CouncilSettings.persons_enabled(municipality.pk)


def _agenda_items() -> Prefetch[Any]:
    return Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "id"))


def _querysets() -> dict[str, QuerySet[Any]]:
    consultations = Consultation.objects.prefetch_related(_agenda_items())
    return {
        "organizations": Organization.objects.all(),
        "people": Person.objects.prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.order_by("id"))
        ),
        "memberships": Membership.objects.all(),
        "meetings": Meeting.objects.select_related("location_record").prefetch_related(
            "organizations",
            Prefetch("files", queryset=File.objects.order_by("id")),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.order_by("order", "id").prefetch_related(
                    Prefetch("files", queryset=File.objects.order_by("id"))
                ),
            ),
        ),
        "agenda-items": AgendaItem.objects.prefetch_related(
            Prefetch("files", queryset=File.objects.order_by("id"))
        ),
        "papers": Paper.objects.prefetch_related(
            "originators",
            "related_papers",
            Prefetch("files", queryset=File.objects.order_by("id")),
            Prefetch("consultations", queryset=consultations.order_by("id")),
        ),
        "consultations": consultations,
        "files": File.objects.all(),
        "locations": Location.objects.all(),
    }


def records(municipality: Municipality, kind: str) -> QuerySet[Any]:
    """The records of one kind (deleted ones included), or KeyError for an unknown kind."""
    rows = _querysets()[kind].filter(municipality=municipality)
    if kind in PERSON_KINDS and not persons_published(municipality):
        return rows.none()
    if kind == "files":
        rows = rows.exclude(access_url="")
    return rows


def listed(
    rows: QuerySet[Any],
    *,
    since: datetime.datetime | None,
    until: datetime.datetime | None,
) -> QuerySet[Any]:
    """A list as OParl asks: deleted records only for a client that asks for changes
    (`modified_since`). A record without a known `modified` (entered in ankunft) is
    in every window: a client syncing changes reads it once more rather than missing it."""
    model = rows.model
    has_modified = any(f.name == "modified" for f in model._meta.get_fields())
    if since is None and any(f.name == "deleted" for f in model._meta.get_fields()):
        rows = rows.filter(deleted=False)
    if has_modified and since is not None:
        rows = rows.filter(Q(modified__gte=since) | Q(modified__isnull=True))
    if has_modified and until is not None:
        rows = rows.filter(Q(modified__lte=until) | Q(modified__isnull=True))
    return rows
