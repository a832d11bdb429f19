"""Reading OParl objects: tolerant of missing optional fields and unknown extra ones,
strict about wrong types.

`parse_organization`, `parse_meeting` and `parse_paper` turn a decoded JSON object into
plain values, or raise `FieldError` naming the object's id and the field. A JSON `null`
counts as missing.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ankunft.council.models import OPARL_ID_LENGTH

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# What a field should be, for the error message: lazy, as it is needed only on an error.
_EXPECT_A_STRING = gettext_lazy("a string")
_EXPECT_AN_INTEGER = gettext_lazy("an integer")
_EXPECT_A_BOOLEAN = gettext_lazy("a boolean")
_EXPECT_AN_ARRAY_OF_STRINGS = gettext_lazy("an array of strings")
_EXPECT_AN_OBJECT = gettext_lazy("an object")
_EXPECT_A_URL_OR_AN_OBJECT = gettext_lazy("a URL or an object")
_EXPECT_AN_ARRAY = gettext_lazy("an array")
_EXPECT_A_DATE_AND_TIME = gettext_lazy("a date and time")
_EXPECT_A_DATE = gettext_lazy("a date")


class FieldError(ValueError):
    """A field of an OParl object has the wrong type or an unreadable value."""

    def __init__(self, object_id: str, field_name: str, expected: StrOrPromise, value: Any) -> None:
        self.object_id = object_id
        self.field_name = field_name
        message = _("%(id)s: field “%(field)s” should be %(expected)s, not %(actual)s") % {
            "id": object_id,
            "field": field_name,
            "expected": expected,
            "actual": _describe(value),
        }
        super().__init__(message)
        self.message = message


def _describe(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer"}
    shown = repr(value) if not isinstance(value, dict | list) else ""
    name = names.get(type(value), type(value).__name__)
    return f"{name} {shown[:40]}".strip()


class Obj:
    """Typed access to the fields of one OParl object."""

    def __init__(self, data: Any, origin: str) -> None:
        if not isinstance(data, dict):
            raise FieldError(origin, "(object)", _("a JSON object"), data)
        object_id = data.get("id")
        if isinstance(object_id, str):
            object_id = _no_nul(object_id)
        if not isinstance(object_id, str) or not object_id:
            raise FieldError(origin, "id", _("a string"), object_id)
        if len(object_id) > MAX_ID_LENGTH:
            raise FieldError(origin[:80], "id", _("a URL of at most 500 characters"), object_id)
        self.data = data
        self.id = object_id

    def _get(self, name: str, types: type | tuple[type, ...], expected: StrOrPromise) -> Any:
        value = self.data.get(name)
        if value is None:
            return None
        # bool is an int in Python; OParl keeps them apart.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in _tuple(types)):
            raise FieldError(self.id, name, expected, value)
        if isinstance(value, str):
            return _no_nul(value)
        if isinstance(value, list):
            return [_no_nul(v) if isinstance(v, str) else v for v in value]
        return value

    def text(self, name: str) -> str:
        return str(self._get(name, str, _EXPECT_A_STRING) or "")

    def integer(self, name: str) -> int | None:
        value: int | None = self._get(name, int, _EXPECT_AN_INTEGER)
        return value

    def flag(self, name: str) -> bool | None:
        value: bool | None = self._get(name, bool, _EXPECT_A_BOOLEAN)
        return value

    def strings(self, name: str) -> list[str]:
        values = self._get(name, list, _EXPECT_AN_ARRAY_OF_STRINGS) or []
        if not all(isinstance(v, str) for v in values):
            raise FieldError(self.id, name, _("an array of strings"), values)
        return list(values)

    def child(self, name: str) -> Obj | None:
        value = self._get(name, dict, _EXPECT_AN_OBJECT)
        return Obj(value, f"{self.id} {name}") if value is not None else None

    def ref_or_obj(self, name: str) -> str | Obj | None:
        value = self._get(name, (str, dict), _EXPECT_A_URL_OR_AN_OBJECT)
        return Obj(value, f"{self.id} {name}") if isinstance(value, dict) else value

    def refs_or_objs(self, name: str) -> list[str | Obj]:
        values = self._get(name, list, _EXPECT_AN_ARRAY) or []
        result: list[str | Obj] = []
        for value in values:
            if isinstance(value, str):
                result.append(value)
            elif isinstance(value, dict):
                result.append(Obj(value, f"{self.id} {name}"))
            else:
                raise FieldError(self.id, name, _("an array of URLs or objects"), values)
        return result

    def timestamp(self, name: str) -> datetime.datetime | None:
        value = self._get(name, str, _EXPECT_A_DATE_AND_TIME)
        if not value:
            return None
        try:
            parsed = datetime.datetime.fromisoformat(value)
            aware = parsed if parsed.tzinfo else timezone.make_aware(parsed)
            # Stored in UTC and shown in local time: both must exist (not year 10000).
            timezone.localtime(aware).astimezone(datetime.UTC)
            if not _EARLIEST <= aware <= _LATEST:
                raise ValueError(value)
        except (ValueError, OverflowError) as exc:
            raise FieldError(self.id, name, _("a date and time (ISO 8601)"), value) from exc
        return aware

    def day(self, name: str) -> datetime.date | None:
        value = self._get(name, str, _EXPECT_A_DATE)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError as exc:
            raise FieldError(self.id, name, _("a date (YYYY-MM-DD)"), value) from exc

    def deleted(self) -> bool:
        return bool(self.flag("deleted"))


MAX_ID_LENGTH = OPARL_ID_LENGTH  # every stored OParl id fits
# Timestamps more than a day from the ends of the calendar cannot be kept in every time zone.
_EARLIEST = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
_LATEST = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)


def _no_nul(text: str) -> str:
    """Text without NUL characters (PostgreSQL cannot store them; nobody means them)."""
    return text.replace("\x00", "")


def _tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


def ref_id(value: str | Obj) -> str:
    return value if isinstance(value, str) else value.id


# Organisations ---------------------------------------------------------------------------

_KIND_BY_WORD: tuple[tuple[str, str], ...] = (
    ("fraktion", "faction"),
    ("gruppe", "faction"),
    ("partei", "faction"),
    ("bezirksvertretung", "district_council"),
    ("bezirksbeirat", "district_council"),
    ("ortschaftsrat", "district_council"),
    ("ortsbeirat", "district_council"),
    ("stadtbezirksrat", "district_council"),
    ("verwaltung", "administration"),
    ("dezernat", "administration"),
    ("amt", "administration"),
    ("ausschuss", "committee"),
    ("beirat", "committee"),
    ("kommission", "committee"),
    ("gemeinderat", "council"),
    ("stadtrat", "council"),
    ("kreistag", "council"),
    ("rat", "council"),
)


def organization_kind(*texts: str) -> str:
    """The kind of a body from its classification, type and name ("Ausschuss" → committee)."""
    for text in texts:
        lowered = text.lower()
        for word, kind in _KIND_BY_WORD:
            if word in lowered:
                return kind
    return "other"


@dataclass
class OrganizationData:
    oparl_id: str
    deleted: bool
    name: str = ""
    short_name: str = ""
    kind: str = "other"


def parse_organization(obj: Obj) -> OrganizationData:
    if obj.deleted():
        return OrganizationData(obj.id, True)
    name = obj.text("name")
    short_name = obj.text("shortName")
    return OrganizationData(
        oparl_id=obj.id,
        deleted=False,
        name=name or short_name or obj.id.rstrip("/").rsplit("/", 1)[-1],
        short_name=short_name,
        kind=organization_kind(
            obj.text("classification"), obj.text("organizationType"), name, short_name
        ),
    )


_MEETING_SUFFIX = re.compile(r"\s*\(.*\)$|\s+-\s.*$")


def body_name_from_meeting(meeting_name: str) -> str:
    """ "Gemeinderat (öffentlich/nicht öffentlich)" → "Gemeinderat": a placeholder name for
    a body known only by its URL."""
    name = meeting_name
    while True:
        shorter = _MEETING_SUFFIX.sub("", name).strip()
        if shorter == name or not shorter:
            return name.strip()
        name = shorter


# Meetings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaResult:
    """What an agenda item says about the consultation it treats."""

    item_id: str
    consultation_id: str
    result: str
    resolution_text: str
    date: datetime.date | None


@dataclass
class MeetingData:
    oparl_id: str
    deleted: bool
    name: str = ""
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    location: str = ""
    location_ref: str = ""
    organizations: list[str] = field(default_factory=list)
    modified: datetime.datetime | None = None


def location_text(location: Obj) -> str:
    parts = [
        location.text("description"),
        location.text("room"),
        location.text("streetAddress"),
        " ".join(p for p in (location.text("postalCode"), location.text("locality")) if p),
    ]
    unique: list[str] = []
    for part in parts:
        if part and part not in unique and not any(part in u for u in unique):
            unique.append(part)
    return ", ".join(unique)


def agenda_result(item: Obj, meeting_start: datetime.datetime | None) -> AgendaResult:
    """The result an agenda item records for its consultation, dated by the item or
    else by its meeting (only a result needs a date)."""
    result = item.text("result").strip()
    day = (item.timestamp("start") or meeting_start) if result else None
    return AgendaResult(
        item_id=item.id,
        consultation_id=item.text("consultation"),
        result=result,
        resolution_text=item.text("resolutionText").strip(),
        date=timezone.localdate(day) if day else None,
    )


def parse_meeting(obj: Obj) -> MeetingData:
    modified = obj.timestamp("modified")
    if obj.deleted():
        return MeetingData(obj.id, True, modified=modified)
    start = obj.timestamp("start")
    location = obj.ref_or_obj("location")
    return MeetingData(
        oparl_id=obj.id,
        deleted=False,
        name=obj.text("name") or "Sitzung",
        start=start,
        end=obj.timestamp("end"),
        location=location_text(location) if isinstance(location, Obj) else "",
        location_ref=location if isinstance(location, str) else "",
        organizations=[ref_id(o) for o in obj.refs_or_objs("organization")],
        modified=modified,
    )
