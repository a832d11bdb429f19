"""Reading what a meeting holds besides its name and time: its location, its files
(invitation, results protocol, verbatim protocol, auxiliary files) and its agenda items
with their files (see `fields` for the typed access to objects)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from ankunft.council.oparl.fields import AgendaResult, Obj
from ankunft.council.oparl.papers import FileData, parse_file


@dataclass
class LocationData:
    oparl_id: str
    deleted: bool
    values: dict[str, Any] = field(default_factory=dict)


def parse_location(obj: Obj) -> LocationData:
    if obj.deleted():
        return LocationData(obj.id, True)
    geojson = obj.child("geojson")
    return LocationData(
        obj.id,
        False,
        {
            "description": obj.text("description"),
            "street_address": obj.text("streetAddress"),
            "room": obj.text("room"),
            "postal_code": obj.text("postalCode"),
            "sub_locality": obj.text("subLocality"),
            "locality": obj.text("locality"),
            "geojson": geojson.data if geojson is not None else None,
            "modified": obj.timestamp("modified"),
            "created": obj.timestamp("created"),
            "deleted": False,
        },
    )


@dataclass
class AgendaItemData:
    oparl_id: str
    deleted: bool
    values: dict[str, Any] = field(default_factory=dict)
    # (role, embedded file) and (role, URL) of the item's files
    files: list[tuple[str, FileData]] = field(default_factory=list)
    file_refs: list[tuple[str, str]] = field(default_factory=list)


def _files(
    obj: Obj, roles: tuple[tuple[str, str, bool], ...]
) -> tuple[list[tuple[str, FileData]], list[tuple[str, str]]]:
    """The files of an object by role: (OParl field, role, is a list)."""
    files: list[tuple[str, FileData]] = []
    refs: list[tuple[str, str]] = []
    for name, role, many in roles:
        items = obj.refs_or_objs(name) if many else [obj.ref_or_obj(name)]
        for item in items:
            if isinstance(item, Obj):
                files.append((role, parse_file(item)))
            elif item:
                refs.append((role, item))
    return files, refs


_AGENDA_FILES = (("resolutionFile", "resolution", False), ("auxiliaryFile", "auxiliary", True))
MEETING_FILES = (
    ("invitation", "invitation", False),
    ("resultsProtocol", "results_protocol", False),
    ("verbatimProtocol", "verbatim_protocol", False),
    ("auxiliaryFile", "auxiliary", True),
)


def parse_agenda_item(obj: Obj) -> AgendaItemData:
    if obj.deleted():
        return AgendaItemData(obj.id, True)
    order = obj.integer("order")
    files, refs = _files(obj, _AGENDA_FILES)
    public = obj.flag("public")
    return AgendaItemData(
        obj.id,
        False,
        {
            "number": obj.text("number"),
            "order": order or 0,
            "name": obj.text("name"),
            "public": True if public is None else public,
            "consultation_ref": obj.text("consultation"),
            "result": obj.text("result").strip(),
            "resolution_text": obj.text("resolutionText").strip(),
            "start": obj.timestamp("start"),
            "end": obj.timestamp("end"),
            "modified": obj.timestamp("modified"),
            "created": obj.timestamp("created"),
            "deleted": False,
        },
        files,
        refs,
    )


def agenda_result(
    item: AgendaItemData, meeting_start: datetime.datetime | None
) -> AgendaResult | None:
    """What an embedded agenda item records for its consultation (as `fields.agenda_result`
    does for a fetched one), or None for an item without a consultation."""
    ref = item.values.get("consultation_ref")
    if item.deleted or not ref:
        return None
    result = item.values["result"]
    day = (item.values["start"] or meeting_start) if result else None
    return AgendaResult(
        item_id=item.oparl_id,
        consultation_id=ref,
        result=result,
        resolution_text=item.values["resolution_text"],
        date=timezone.localdate(day) if day else None,
    )


@dataclass
class MeetingParts:
    """A meeting's location, files and agenda items, embedded or by reference."""

    location: LocationData | None = None
    location_ref: str = ""
    files: list[tuple[str, FileData]] = field(default_factory=list)
    file_refs: list[tuple[str, str]] = field(default_factory=list)
    agenda: list[AgendaItemData] = field(default_factory=list)
    agenda_refs: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def parse_meeting_parts(obj: Obj) -> MeetingParts:
    location = obj.ref_or_obj("location")
    files, refs = _files(obj, MEETING_FILES)
    parts = MeetingParts(files=files, file_refs=refs)
    if isinstance(location, Obj):
        parts.location = parse_location(location)
    elif location:
        parts.location_ref = location
    for item in obj.refs_or_objs("agendaItem"):
        if isinstance(item, Obj):
            parts.agenda.append(parse_agenda_item(item))
        else:
            parts.agenda_refs.append(item)
    parts.values = {
        "meeting_state": obj.text("meetingState"),
        "cancelled": bool(obj.flag("cancelled")),
        "created": obj.timestamp("created"),
    }
    return parts


# Where each kind of object names other objects by URL: (single fields, list fields,
# embedded lists to look into with their own kind).
_REFERENCES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "meeting": (
        ("location", "invitation", "resultsProtocol", "verbatimProtocol"),
        ("organization", "auxiliaryFile", "agendaItem"),
        (("agendaItem", "agendaitem"),),
    ),
    "agendaitem": (("resolutionFile",), ("auxiliaryFile",), ()),
    "paper": (
        ("mainFile",),
        ("auxiliaryFile", "consultation", "originatorOrganization"),
        (("consultation", "consultation"),),
    ),
    "consultation": (("meeting", "agendaItem"), ("organization",), ()),
    "person": ((), ("membership",), (("membership", "membership"),)),
    "membership": (("organization", "onBehalfOf"), (), ()),
}


def references(kind: str, data: Any) -> list[str]:
    """The URLs an object of `kind` names without embedding them: what its import may have
    to fetch (see `Source.prefetch`)."""
    if not isinstance(data, dict) or kind not in _REFERENCES:
        return []
    singles, lists, embedded = _REFERENCES[kind]
    found = [v for v in (data.get(n) for n in singles) if isinstance(v, str)]
    for name in lists:
        values = data.get(name)
        if isinstance(values, list):
            found.extend(v for v in values if isinstance(v, str))
    for name, inner in embedded:
        values = data.get(name)
        if isinstance(values, list):
            for value in values:
                found.extend(references(inner, value))
    return found
