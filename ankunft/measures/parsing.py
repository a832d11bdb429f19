"""Reading numbers and periods as people type them in German spreadsheets."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from ankunft.measures.models import Indicator

_GERMAN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(text: str) -> Decimal:
    """ "1.234,5" → 1234.5, "12,5" → 12.5, "12.5" → 12.5, "1.234" → 1234 (German thousands).

    Raises ValueError when the text is no number.
    """
    raw = _SPACES.sub("", text.strip())
    if not raw:
        raise ValueError(text)
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif _GERMAN_THOUSANDS.match(raw):
        raw = raw.replace(".", "")
    try:
        number = Decimal(raw)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"), "date"),
    (re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"), "date"),
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"), "month"),
    (re.compile(r"^(?P<m>\d{1,2})[./](?P<y>\d{4})$"), "month"),
    (re.compile(r"^(?P<y>\d{4})-?Q(?P<q>[1-4])$", re.IGNORECASE), "quarter"),
    (re.compile(r"^Q(?P<q>[1-4])[ /.-]?(?P<y>\d{4})$", re.IGNORECASE), "quarter"),
    (re.compile(r"^(?P<y>\d{4})$"), "year"),
]


def period_start(day: dt.date, frequency: str) -> dt.date:
    """The first day of the period (month, quarter, year) that contains `day`."""
    if frequency == Indicator.Frequency.YEAR:
        return dt.date(day.year, 1, 1)
    if frequency == Indicator.Frequency.QUARTER:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, day.month, 1)


def parse_period(text: str, frequency: str = Indicator.Frequency.MONTH) -> dt.date:
    """ "2022-03", "03/2022", "2022-03-15", "15.03.2022", "2022-Q1", "2022" → the first day
    of the indicator's period that contains it. Raises ValueError otherwise."""
    raw = text.strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(raw)
        if not match:
            continue
        parts = match.groupdict()
        year = int(parts["y"])
        if kind == "quarter":
            day = dt.date(year, 3 * (int(parts["q"]) - 1) + 1, 1)
        elif kind == "year":
            day = dt.date(year, 1, 1)
        else:
            # A bad month or day (13, 31.02.) raises ValueError here.
            day = dt.date(year, int(parts["m"]), int(parts.get("d") or 1))
        if not 1900 <= year <= 2200:  # noqa: PLR2004 - a typo, not a plan for the year 20220
            raise ValueError(text)
        return period_start(day, frequency)
    raise ValueError(text)
