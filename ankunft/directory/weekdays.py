"""Weekday names in every content language, from Babel's locale data (CLDR).

Opening hours are stored in one canonical form ("Mo-Fr" with German codes, as in the
revisions), shown and typed in the reader's language, and read back in any of the
content languages: "Mon 09:00-12:00", "Pzt 09:00-12:00" and "Mo 09:00-12:00" are the same.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

# The stored form (revisions, pending changes, exports): never changes.
CANONICAL = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
# Read first when a word means different days in two languages: German, then English.
_PARSE_ORDER = ("de", "en", "tr", "ro", "bg", "uk", "ru", "ar", "fa", "pl")
# Older spellings the forms accepted before (kept so nothing typed before breaks).
_EXTRA = {
    "die": 1, "mit": 2, "don": 3, "sam": 5, "son": 6,
    "tu": 1, "we": 2, "th": 3, "su": 6, "mon": 0, "fri": 4, "sat": 5,
}  # fmt: skip


def _locale(language: str | None) -> Locale:
    code = (language or get_language() or "de").split("-")[0]
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@cache
def _abbreviations(language: str) -> tuple[str, ...]:
    days = _locale(language).days["format"]["abbreviated"]
    return tuple(str(days[d]).rstrip(".") for d in range(7))


@cache
def _names(language: str) -> tuple[str, ...]:
    days = _locale(language).days["stand-alone"]["wide"]
    return tuple(str(days[d])[:1].upper() + str(days[d])[1:] for d in range(7))


def abbreviations(language: str | None = None) -> tuple[str, ...]:
    """Monday to Sunday, abbreviated, in `language` (default: the active one)."""
    return _abbreviations((language or get_language() or "de").split("-")[0])


def names(language: str | None = None) -> tuple[str, ...]:
    """Monday to Sunday, full names for headings ("Montag", "Pazartesi", "الاثنين")."""
    return _names((language or get_language() or "de").split("-")[0])


def _fold(word: str) -> str:
    return word.strip().rstrip(".").casefold()


@cache
def _lookup() -> dict[str, int]:
    table: dict[str, int] = {}
    for language in _PARSE_ORDER:
        days = _locale(language).days
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide"):
                for d in range(7):
                    table.setdefault(_fold(str(days[context][width][d])), d)
    for word, day in _EXTRA.items():
        table.setdefault(word, day)
    for day, code in enumerate(CANONICAL):
        table[_fold(code)] = day
    return table


def weekday_of(word: str) -> int | None:
    """Monday = 0 … Sunday = 6 for a weekday name or abbreviation in a content language."""
    return _lookup().get(_fold(word))
