"""Money in German prose: amounts, years, purposes, and what an operative part asks for.

``parse_amount`` reads "100.000 EUR", "10,0 Mio. €", "50 T€"; ``find_years`` reads
"2022 bis 2024", "2022/2023"; ``prose_allocations`` keeps only sentences that ask for
money ("… werden je 100.000 EUR eingestellt"), so figures that merely describe
("sind 55.000 Euro vorgesehen") do not count. Forms and boxes: ``motion_reader_forms``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ankunft.core import parsing as german
from ankunft.council.motion_reader.text import squash

# A German number: "100.000", "2.000.000,00", "10,0", "163000", "-4.200".
NUMBER = r"[-–]?\s?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-–]?\s?\d+(?:,\d+)?"
_SCALE = r"Mrd\.?|Milliarden?|Mio\.?|Millionen|Million|Tsd\.?|Tausend|T(?=\s?€|EUR)"
_CURRENCY = r"€|EUR\b|Euro\b|TEUR\b|T€"
MONEY = re.compile(
    rf"(?<![\w.,/])(?P<num>{NUMBER})\s?(?P<scale>{_SCALE})?\s?(?P<cur>{_CURRENCY})",
    re.IGNORECASE,
)
YEAR = r"20[0-4]\d|19[89]\d"
_YEAR_RANGE = re.compile(rf"\b({YEAR})\s?(?:bis(?: einschließlich)?|–|-)\s?({YEAR})\b")
_YEAR_PAIR = re.compile(rf"\b({YEAR})\s?/\s?(\d{{2}}|{YEAR})\b")
_YEAR_SINGLE = re.compile(rf"(?<![\d./,])({YEAR})(?![\d.,/]\d)")

_MULTIPLIERS = {
    "mrd": Decimal(1_000_000_000),
    "mil": Decimal(1_000_000),  # Milliarde(n) are caught before by "mrd"/"milliard"
    "mio": Decimal(1_000_000),
    "tsd": Decimal(1_000),
    "tau": Decimal(1_000),
    "t": Decimal(1_000),
}

KIND_PERSONNEL = "personnel"
KIND_MATERIAL = "material"
KIND_INVESTMENT = "investment"
KIND_TRANSFER = "transfer"
KIND_REVENUE = "revenue"
KIND_UNSPECIFIED = "unspecified"

# Ordered: the first kind whose pattern matches a phrase wins.
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (KIND_PERSONNEL, re.compile(r"personal|personell|stelle[n ]|stellen\b|vzä|besetz", re.I)),
    (KIND_REVENUE, re.compile(r"\b(?:mehr)?ertr[äa]g|entgelt|gebühr|einzahlung|einnahme", re.I)),
    (
        KIND_INVESTMENT,
        re.compile(
            r"invest|baumaßnahme|auszahl|neubau|sanierung|kapitalrücklage|eigenkapital", re.I
        ),
    ),
    (
        KIND_TRANSFER,
        re.compile(
            r"transfer|zuschuss|zuschüsse|zuwendung|förderung|fördermittel|förderbetr", re.I
        ),
    ),
    (KIND_MATERIAL, re.compile(r"sachaufw|sachmittel|sachkosten|sach- und|sachausgab", re.I)),
)
_RECURRING = re.compile(
    r"\bje\b|jährlich|pro jahr|im jahr\b(?! \d)|jedes jahr|dauerhaft|p\.\s?a\.|per anno"
    r"|fortlaufend|laufend|ab (?:dem )?(?:haushalts)?jahr|ab 20\d\d",
    re.I,
)
_CUT = re.compile(
    r"kürz|reduzier|reduktion|streich|einspar|senk|verringer|weniger|abgesenkt|zurückgenommen",
    re.I,
)
# A sentence must ask for budget money for its amount to be an allocation; "sind …
# vorgesehen" or "kostet" describe, they do not ask.
_BUDGET_VERB = re.compile(
    r"bereitzustellen|bereitgestellt|bereitstell|einzustellen|eingestellt|einstellen"
    r"|zur verfügung (?:zu )?stell|zur verfügung gestellt|aufzustock|aufgestockt|aufstock"
    r"|veranschlag|erhöh|kürz|reduzier|streich|zu gewähren|gewährt|bewillig|zuzuführen"
    r"|zuführung",
    re.I,
)


@dataclass(frozen=True)
class Money:
    """One amount found in a text: its value in euros and where it stands."""

    amount_eur: Decimal
    start: int
    end: int


@dataclass(frozen=True)
class RawAllocation:
    """An allocation before it becomes the public ``Allocation`` value object."""

    year: int | None
    amount_eur: Decimal
    recurring: bool
    kind: str


def parse_number(text: str) -> Decimal | None:
    """Parse a German-formatted number ("100.000", "10,0", "-4.200") or return None."""
    try:
        return german.parse_number(text)
    except ValueError:
        return None


def _multiplier(scale: str | None, currency: str) -> Decimal:
    if currency.upper() in {"TEUR", "T€"}:
        return Decimal(1_000)
    if not scale:
        return Decimal(1)
    key = scale.lower()
    if key.startswith(("mrd", "milliard")):
        return _MULTIPLIERS["mrd"]
    return _MULTIPLIERS.get(key[:3], _MULTIPLIERS.get(key[:1], Decimal(1)))


def parse_amount(text: str) -> Decimal | None:
    """Parse one money expression such as "100.000 EUR", "10,0 Mio. €" or "50 T€".

    Returns the amount in euros, or None when ``text`` holds no amount with currency.
    """
    match = MONEY.search(squash(text))
    if match is None:
        return None
    number = parse_number(match.group("num"))
    if number is None:
        return None
    return number * _multiplier(match.group("scale"), match.group("cur"))


def find_money(text: str) -> list[Money]:
    """Return every amount with a currency in ``text``, in order of appearance."""
    found: list[Money] = []
    for match in MONEY.finditer(text):
        number = parse_number(match.group("num"))
        if number is None:
            continue
        amount = number * _multiplier(match.group("scale"), match.group("cur"))
        found.append(Money(amount, match.start(), match.end()))
    return found


def _full_year(base: str, tail: str) -> int:
    return int(tail) if len(tail) == 4 else int(base[:2] + tail)  # noqa: PLR2004 - "2022/23"


def find_years(text: str) -> list[int]:
    """Return the budget years named in ``text``: "2022 bis 2024", "2022/2023", "2022 und 2023"."""
    years: list[int] = []
    taken: list[tuple[int, int]] = []
    for match in _YEAR_RANGE.finditer(text):
        first, last = int(match.group(1)), int(match.group(2))
        if first < last <= first + 10:
            years.extend(range(first, last + 1))
            taken.append(match.span())
    for match in _YEAR_PAIR.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        first, second = int(match.group(1)), _full_year(match.group(1), match.group(2))
        if second == first + 1:
            years.extend((first, second))
            taken.append(match.span())
    years.extend(
        int(match.group(1))
        for match in _YEAR_SINGLE.finditer(text)
        if not any(a <= match.start() < b for a, b in taken)
    )
    return sorted(set(years))


def kind_of(text: str) -> str:
    """Classify the purpose of money from the words around it."""
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return KIND_UNSPECIFIED


_ABBREVIATIONS = re.compile(
    r"(?:Mio|Mrd|Tsd|Nr|ca|Abs|bzw|ggf|inkl|zzgl|abzgl|Dr|St|z\.B|u\.a|d\.h|vgl|gem)\.$"
)


def _sentences(text: str) -> list[str]:
    """Split at sentence ends (". " before a capital or digit) and blank lines.

    Abbreviations such as "Mio." or "Nr." do not end a sentence.
    """
    flat = re.sub(r"\n\s*\n", " \u2029 ", text)
    sentences: list[str] = []
    start = 0
    for match in re.finditer(r"(?<=[.;!?])\s+(?=[A-ZÄÖÜ\d])|\u2029", flat):
        if match.group(0) != "\u2029" and _ABBREVIATIONS.search(flat[start : match.start()]):
            continue
        sentences.append(flat[start : match.start()])
        start = match.end()
    sentences.append(flat[start:])
    return [squash(part) for part in sentences if part.strip(" \u2029")]


def prose_allocations(operative: str) -> list[RawAllocation]:
    """Read the allocations stated in the operative part of a prose motion.

    Only sentences that talk about budget money count; an amount with "je" or
    "jährlich" and several years gives one allocation per year.
    """
    result: list[RawAllocation] = []
    for sentence in _sentences(operative):
        money = find_money(sentence)
        if not money or not _BUDGET_VERB.search(sentence):
            continue
        years = find_years(sentence)
        recurring = bool(_RECURRING.search(sentence))
        kind = kind_of(sentence)
        for item in money:
            amount = item.amount_eur
            before = sentence[max(0, item.start - 120) : item.start]
            after = sentence[item.end : item.end + 60]
            if amount > 0 and _CUT.search(before + " " + after):
                amount = -amount
            per_year = recurring or len(money) == 1
            if years and per_year and (recurring or len(years) == 1):
                result.extend(RawAllocation(year, amount, recurring, kind) for year in years)
            else:
                result.append(RawAllocation(None, amount, recurring, kind))
    return result
