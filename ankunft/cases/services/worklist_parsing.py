"""Reading the cells of an existing case list: dates of birth as people write them, and
the words of choices (gender, step, legal domain, residence status) in German or English."""

from __future__ import annotations

import re
from collections.abc import Iterable

from babel import Locale
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from ankunft.cases.models import Gender, LegalDomain, ResidenceStatus, Step
from ankunft.cases.services.persons import check_birth

_NOISE = re.compile(r"[\s_\-.:/()§]+")
_ESTIMATED = re.compile(r"^(~|ca\.?\s*|circa\s+|etwa\s+|approx\.?\s*)", re.IGNORECASE)
_BIRTH = [
    (re.compile(r"^(?P<y>\d{4})$"), "y"),
    (re.compile(r"^(?P<m>\d{1,2})[./](?P<y>\d{4})$"), "ym"),
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"), "ym"),
    (re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"), "ymd"),
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})([ T]00:00(:00)?)?$"), "ymd"),
]
Birth = tuple[int | None, int | None, int | None, bool]


def normal(text: str) -> str:
    return _NOISE.sub("", text.casefold().replace("ß", "ss"))


def parse_birth(text: str) -> Birth:
    """ "14.03.1987", "1987-03-14", "03.1987", "1987", "~1987" (estimated) → year, month,
    day, estimated. ValueError with the reason in words otherwise."""
    raw = text.strip()
    estimated = bool(_ESTIMATED.match(raw))
    raw = _ESTIMATED.sub("", raw).strip()
    for pattern, _parts in _BIRTH:
        match = pattern.match(raw)
        if match is None:
            continue
        parts = match.groupdict()
        year = int(parts["y"])
        month = int(parts["m"]) if parts.get("m") else None
        day = int(parts["d"]) if parts.get("d") else None
        try:
            check_birth(year, month, day)
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc
        return year, month, day, estimated
    raise ValueError(_("not a date of birth (write 14.03.1987, 03.1987, 1987 or ~1987)"))


def _words(
    choices: type[models.TextChoices], extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Normalised word → value: the values and the labels in English and German."""
    words: dict[str, str] = {normal(v): v for v in choices.values}
    for language in ("en", "de"):
        with translation.override(language):
            for value, label in choices.choices:
                words.setdefault(normal(str(label)), value)
                short, _sep, inner = str(label).partition(" (")
                words.setdefault(normal(short), value)
                if inner:  # "Residence permit (Aufenthaltserlaubnis)": the German term
                    words.setdefault(normal(inner.rstrip(")")), value)
    for word, value in (extra or {}).items():
        words[normal(word)] = value
    return words


def gender_words() -> dict[str, str]:
    return _words(
        Gender,
        {
            "w": Gender.FEMALE, "f": Gender.FEMALE, "weiblich": Gender.FEMALE,
            "frau": Gender.FEMALE, "m": Gender.MALE, "männlich": Gender.MALE,
            "mann": Gender.MALE, "d": Gender.DIVERSE, "divers": Gender.DIVERSE,
            "x": Gender.DIVERSE, "keine angabe": Gender.NOT_STATED,
        },
    )  # fmt: skip


def step_words() -> dict[str, str]:
    return _words(
        Step,
        {
            "Aufnahme": Step.INTAKE, "Clearing": Step.INTAKE, "Erstgespräch": Step.INTAKE,
            "Assessment": Step.ASSESSMENT, "Bedarfsfeststellung": Step.ASSESSMENT,
            "Hilfeplan": Step.PLAN, "Planung": Step.PLAN, "Umsetzung": Step.IMPLEMENTATION,
            "Monitoring": Step.IMPLEMENTATION, "Evaluation": Step.EVALUATION,
            "Auswertung": Step.EVALUATION, "Abgeschlossen": Step.CLOSED,
        },
    )  # fmt: skip


def legal_domain_words() -> dict[str, str]:
    return _words(
        LegalDomain,
        {
            "AufenthG": LegalDomain.AUFENTHG, "AsylbLG": LegalDomain.ASYLBLG,
            "SGB II": LegalDomain.SGB_II, "SGB 2": LegalDomain.SGB_II,
            "Jobcenter": LegalDomain.SGB_II, "SGB III": LegalDomain.SGB_III,
            "SGB 3": LegalDomain.SGB_III, "SGB VIII": LegalDomain.SGB_VIII,
            "SGB 8": LegalDomain.SGB_VIII, "SGB XII": LegalDomain.SGB_XII,
            "SGB 12": LegalDomain.SGB_XII,
        },
    )  # fmt: skip


def residence_words() -> dict[str, str]:
    return _words(ResidenceStatus)


def country_words() -> dict[str, str]:
    """Country names in German and English, and ISO codes → ISO code (upper case)."""
    words: dict[str, str] = {}
    for language in ("en", "de"):
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha():  # noqa: PLR2004 - ISO 3166-1 alpha-2
                words.setdefault(normal(name), code)
                words.setdefault(normal(code), code)
    return words


def language_words() -> dict[str, str]:
    """Language names in German and English, and ISO codes → ISO 639 code."""
    words: dict[str, str] = {}
    for language in ("en", "de"):
        for code, name in Locale(language).languages.items():
            if code.isalpha() and len(code) <= 3:  # noqa: PLR2004 - ISO 639-1/-3
                words.setdefault(normal(name), code)
                words.setdefault(normal(code), code)
    return words


def split_list(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;/|]+", text) if p.strip()]


def lookup_all(text: str, words: dict[str, str]) -> tuple[list[str], list[str]]:
    """The values of a list cell ("RO, BG" or "Rumänisch; Deutsch") and the unknown parts."""
    found: list[str] = []
    unknown: list[str] = []
    for part in split_list(text):
        value = words.get(normal(part))
        if value is None:
            unknown.append(part)
        elif value not in found:
            found.append(value)
    return found, unknown


def known(words: Iterable[str]) -> str:
    return ", ".join(sorted(words))
