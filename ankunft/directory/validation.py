"""Checks of what providers type: plain text only, bounded sizes, sound opening hours.

Every message says what is wrong and where ("Line 2: 13:00–12:00 closes before it opens").
Texts are shown escaped everywhere; HTML is refused rather than silently kept, so nobody
wonders why their markup shows as text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ankunft.directory import weekdays

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SCRIPT_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9 ()/.\-]{3,40}$")
_TIME = re.compile(r"^([01]?\d|2[0-4])[:.]([0-5]\d)$")


def clean_text(value: str, *, label: str, max_length: int, required: bool = False) -> str:
    """Plain text: no HTML tags, no control characters, at most `max_length` characters."""
    value = _CONTROL.sub("", (value or "").replace("\r\n", "\n")).strip()
    if required and not value:
        raise ValidationError(_("%(field)s: please fill this in.") % {"field": label})
    if _TAG.search(value):
        raise ValidationError(
            _("%(field)s: please write plain text; HTML tags such as <script> are not allowed.")
            % {"field": label}
        )
    if len(value) > max_length:
        raise ValidationError(
            _("%(field)s is too long: %(length)s characters, at most %(max)s are allowed.")
            % {"field": label, "length": len(value), "max": max_length}
        )
    return value


def clean_url(value: str, *, label: str) -> str:
    value = (value or "").strip()
    if value and (
        _SCRIPT_URL.match(value) or not value.lower().startswith(("http://", "https://"))
    ):
        raise ValidationError(
            _("%(field)s: give a web address that starts with https://.") % {"field": label}
        )
    return value[:300]


def clean_phone(value: str, *, label: str) -> str:
    value = (value or "").strip()
    if value and not _PHONE.match(value):
        raise ValidationError(
            _("%(field)s: only digits, spaces and + ( ) / - are allowed.") % {"field": label}
        )
    return value


# The stored form of weekdays (Monday = 0); people read and type them in their language.
DAY_CODES = list(weekdays.CANONICAL)
MAX_SLOTS = 50


@dataclass(frozen=True)
class Slot:
    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class DayException:
    date: dt.date
    reason: str
    opens: dt.time | None = None
    closes: dt.time | None = None


def parse_time(text: str) -> dt.time | None:
    m = _TIME.match(text.strip())
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour == 24 and minute == 0:  # noqa: PLR2004
        return dt.time(23, 59)
    if hour > 23:  # noqa: PLR2004
        return None
    return dt.time(hour, minute)


def _times(text: str, line_no: int) -> tuple[dt.time, dt.time]:
    parts = re.split(r"\s*[-–]\s*", text.strip())
    if len(parts) != 2:  # noqa: PLR2004
        raise ValidationError(
            _("Line %(n)s: write the times as HH:MM-HH:MM, e.g. 09:00-12:30.") % {"n": line_no}
        )
    opens, closes = parse_time(parts[0]), parse_time(parts[1])
    if opens is None or closes is None:
        raise ValidationError(
            _("Line %(n)s: %(text)s is not a time of day (HH:MM).")
            % {"n": line_no, "text": parts[0] if opens is None else parts[1]}
        )
    if opens >= closes:
        raise ValidationError(
            _("Line %(n)s: %(opens)s–%(closes)s closes before it opens.")
            % {"n": line_no, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
        )
    return opens, closes


def _days(text: str, line_no: int) -> list[int]:
    days: list[int] = []
    for part in re.split(r"\s*,\s*", text.strip()):
        ends = re.split(r"\s*[-–]\s*", part)
        found = [weekdays.weekday_of(e) for e in ends]
        if len(ends) > 2 or None in found:  # noqa: PLR2004
            raise ValidationError(
                _("Line %(n)s: %(text)s is not a weekday (%(days)s).")
                % {"n": line_no, "text": part, "days": ", ".join(weekdays.abbreviations())}
            )
        first, last = cast("list[int]", found)[0], cast("list[int]", found)[-1]
        if last < first:
            raise ValidationError(
                _("Line %(n)s: the range of days %(text)s runs backwards.")
                % {"n": line_no, "text": part}
            )
        days.extend(range(first, last + 1))
    return days


def parse_hours(text: str) -> list[Slot]:
    """Weekly hours, one line per slot: "Mo-Fr 09:00-12:00", "Di, Do 14:00-17:30"."""
    slots: list[Slot] = []
    for line_no, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        m = re.match(r"^(.*?)\s+(\d{1,2}[:.]\d{2}\s*[-–]\s*\d{1,2}[:.]\d{2})$", line)
        if not m:
            raise ValidationError(
                _("Line %(n)s: write a weekday and times, e.g. Mo-Fr 09:00-12:00.") % {"n": line_no}
            )
        opens, closes = _times(m.group(2), line_no)
        slots.extend(Slot(day, opens, closes) for day in _days(m.group(1), line_no))
    return check_slots(slots)


def check_slots(slots: list[Slot]) -> list[Slot]:
    """Sorted slots; refuses overlaps, impossible days and too many slots."""
    if len(slots) > MAX_SLOTS:
        raise ValidationError(_("At most %(max)s opening slots are allowed.") % {"max": MAX_SLOTS})
    ordered = sorted(slots, key=lambda s: (s.weekday, s.opens))
    for slot in ordered:
        if not 0 <= slot.weekday <= 6 or slot.opens >= slot.closes:  # noqa: PLR2004
            raise ValidationError(_("Opening hours: each slot must open before it closes."))
    for a, b in itertools.pairwise(ordered):
        if a.weekday == b.weekday and b.opens < a.closes:
            raise ValidationError(
                _("Opening hours on %(day)s overlap: %(a)s and %(b)s.")
                % {
                    "day": weekdays.names()[a.weekday],
                    "a": f"{a.opens:%H:%M}-{a.closes:%H:%M}",
                    "b": f"{b.opens:%H:%M}-{b.closes:%H:%M}",
                }
            )
    return ordered


def format_hours(slots: list[Slot], *, language: str | None = None) -> str:
    """One line per slot; weekdays in `language`, or in the stored form when None."""
    days = weekdays.abbreviations(language) if language else weekdays.CANONICAL
    return "\n".join(
        f"{days[s.weekday]} {s.opens:%H:%M}-{s.closes:%H:%M}"
        for s in sorted(slots, key=lambda s: (s.weekday, s.opens))
    )


def hours_help() -> str:
    """The example under the opening-hours field, in the active language's weekdays."""
    d = weekdays.abbreviations()
    return _("One line per time, e.g. “%(first)s” or “%(second)s”.") % {
        "first": f"{d[0]}-{d[4]} 09:00-12:00",
        "second": f"{d[1]}, {d[3]} 14:00-17:30",
    }


def exceptions_help() -> str:
    """The example under the exceptions field, with the active language's word for closed."""
    return _("One line per day, e.g. “%(first)s” or “%(second)s”.") % {
        "first": f"24.12.2026 {_closed_word()}",
        "second": "31.12.2026 10:00-12:00",
    }


def _closed_word() -> str:
    return pgettext("opening hours", "closed")


_CLOSED_WORDS = {"closed", "geschlossen", "zu", "-"}
_REASONS = {
    "feiertag": "holiday", "holiday": "holiday", "ferien": "vacation", "urlaub": "vacation",
    "vacation": "vacation",
}  # fmt: skip


def _date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def parse_exceptions(text: str) -> list[DayException]:
    """Exceptions, one per line: "24.12.2026 geschlossen", "2026-12-31 10:00-12:00"."""
    result: list[DayException] = []
    for line_no, raw in enumerate((text or "").splitlines(), 1):
        parts = raw.strip().split(None, 1)
        if not parts:
            continue
        day = _date(parts[0])
        if day is None:
            raise ValidationError(
                _("Line %(n)s: %(text)s is not a date (DD.MM.YYYY).")
                % {"n": line_no, "text": parts[0]}
            )
        rest = parts[1].strip().lower() if len(parts) > 1 else "closed"
        if rest == _closed_word().lower():
            rest = "closed"
        if rest in _CLOSED_WORDS or rest in _REASONS:
            result.append(DayException(day, _REASONS.get(rest, "closed")))
            continue
        opens, closes = _times(rest, line_no)
        result.append(DayException(day, "special", opens, closes))
    if len(result) > MAX_SLOTS:
        raise ValidationError(_("At most %(max)s exceptions are allowed.") % {"max": MAX_SLOTS})
    return sorted(result, key=lambda e: (e.date, e.opens or dt.time(0)))


_EXCEPTION_WORDS = {
    "de": {"holiday": "Feiertag", "vacation": "Ferien", "closed": "geschlossen"},
    "en": {"holiday": "holiday", "vacation": "vacation", "closed": "closed"},
}


def format_exceptions(items: list[DayException], *, language: str | None = None) -> str:
    """One line per day; words in `language` (German or English), German when None."""
    words = _EXCEPTION_WORDS.get((language or "de").split("-")[0], _EXCEPTION_WORDS["de"])
    lines = []
    for e in items:
        if e.opens is None or e.closes is None:
            word = words.get(e.reason, words["closed"])
            lines.append(f"{e.date:%d.%m.%Y} {word}")
        else:
            lines.append(f"{e.date:%d.%m.%Y} {e.opens:%H:%M}-{e.closes:%H:%M}")
    return "\n".join(lines)


def clean_coordinates(lat: float | None, lon: float | None) -> tuple[float | None, float | None]:
    if (lat is None) != (lon is None):
        raise ValidationError(_("Give both latitude and longitude, or neither."))
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):  # noqa: PLR2004
        raise ValidationError(_("The coordinates are outside the valid range."))
    return lat, lon
