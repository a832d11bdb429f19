"""Patterns and small parsers shared by the parts of the motion reader.

Kinds of paper, German dates, the "Gremien Termin" table header, body names, mover
lines ("Antrag: GRÜNE, SPD") and Drucksache numbers.
"""

from __future__ import annotations

import datetime
import re

from ankunft.council.motion_reader.text import squash

KIND_MOTION = "motion"
KIND_QUESTION = "question"
KIND_PROPOSAL = "proposal"
KIND_INFORMATION = "information"
KIND_BUDGET_FORM = "budget_form"
KIND_RESPONSE = "response"
KIND_MINUTES = "minutes"

_DATE_NUMERIC = r"\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2}\b)"
_MONTHS = (
    r"Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November"
    r"|Dezember|December|October|January|February|March|May|June|July"
)
_DATE_WORDS = rf"\d{{1,2}}\.\s?(?:{_MONTHS})\s+\d{{4}}"
DATE = re.compile(rf"(?<![\d.])(?:{_DATE_NUMERIC}|{_DATE_WORDS})")
ONLY_DATE = re.compile(rf"^\s*(?:{_DATE_NUMERIC}|{_DATE_WORDS})\s*$")
DS_NUMBER = re.compile(
    r"\b(?:DS|Drs\.?|Drucksache(?:\s?-?Nr\.?)?|Drucks\.)\s?(?:Nr\.?\s?)?(\d{1,4}[-/]\d{2,5})"
)
TABLE_HEADER = re.compile(r"^Gremi(?:en|um)\s*Termin")
BODY_WORDS = (
    r"(?:[\w-]*[Aa]usschuss|Gemeinderat|Rat\b|Ortschaftsrat|Bezirksvertretung|Bezirksbeirat"
    r"|[\w-]*[Bb]eirat|Kreistag|Stadtrat|Integrationsrat)"
)
MOVER_LINE = re.compile(
    r"^(?:(?:Interfraktionelle[rs]?|Gemeinsame[rs]?)\s+)?"
    r"(?:Antrag|Anfrage|ANTRAG|ANFRAGE|Änderungsantrag|Ergänzungsantrag|Änderungs-Antrag"
    r"|Resolution)"
    r"(?:\s+der|\s*:)\s*(?P<who>.+)$|^\((?:Antrag|Anfrage) der (?P<who2>[^)]+)\)"
)

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jänner", "january"),
            ("februar", "february"),
            ("märz", "march"),
            ("april",),
            ("mai", "may"),
            ("juni", "june"),
            ("juli", "july"),
            ("august",),
            ("september",),
            ("oktober", "october"),
            ("november",),
            ("dezember", "december"),
        ),
        start=1,
    )
    for name in names
}


def parse_date(text: str) -> datetime.date | None:
    """Parse a German date ("11.11.2021", "18. November 2021"); None if it is no real date.

    Only the shapes ``DATE`` finds reach this function, so a month table suffices; a
    general date parser (dateparser) only added start-up and run time here.
    """
    text = squash(text)
    numeric = re.fullmatch(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2}|\d{4})", text)
    if numeric:
        day, month, year = (int(part) for part in numeric.groups())
        year += 2000 if year < 100 else 0  # noqa: PLR2004 - two-digit years are this century
        if not 1950 <= year <= 2100:  # noqa: PLR2004 - a typo such as "23.09.12025"
            return None
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None  # "00.00.0000" in unfilled forms
    words = re.fullmatch(r"(\d{1,2})\.\s?([A-Za-zäÄ]+)\s+(\d{4})", text)
    if words and words.group(2).lower() in _MONTH_NUMBERS:
        try:
            return datetime.date(
                int(words.group(3)), _MONTH_NUMBERS[words.group(2).lower()], int(words.group(1))
            )
        except ValueError:
            return None
    return None
