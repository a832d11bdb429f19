"""OParl 1.1 objects from council records (schemas: oparl-1.1/schema/*.json).

Embedded as the specification asks: a paper carries its files and consultations, a
meeting its location, files and agenda items, an agenda item its files, a person their
memberships, the body its legislative terms. Embedded objects leave out the link back to
the object they sit in. A deleted record is only its id, type, modified and `deleted`.
"""

from __future__ import annotations

from typing import Any

from ankunft.council.models import (
    AgendaItem,
    Consultation,
    File,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from ankunft.council.oparl_out.links import KIND_OF_MODEL, Links, T, compact, day, moment

Obj = dict[str, Any]

_ORGANIZATION_TYPES: dict[str, str] = {
    Organization.Kind.FACTION: "Fraktion",
    Organization.Kind.ADMINISTRATION: "Verwaltungsbereich",
}
_CLASSIFICATION: dict[str, str] = {
    Organization.Kind.COUNCIL: "Rat",
    Organization.Kind.COMMITTEE: "Ausschuss",
    Organization.Kind.DISTRICT_COUNCIL: "Bezirksvertretung",
    Organization.Kind.FACTION: "Fraktion",
    Organization.Kind.ADMINISTRATION: "Verwaltung",
}


def _base(links: Links, record: Any) -> Obj:
    kind = KIND_OF_MODEL[type(record).__name__]
    return {
        "id": links.of(kind, record.pk),
        "type": T + type(record).__name__,
        "created": moment(getattr(record, "created", None)),
        "modified": moment(getattr(record, "modified", None)),
    }


def deleted(links: Links, record: Any) -> Obj:
    return compact({**_base(links, record), "deleted": True})


def organization(links: Links, org: Organization) -> Obj:
    return compact(
        {
            **_base(links, org),
            "body": links.body_url(),
            "name": org.name,
            "shortName": org.short_name,
            "organizationType": _ORGANIZATION_TYPES.get(org.kind, "Gremium"),
            "classification": _CLASSIFICATION.get(org.kind, ""),
        }
    )


def location(links: Links, place: Location) -> Obj:
    return compact(
        {
            **_base(links, place),
            "description": place.description,
            "streetAddress": place.street_address,
            "room": place.room,
            "postalCode": place.postal_code,
            "subLocality": place.sub_locality,
            "locality": place.locality,
            "geojson": place.geojson or None,
        }
    )


def file(links: Links, record: File, *, embedded_in: str = "") -> Obj | None:
    """A file, or None when it has no address to fetch it from (accessUrl is required)."""
    if not record.access_url:
        return None
    data = {
        **_base(links, record),
        "name": record.name,
        "fileName": record.file_name,
        "mimeType": record.mime_type,
        "date": day(record.date),
        "size": record.size,
        "text": record.text,
        "accessUrl": record.access_url,
        "downloadUrl": record.download_url,
    }
    for field, key in (("paper", "paper"), ("meeting", "meeting"), ("agenda_item", "agendaItem")):
        owner_id = getattr(record, f"{field}_id")
        if owner_id and key != embedded_in:
            kind = {"paper": "papers", "meeting": "meetings", "agenda_item": "agenda-items"}[field]
            data[key] = [links.of(kind, owner_id)]
    return compact(data)


def _files(links: Links, records: list[File], embedded_in: str) -> list[Obj]:
    found = (file(links, r, embedded_in=embedded_in) for r in records if not r.deleted)
    return [f for f in found if f is not None]


def agenda_item(links: Links, item: AgendaItem, *, embedded: bool = False) -> Obj:
    data: Obj = {
        **_base(links, item),
        "meeting": None if embedded else links.of("meetings", item.meeting_id),
        "number": item.number,
        "order": item.order,
        "public": item.public,
    }
    if not item.public:
        return compact(data)  # a closed item: that it exists, nothing of its content
    records = [f for f in item.files.all() if not f.deleted]
    first = [f for f in records if f.agenda_item_role == File.AgendaItemRole.RESOLUTION][:1]
    resolution = _files(links, first, "agendaItem")
    auxiliary = _files(links, [f for f in records if f not in first], "agendaItem")
    data.update(
        {
            "name": item.name,
            "consultation": links.of("consultations", item.consultation_id)
            if item.consultation_id
            else None,
            "result": item.result,
            "resolutionText": item.resolution_text,
            "resolutionFile": resolution[0] if resolution else None,
            "auxiliaryFile": auxiliary,
            "start": moment(item.start),
            "end": moment(item.end),
        }
    )
    return compact(data)


def meeting(links: Links, record: Meeting) -> Obj:
    by_role: dict[str, list[Obj]] = {}
    for f in record.files.all():
        shown = None if f.deleted else file(links, f, embedded_in="meeting")
        if shown is not None:
            by_role.setdefault(f.meeting_role or File.MeetingRole.AUXILIARY, []).append(shown)
    auxiliary = by_role.pop(File.MeetingRole.AUXILIARY, [])
    for role in by_role.values():  # a second invitation or protocol is an auxiliary file
        auxiliary.extend(role[1:])
    place = record.location_record
    return compact(
        {
            **_base(links, record),
            "name": record.name,
            "meetingState": record.meeting_state,
            "cancelled": record.cancelled or None,
            "start": moment(record.start),
            "end": moment(record.end),
            "location": location(links, place)
            if place is not None and not place.deleted
            else _text_location(links, record),
            "organization": [links.to(o) for o in record.organizations.all() if not o.deleted],
            "invitation": by_role.get(File.MeetingRole.INVITATION, [None])[0],
            "resultsProtocol": by_role.get(File.MeetingRole.RESULTS_PROTOCOL, [None])[0],
            "verbatimProtocol": by_role.get(File.MeetingRole.VERBATIM_PROTOCOL, [None])[0],
            "auxiliaryFile": auxiliary,
            "agendaItem": [
                agenda_item(links, i, embedded=True)
                for i in record.agenda_items.all()
                if not i.deleted
            ],
        }
    )


def _text_location(links: Links, record: Meeting) -> Obj | None:
    """A meeting's location known only as text: a Location at the meeting's own address
    (`…/meetings/ID#location`), since it has no record of its own."""
    if not record.location:
        return None
    return {
        "id": links.of("meetings", record.pk) + "#location",
        "type": T + "Location",
        "description": record.location,
    }


def consultation(links: Links, record: Consultation, *, embedded: bool = False) -> Obj:
    agenda = [i for i in record.agenda_items.all() if not i.deleted]
    return compact(
        {
            **_base(links, record),
            "paper": None if embedded else links.of("papers", record.paper_id),
            "meeting": links.of("meetings", record.meeting_id) if record.meeting_id else None,
            "agendaItem": links.to(agenda[0]) if agenda else None,
            "organization": [links.of("organizations", record.organization_id)]
            if record.organization_id
            else [],
            "role": record.role,
            "authoritative": record.authoritative,
        }
    )


def paper(links: Links, record: Paper, published: list[Obj]) -> Obj:
    """A paper; `published` are the files other modules publish for it (extensions)."""
    records = [f for f in record.files.all() if not f.deleted]
    main = [f for f in records if f.paper_role == File.PaperRole.MAIN][:1] or records[:1]
    main_file = file(links, main[0], embedded_in="paper") if main else None
    auxiliary = _files(links, [f for f in records if f not in main], "paper")
    return compact(
        {
            **_base(links, record),
            "body": links.body_url(),
            "name": record.name,
            "reference": record.reference,
            "date": day(record.date),
            "paperType": record.paper_type,
            "relatedPaper": [links.to(p) for p in record.related_papers.all() if not p.deleted],
            "mainFile": main_file,
            "auxiliaryFile": auxiliary + published,
            "originatorOrganization": [
                links.to(o) for o in record.originators.all() if not o.deleted
            ],
            "consultation": [
                consultation(links, c, embedded=True) for c in record.consultations.all()
            ],
        }
    )


def membership(links: Links, record: Membership, *, embedded: bool = False) -> Obj:
    return compact(
        {
            **_base(links, record),
            "person": None if embedded else links.of("people", record.person_id),
            "organization": links.of("organizations", record.organization_id),
            "role": record.role,
            "votingRight": record.voting_right,
            "startDate": day(record.start_date),
            "endDate": day(record.end_date),
            "onBehalfOf": links.of("organizations", record.on_behalf_of_id)
            if record.on_behalf_of_id
            else None,
        }
    )


def person(links: Links, record: Person) -> Obj:
    # Only the fields of the public office: no contact data, address or picture.
    return compact(
        {
            **_base(links, record),
            "body": links.body_url(),
            "name": record.name,
            "familyName": record.family_name,
            "givenName": record.given_name,
            "formOfAddress": record.form_of_address,
            "affix": record.affix,
            "title": list(record.title or []),
            "status": list(record.status or []),
            "membership": [
                membership(links, m, embedded=True)
                for m in record.memberships.all()
                if not m.deleted
            ],
        }
    )
