"""The round trip: ankunft's OParl endpoint, served by a real HTTP server (`live_server`),
imported by ankunft's own importer into a fresh municipality, gives the same papers,
meetings, files and agenda results; and every object on the way validates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ankunft.council.models import (
    AgendaItem,
    Consultation,
    File,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
)
from ankunft.council.oparl.client import KINDS, HttpClient, HttpSource, Raw
from ankunft.council.oparl.importer import import_oparl
from tests.council import oparl_schema, oparl_world

pytestmark = pytest.mark.django_db(transaction=True)


class Recorded:
    """What an `HttpSource` read, replayed: the whole endpoint is read over HTTP first,
    then imported. (The import runs in one transaction; SQLite's shared in-memory test
    database locks its tables for the server's thread meanwhile.)"""

    incremental = True

    def __init__(self, source: HttpSource) -> None:
        self.label = source.label
        self.lists = {kind: list(source.items(kind, None)) for kind in KINDS}
        self.objects: dict[str, Any] = {}
        for raw in (r for rows in self.lists.values() for r in rows):
            self._remember(raw.data)
        self.client = source.client

    def _remember(self, data: Any) -> None:
        if isinstance(data, dict):
            if isinstance(data.get("id"), str) and "type" in data:
                self.objects.setdefault(data["id"], data)
            for value in data.values():
                self._remember(value)
        elif isinstance(data, list):
            for value in data:
                self._remember(value)

    def items(self, kind: str, since: Any) -> Iterator[Raw]:
        return iter(self.lists.get(kind, []))  # an iterator, as a Source gives

    def total(self, kind: str) -> int | None:
        return len(self.lists.get(kind, []))

    def fetch(self, url: str) -> Any | None:
        return self.objects.get(url)

    def prefetch(self, urls: Any) -> None:
        return None  # all read already

    def file_text(self, file_id: str, embedded_text: str) -> str:
        return embedded_text


def _papers(m) -> set[tuple[Any, ...]]:
    rows = Paper.objects.filter(municipality=m, deleted=False)
    return {(p.reference, p.name, p.date, p.paper_type) for p in rows}


def _meetings(m) -> set[tuple[Any, ...]]:
    return {(x.name, x.start, x.end) for x in Meeting.objects.filter(municipality=m)}


def _paper_files(m) -> set[tuple[Any, ...]]:
    rows = File.objects.filter(municipality=m, paper__isnull=False, deleted=False)
    return {(f.paper.reference, f.name, f.mime_type, f.access_url) for f in rows}


def _results(m) -> set[tuple[Any, ...]]:
    rows = Consultation.objects.filter(municipality=m).select_related("paper", "meeting")
    return {
        (c.paper.reference, c.meeting.name if c.meeting else "", c.role, c.result) for c in rows
    }


def _agenda(m) -> set[tuple[Any, ...]]:
    rows = AgendaItem.objects.filter(municipality=m, public=True).select_related("meeting")
    return {
        (i.meeting.name, i.number, i.order, i.name, i.result, i.resolution_text,
         i.consultation.paper.reference if i.consultation else None)
        for i in rows
    }  # fmt: skip


def _other_files(m) -> set[tuple[Any, ...]]:
    rows = File.objects.filter(municipality=m, paper__isnull=True)
    return {
        (f.name, f.access_url, f.meeting_role, f.agenda_item_role,
         f.meeting.name if f.meeting else f.agenda_item.number if f.agenda_item else None)
        for f in rows
    }  # fmt: skip


def _people(m) -> set[tuple[Any, ...]]:
    people = {
        (p.name, p.family_name, tuple(p.title)) for p in Person.objects.filter(municipality=m)
    }
    memberships = Membership.objects.filter(municipality=m).select_related(
        "person", "organization", "on_behalf_of"
    )
    seats = {
        (s.person.name, s.organization.name, s.role, s.voting_right, s.start_date,
         s.on_behalf_of.name if s.on_behalf_of else None)
        for s in memberships
    }  # fmt: skip
    return people | seats


def _places(m) -> set[tuple[Any, ...]]:
    rows = Location.objects.filter(municipality=m)
    return {(x.description, x.room, x.street_address, x.postal_code, x.locality) for x in rows}


def test_the_endpoint_round_trips_through_the_importer(live_server, town, other_town):
    world = oparl_world.build(town)
    # The original records results on agenda items; the consultation's own copy is the
    # importer's (what a source's agenda item says), so compare it from the item.
    Consultation.objects.filter(pk=world.item.consultation_id).update(result=world.item.result)
    source = Recorded(
        HttpSource(
            f"{live_server.url}/oparl/bodies/{town.slug}/",
            HttpClient(rate=0, backoff=0, timeout=10),
        )
    )
    assert {kind: len(source.lists[kind]) for kind in ("organization", "meeting", "paper")} == {
        "organization": 2,
        "meeting": 2,
        "paper": 2,
    }
    assert [e for d in source.objects.values() for e in oparl_schema.errors(d)] == []
    report = import_oparl(source=source, municipality=other_town)
    assert report.errors == []
    assert _papers(other_town) == _papers(town)
    assert _meetings(other_town) == _meetings(town)
    # The paper's files, and the published report's PDF as a file of its paper.
    added = _paper_files(other_town) - _paper_files(town)
    assert _paper_files(other_town) - added == _paper_files(town)
    assert [(f[0], f[2], "/reports/public/" in f[3]) for f in added] == [
        (world.seed.reference, "application/pdf", True)
    ]
    assert _results(other_town) == _results(town)
    assert _agenda(other_town) == _agenda(town)
    assert _other_files(other_town) == _other_files(town)
    assert _people(other_town) == _people(town)
    # A location known only as text is served as an embedded Location: the copy has a record.
    as_text = Meeting.objects.filter(municipality=town, location_record=None).exclude(location="")
    assert _places(other_town) == _places(town) | {(m.location, "", "", "", "") for m in as_text}
    # A second run changes nothing.
    again = import_oparl(source=source, municipality=other_town, full=True)
    source.client.close()
    assert again.errors == []
    changed = {key: n for key, n in again.stats.counts.items() if key[1] != "unchanged"}
    assert changed == {}
