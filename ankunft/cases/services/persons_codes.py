"""ISO codes of countries (nationalities) and languages, checked and named with Babel's CLDR
data, so a record holds "SY" and "ar", never a free-text spelling of either."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

#: Languages offered first in the intake's lists (the municipality's content languages and
#: the most frequent languages of newcomers).
COMMON_LANGUAGES = ("de", "en", "ar", "tr", "uk", "ru", "fa", "ro", "bg", "ku", "ti", "so", "ps")


def _locale() -> Locale:
    try:
        return Locale.parse((get_language() or "de").split("-")[0])
    except (UnknownLocaleError, ValueError):
        return Locale("de")


@cache
def _countries() -> frozenset[str]:
    codes = (str(k) for k in Locale("en").territories)
    return frozenset(k for k in codes if len(k) == 2 and k.isalpha())  # noqa: PLR2004


@cache
def _languages() -> frozenset[str]:
    codes = (str(k) for k in Locale("en").languages)
    return frozenset(k for k in codes if k.isalpha() and 2 <= len(k) <= 3)  # noqa: PLR2004


def parse_codes(value: str | list[str], *, kind: str) -> list[str]:
    """Comma- or space-separated codes → a checked list ("sy, TR" → ["SY", "TR"] for
    countries, ["ar", "ku"] for languages); unknown codes are refused with their names."""
    raw = value if isinstance(value, list) else value.replace(",", " ").split()
    countries = kind == "country"
    codes = [c.strip().upper() if countries else c.strip().lower() for c in raw if c.strip()]
    known = _countries() if countries else _languages()
    unknown = [c for c in codes if c not in known]
    if unknown:
        message = (
            _("Unknown country codes: %(codes)s (use ISO codes such as SY, UA, TR).")
            if countries
            else _("Unknown language codes: %(codes)s (use ISO codes such as ar, uk, tr).")
        )
        raise ValidationError(message % {"codes": ", ".join(unknown)})
    return list(dict.fromkeys(codes))


def code_names(codes: list[str], *, kind: str) -> str:
    """The codes as names in the page's language ("Syrien, Türkei")."""
    names = _locale().territories if kind == "country" else _locale().languages
    return ", ".join(names.get(c, c) for c in codes)


def language_choices() -> list[tuple[str, str]]:
    """Common languages first, then all others, by name in the page's language."""
    names = _locale().languages
    common = [(c, names.get(c, c)) for c in COMMON_LANGUAGES]
    rest = sorted(
        ((c, names.get(c, c)) for c in _languages() if c not in COMMON_LANGUAGES),
        key=lambda p: p[1],
    )
    return [*common, *rest]
