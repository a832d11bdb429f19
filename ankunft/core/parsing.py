"""Numbers and dates as people type them in German spreadsheets and forms, read in one place.

Every module reads German input through these functions: the bookings import, the cost
table, the indicator values, the budget forms and the motion reader. Numbers go through
Babel's German number format (strict, so "1.23,5" is refused rather than guessed); a plain
decimal point ("12.5", as a spreadsheet exports it) is read too. Each function raises
`ValueError` (with the text as its message) when the text is not what it should be.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError
from babel.numbers import parse_decimal as _babel_decimal

# Blanks that people and finance systems put into numbers: spaces, no-break spaces, the
# narrow no-break space of the Duden, and the Swiss apostrophe.
_BLANKS = re.compile(r"[\s\u00a0\u202f']")
_CURRENCY = re.compile(r"€|EUR", re.IGNORECASE)
_GERMAN_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_MINUS = "-–−"  # hyphen, en dash (typed by Word), minus sign
_SEP = ","  # German decimal comma


def parse_number(text: str) -> Decimal:
    """A German or plain number: "1.234,5", "12,5", "12.5", "1.234" (German thousands),
    "-3", " 1 234,50 ", "1.234,56-" (SAP's trailing minus), "1.234,56 €".

    Raises ValueError when the text is no (finite) number.
    """
    raw = _CURRENCY.sub("", _BLANKS.sub("", text))
    negative = raw[:1] in _MINUS or (len(raw) > 1 and raw[-1:] in _MINUS)
    raw = raw.strip(_MINUS + "+")
    if not raw or raw.count("+"):
        raise ValueError(text)
    try:
        if _SEP in raw or _GERMAN_THOUSANDS.match(raw):
            number = Decimal(_babel_decimal(raw, locale="de", strict=True))
        elif _PLAIN.match(raw):
            number = Decimal(raw)
        else:
            raise ValueError(text)
    except (NumberFormatError, InvalidOperation) as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return -number if negative else number


def parse_amount(text: str, *, decimals: int = 2) -> Decimal:
    """A money amount (`parse_number`) with at most `decimals` places: "1.234,56" → 1234.56;
    "1.234,567" is refused (a typo, not a tenth of a cent)."""
    number = parse_number(text)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        raise ValueError(text)
    return number


_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")
_FIRST_YEAR, _LAST_YEAR = 1900, 2200


def parse_date(text: str) -> dt.date:
    """A date as "31.12.2022", "1.2.2022", "31.12.22" or ISO "2022-12-31" (also an ISO
    date-time as spreadsheets export it: "2022-12-31 00:00:00"). ValueError otherwise,
    also for a day that does not exist (31.02.) or a year far off (a typo such as 20222)."""
    value = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]00:00(:00)?", value):
        value = value[:10]
    for fmt in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
        if _FIRST_YEAR <= day.year <= _LAST_YEAR:
            return day
    raise ValueError(text)


MONTH, QUARTER, YEAR, DAY = "month", "quarter", "year", "date"
_PERIODS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"), DAY),
    (re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"), DAY),
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"), MONTH),
    (re.compile(r"^(?P<m>\d{1,2})[./](?P<y>\d{4})$"), MONTH),
    (re.compile(r"^(?P<y>\d{4})-?Q(?P<q>[1-4])$", re.IGNORECASE), QUARTER),
    (re.compile(r"^Q(?P<q>[1-4])[ /.-]?(?P<y>\d{4})$", re.IGNORECASE), QUARTER),
    (re.compile(r"^(?P<y>\d{4})$"), YEAR),
]


def parse_period(text: str) -> tuple[dt.date, str]:
    """A period as "2022-03", "03/2022", "3.2022", "2022-03-15", "15.03.2022", "2022-Q1",
    "Q1/2022" or "2022": its first day and its kind (date, month, quarter or year).
    ValueError otherwise."""
    raw = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]00:00(:00)?", raw):
        raw = raw[:10]
    for pattern, kind in _PERIODS:
        match = pattern.match(raw)
        if not match:
            continue
        parts = match.groupdict()
        year = int(parts["y"])
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise ValueError(text)
        if kind == QUARTER:
            return dt.date(year, 3 * (int(parts["q"]) - 1) + 1, 1), kind
        if kind == YEAR:
            return dt.date(year, 1, 1), kind
        # A bad month or day (13, 31.02.) raises ValueError here.
        return dt.date(year, int(parts["m"]), int(parts.get("d") or 1)), kind
    raise ValueError(text)


# Control characters (NUL included) and lone surrogates: no text contains them, and
# PostgreSQL refuses NUL in a query string (psycopg raises before the query runs).
UNSEARCHABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def search_text(text: str, *, limit: int = 200) -> str:
    """What a person typed into a search box, safe to search for: no control characters,
    white space folded, at most `limit` characters."""
    return " ".join(UNSEARCHABLE.sub("", text).split())[:limit]
