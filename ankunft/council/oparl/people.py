"""Reading OParl persons and their memberships. Only the fields of the public office are
read: no contact data (phone, email), address, picture or life story (see
`ankunft.council.models.people`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ankunft.council.oparl.fields import Obj


@dataclass
class MembershipData:
    oparl_id: str
    deleted: bool
    organization: str = ""
    on_behalf_of: str = ""
    person: str = ""
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class PersonData:
    oparl_id: str
    deleted: bool
    values: dict[str, Any] = field(default_factory=dict)
    memberships: list[MembershipData] = field(default_factory=list)
    membership_refs: list[str] = field(default_factory=list)


def parse_membership(obj: Obj) -> MembershipData:
    if obj.deleted():
        return MembershipData(obj.id, True)
    return MembershipData(
        obj.id,
        False,
        organization=obj.text("organization"),
        on_behalf_of=obj.text("onBehalfOf"),
        person=obj.text("person"),
        values={
            "role": obj.text("role"),
            "voting_right": obj.flag("votingRight"),
            "start_date": obj.day("startDate"),
            "end_date": obj.day("endDate"),
            "modified": obj.timestamp("modified"),
            "created": obj.timestamp("created"),
            "deleted": False,
        },
    )


def parse_person(obj: Obj) -> PersonData:
    if obj.deleted():
        return PersonData(obj.id, True)
    family, given = obj.text("familyName"), obj.text("givenName")
    name = obj.text("name") or " ".join(p for p in (given, family) if p) or obj.id
    person = PersonData(
        obj.id,
        False,
        {
            "name": name,
            "family_name": family,
            "given_name": given,
            "form_of_address": obj.text("formOfAddress"),
            "affix": obj.text("affix"),
            "title": obj.strings("title"),
            "status": obj.strings("status"),
            "modified": obj.timestamp("modified"),
            "created": obj.timestamp("created"),
            "deleted": False,
        },
    )
    for item in obj.refs_or_objs("membership"):
        if isinstance(item, Obj):
            person.memberships.append(parse_membership(item))
        else:
            person.membership_refs.append(item)
    return person
