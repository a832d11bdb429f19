"""Cost maths: personnel cost per pay grade and year, pro-rata cost, "what does this buy".

Plain functions on plain data (no database), so pages, API, CLI, execution and tests share
one implementation.

Method (KGSt, report 11/2022): full cost of an office workplace = personnel cost × 1.2
(overheads of 20 %) + 9,700 EUR (flat material cost).

Pro rata by months: a year is twelve equal months; a month that a position holds only in
part counts by its calendar days (TVöD § 24 (3): pay for part of a month is the share of its
calendar days). 1 April–31 December is therefore exactly 9/12 of the annual cost.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ankunft.core.parsing import parse_amount

OVERHEAD_FACTOR = Decimal("1.2")
WORKPLACE_FLAT_EUR = Decimal("9700")
DEFAULT_CASELOAD_PER_FTE = 60
KIM_EUR_PER_FTE_YEAR = Decimal("57000")
CENT = Decimal("0.01")
SHIPPED_CSV = Path(__file__).resolve().parent / "data" / "personnel-costs.csv"

_GRADE_RE = re.compile(r"^\s*(EG|[ESP])\s*(\d{1,2})\s*([a-cü]?)\s*$", re.IGNORECASE)


def normalize_pay_grade(value: str) -> str:
    """ "e9B" → "E 9b"; "EG 10" → "E 10"; "S12" → "S 12". Unknown shapes: ValueError."""
    match = _GRADE_RE.match(value or "")
    if match is None:
        raise ValueError(value)
    letter, number, suffix = match.groups()
    suffix = "Ü" if suffix.lower() == "ü" else suffix.lower()
    return f"{letter[0].upper()} {int(number)}{suffix}"


def pay_grade_sort_key(grade: str) -> tuple[str, int, str]:
    match = _GRADE_RE.match(grade)
    if match is None:
        return (grade, 0, "")
    letter, number, suffix = match.groups()
    return (letter[0].upper(), int(number), suffix.lower())


def full_cost_from_personnel(personnel_cost: Decimal) -> Decimal:
    """Full workplace cost for a personnel cost (KGSt: × 1.2 + 9,700 EUR)."""
    return (personnel_cost * OVERHEAD_FACTOR + WORKPLACE_FLAT_EUR).quantize(CENT, ROUND_HALF_UP)


def full_cost_formula() -> str:
    """The KGSt formula for people, numbers in the active language:
    "personnel cost × 1.2 + 9,700 EUR" in English, "Personalkosten × 1,2 + 9.700 EUR" in German."""
    return _("personnel cost × %(factor)s + %(flat)s EUR") % {
        "factor": number_format(OVERHEAD_FACTOR, use_l10n=True),
        "flat": number_format(WORKPLACE_FLAT_EUR, use_l10n=True, force_grouping=True),
    }


def personnel_from_full_cost(full_cost: Decimal) -> Decimal:
    return ((full_cost - WORKPLACE_FLAT_EUR) / OVERHEAD_FACTOR).quantize(CENT, ROUND_HALF_UP)


def money(value: Decimal | Fraction | int) -> Decimal:
    """Round to cents, half up (commercial rounding)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


# --- the rate table -----------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """One row of the cost table: what a full-time position of a grade costs in a year."""

    year: int
    pay_grade: str
    personnel_cost: Decimal
    full_cost: Decimal
    source: str = ""
    status: str = "published"
    hourly_rate: Decimal | None = None


@dataclass(frozen=True)
class RateLookup:
    """The rate used for (year, grade); `substituted` when it is another year's rate."""

    requested_year: int
    pay_grade: str
    rate: Rate | None

    @property
    def substituted(self) -> bool:
        return self.rate is not None and self.rate.year != self.requested_year

    @property
    def note(self) -> str:
        if self.rate is None:
            return _("No cost rate for %(grade)s: enter one in the cost table.") % {
                "grade": self.pay_grade
            }
        if self.substituted:
            return _("No %(year)s rate for %(grade)s: the %(used)s rate is used.") % {
                "year": self.requested_year,
                "grade": self.pay_grade,
                "used": self.rate.year,
            }
        return ""


class RateTable:
    """The cost table of a municipality, with the nearest-year rule.

    Where a year has no rate for a grade, the rate of the nearest year that has one is used
    (on a tie the later, higher one: budgets should not be under-estimated), and the lookup
    says so (`RateLookup.substituted`), so every page, API answer and CLI output can show it.
    """

    def __init__(self, rates: Iterable[Rate], *, shipped_default: bool = False) -> None:
        self.shipped_default = shipped_default
        self._by_grade: dict[str, dict[int, Rate]] = {}
        for rate in rates:
            self._by_grade.setdefault(rate.pay_grade, {})[rate.year] = rate

    def __bool__(self) -> bool:
        return bool(self._by_grade)

    def grades(self) -> list[str]:
        return sorted(self._by_grade, key=pay_grade_sort_key)

    def years(self) -> list[int]:
        return sorted({y for by_year in self._by_grade.values() for y in by_year})

    def lookup(self, year: int, pay_grade: str) -> RateLookup:
        by_year = self._by_grade.get(pay_grade, {})
        if not by_year:
            return RateLookup(year, pay_grade, None)
        nearest = min(by_year, key=lambda y: (abs(y - year), -y))
        return RateLookup(year, pay_grade, by_year[nearest])


# --- pro rata -----------------------------------------------------------------------------


def year_fraction(year: int, start: dt.date | None, end: dt.date | None) -> Fraction:
    """Share of `year` covered by [start, end] (both inclusive; None = open), by months.

    Each calendar month weighs 1/12; a partly covered month counts by its calendar days.
    """
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lo = max(start or first, first)
    hi = min(end or last, last)
    if hi < lo:
        return Fraction(0)
    total = Fraction(0)
    for month in range(lo.month, hi.month + 1):
        days = calendar.monthrange(year, month)[1]
        m_lo = lo.day if month == lo.month else 1
        m_hi = hi.day if month == hi.month else days
        total += Fraction(m_hi - m_lo + 1, days)
    return total / 12


def months_text(year: int, start: dt.date, end: dt.date) -> str:
    """ "Jan–Mar 2022" style label of a period inside one year (for warnings)."""
    lo = max(start, dt.date(year, 1, 1))
    hi = min(end, dt.date(year, 12, 31))
    if lo.month == hi.month:
        return f"{lo:%m}/{year}"
    return f"{lo:%m}–{hi:%m}/{year}"


def pro_rata_cost(annual: Decimal, fte: Decimal, fraction: Fraction) -> Decimal:
    """Cost of `fte` for the `fraction` of a year at the `annual` full-time rate."""
    return money(Fraction(annual) * Fraction(fte) * fraction)


# --- what does this buy -------------------------------------------------------------------


@dataclass(frozen=True)
class BuyRow:
    pay_grade: str
    rate_year: int
    substituted: bool
    personnel_cost: Decimal
    full_cost: Decimal
    fte_at_personnel_cost: Decimal
    fte_at_full_cost: Decimal
    newcomers_at_personnel_cost: int
    newcomers_at_full_cost: int
    source: str
    status: str


@dataclass(frozen=True)
class BuyResult:
    amount: Decimal
    year: int
    caseload_per_fte: int
    rows: list[BuyRow] = field(default_factory=list)
    shipped_default: bool = False

    @property
    def substituted(self) -> bool:
        return any(r.substituted for r in self.rows)

    @property
    def notes(self) -> list[str]:
        notes = [
            _("No %(year)s rate for %(grade)s: the %(used)s rate is used.")
            % {"year": self.year, "grade": r.pay_grade, "used": r.rate_year}
            for r in self.rows
            if r.substituted
        ]
        if self.shipped_default:
            notes.insert(
                0, _("Shipped default table: your finance department has not yet adopted it.")
            )
        return notes


def _fte_for(amount: Decimal, annual: Decimal) -> Decimal:
    # Rounded down: the amount pays for at least this FTE, never for more.
    return (amount / annual).quantize(CENT, ROUND_DOWN)


def _newcomers(amount: Decimal, annual: Decimal, caseload: int) -> int:
    return int((amount / annual * caseload).to_integral_value(ROUND_DOWN))


def what_does_this_buy(
    amount: Decimal, year: int, table: RateTable, caseload_per_fte: int = DEFAULT_CASELOAD_PER_FTE
) -> BuyResult:
    """FTE of each grade an annual `amount` pays for in `year`, at personnel and at full cost,
    and how many newcomers' cases those FTE can carry at `caseload_per_fte`."""
    rows = []
    for grade in table.grades():
        rate = table.lookup(year, grade).rate
        if rate is None or rate.personnel_cost <= 0 or rate.full_cost <= 0:
            continue
        rows.append(
            BuyRow(
                pay_grade=grade,
                rate_year=rate.year,
                substituted=rate.year != year,
                personnel_cost=rate.personnel_cost,
                full_cost=rate.full_cost,
                fte_at_personnel_cost=_fte_for(amount, rate.personnel_cost),
                fte_at_full_cost=_fte_for(amount, rate.full_cost),
                newcomers_at_personnel_cost=_newcomers(
                    amount, rate.personnel_cost, caseload_per_fte
                ),
                newcomers_at_full_cost=_newcomers(amount, rate.full_cost, caseload_per_fte),
                source=rate.source,
                status=rate.status,
            )
        )
    return BuyResult(amount, year, caseload_per_fte, rows, table.shipped_default)


# --- the cost-table CSV -------------------------------------------------------------------


class CostRateCsvError(ValueError):
    """A cost-table file with bad rows; `errors` lists each with its line number."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


_COLUMNS = {
    "year": ("year", "jahr"),
    "pay_grade": ("pay_grade", "entgeltgruppe"),
    "personnel": ("personnel_cost_eur_per_year", "personnel_cost_eur", "personalkosten"),
    "full": ("full_cost_eur_per_year", "full_cost_eur", "vollkosten"),
    "hourly": ("hourly_rate_eur", "stundensatz"),
    "status": ("status",),
    "source": ("source", "quelle"),
}


def parse_decimal(text: str) -> Decimal:
    """German or plain amounts: "1.234,56", "100.000", "1234.56", "0,5"; a sign in front or,
    as SAP writes it, behind ("1.234,56-"). At most two decimals. ValueError otherwise."""
    return parse_amount(text)


def _row_rate(row: dict[str, str], cols: dict[str, str | None], previous_source: str) -> Rate:
    def cell(key: str) -> str:
        name = cols.get(key)
        return (row.get(name) or "").strip() if name else ""

    errors = []
    try:
        year = int(cell("year"))
        if not 1990 <= year <= 2100:  # noqa: PLR2004
            raise ValueError
    except ValueError:
        errors.append(_("year %(value)r is not a year") % {"value": cell("year")})
        year = 0
    try:
        grade = normalize_pay_grade(cell("pay_grade"))
    except ValueError:
        errors.append(_("pay grade %(value)r is not a TVöD grade") % {"value": cell("pay_grade")})
        grade = ""
    amounts: dict[str, Decimal | None] = {}
    for key in ("personnel", "full", "hourly"):
        try:
            amounts[key] = parse_decimal(cell(key)) if cell(key) else None
        except ValueError:
            errors.append(_("%(value)r is not an amount") % {"value": cell(key)})
            amounts[key] = None
    personnel, full, hourly = amounts["personnel"], amounts["full"], amounts["hourly"]
    if personnel is None and full is not None:
        personnel = personnel_from_full_cost(full)
    if full is None and personnel is not None:
        full = full_cost_from_personnel(personnel)
    if personnel is None or full is None or personnel <= 0 or full <= 0:
        errors.append(_("give a positive personnel cost or full cost"))
    status = cell("status") or "own"
    if status not in {"published", "own"}:
        errors.append(_("status %(value)r is neither published nor own") % {"value": status})
    source = cell("source")
    source = previous_source if source.lower() == "same" else source
    if errors or personnel is None or full is None:
        raise ValueError("; ".join(errors))
    return Rate(year, grade, personnel, full, source[:300], status, hourly)


def parse_cost_rates_csv(text: str) -> list[Rate]:
    """Rows of a cost-table CSV (`,` or `;`), all or none: any bad row raises
    `CostRateCsvError` listing every bad row by its line number."""
    text = text.lstrip("\ufeff")
    sample = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = {h.strip().lower(): h for h in (reader.fieldnames or [])}
    cols = {
        key: next((headers[n] for n in names if n in headers), None)
        for key, names in _COLUMNS.items()
    }
    missing = [k for k in ("year", "pay_grade") if cols[k] is None]
    if missing or (cols["personnel"] is None and cols["full"] is None):
        raise CostRateCsvError(
            [_("The file needs the columns year, pay_grade and a personnel or full cost column.")]
        )
    rates: list[Rate] = []
    errors: list[str] = []
    seen: set[tuple[int, str]] = set()
    source = ""
    for number, row in enumerate(reader, start=2):
        try:
            rate = _row_rate(row, cols, source)
        except ValueError as exc:
            errors.append(_("Line %(n)d: %(reason)s") % {"n": number, "reason": exc})
            continue
        if (rate.year, rate.pay_grade) in seen:
            errors.append(
                _("Line %(n)d: %(grade)s %(year)d appears twice")
                % {"n": number, "grade": rate.pay_grade, "year": rate.year}
            )
        seen.add((rate.year, rate.pay_grade))
        source = rate.source
        rates.append(rate)
    if errors:
        raise CostRateCsvError(errors)
    if not rates:
        raise CostRateCsvError([_("The file holds no rates.")])
    return rates


@cache
def shipped_rates() -> tuple[Rate, ...]:
    """The default table shipped with ankunft (KGSt 8/2025, see data/SOURCE.md)."""
    return tuple(parse_cost_rates_csv(SHIPPED_CSV.read_text(encoding="utf-8")))
