"""Budget execution (Haushaltsvollzug) of a decision's lines for one year: plain maths.

Figures for year Y, as of a day D (today by default):

- **planned**: the sum of the lines' amounts (Ansatz).
- **committed**: what the positions funded by these lines cost in Y, as the municipality's
  own share (after state programmes and grants) charged to these lines. Days before D count
  at the FTE actually assigned (vacancy costs nothing); days from D on count at the
  position's full planned FTE, until the position ends. Cost is pro rata by months
  (`costs.year_fraction`) at the cost table's rate of Y (nearest year when Y has none, with a
  warning), full or personnel cost as the line says.
- **spent**: the bookings (Ist) on these lines.
- **remaining**: planned − spent − committed remainder (the positions' cost from D to 31 Dec):
  money neither spent nor bound.
- **forecast** for 31 December: the larger of (a) committed and (b) spent plus the bookings'
  pace so far extrapolated linearly over the days left. (a) carries positions that start or
  were filled late; (b) carries spending that no position explains. Taking the larger warns
  of overspending early; for a finished year (b) is simply what was spent.

Warnings: forecast (or spending) above the plan; 5 % or more of the plan left unused; each
position's vacancy in the months already past, with the money it left unused; substituted
or missing cost rates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext as _

from ankunft.budget.costs import RateTable, money, months_text, year_fraction

UNUSED_WARNING_SHARE = Fraction(5, 100)
ONE_DAY = dt.timedelta(days=1)
ONE = Decimal(1)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date | None
    fte: Decimal


@dataclass(frozen=True)
class Source:
    """A funding source of a position (see `PositionFunding`)."""

    kind: str
    budget_line_id: int | None = None
    line_year: int | None = None
    cost_basis: str = "full"
    year: int | None = None
    share_percent: Decimal | None = None
    amount_per_fte_year: Decimal | None = None
    fixed_amount_per_year: Decimal | None = None


@dataclass(frozen=True)
class PositionInput:
    id: int
    title: str
    pay_grade: str
    fte: Decimal
    start: dt.date
    end: dt.date | None
    assignments: tuple[Period, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class LineInput:
    id: int
    year: int
    amount: Decimal
    purpose: str
    cost_basis: str = "full"
    spent: Decimal = Decimal(0)


@dataclass(frozen=True)
class ExecutionWarning:
    kind: str  # overspend, unused, vacancy, rate
    message: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class PositionYear:
    position_id: int
    title: str
    pay_grade: str
    fte: Decimal
    committed: Decimal
    vacancy: Decimal
    vacant_periods: tuple[str, ...] = ()
    rate_note: str = ""


@dataclass(frozen=True)
class YearExecution:
    """Execution of a decision's budget lines in one year (see the module docstring)."""

    year: int
    planned: Decimal
    committed: Decimal
    spent: Decimal
    remaining: Decimal
    forecast: Decimal
    warnings: list[ExecutionWarning] = field(default_factory=list)
    as_of: dt.date | None = None
    closed: bool = False
    committed_rest: Decimal = Decimal(0)
    positions: list[PositionYear] = field(default_factory=list)
    lines: list[LineInput] = field(default_factory=list)


def eur(value: Decimal) -> str:
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def _occupied(position: PositionInput, lo: dt.date, hi: dt.date) -> Fraction:
    """FTE-years actually assigned within [lo, hi] (inside the position's own period)."""
    if hi < lo:
        return Fraction(0)
    total = Fraction(0)
    for a in position.assignments:
        start = max(a.start, position.start, lo)
        ends = [d for d in (a.end, position.end, hi) if d is not None]
        total += Fraction(a.fte) * year_fraction(lo.year, start, min(ends))
    return total


def _planned(position: PositionInput, lo: dt.date, hi: dt.date) -> Fraction:
    if hi < lo:
        return Fraction(0)
    end = min(position.end, hi) if position.end else hi
    return Fraction(position.fte) * year_fraction(lo.year, max(position.start, lo), end)


def vacant_periods(
    position: PositionInput, lo: dt.date, hi: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """Stretches within [lo, hi] and the position's period that nobody held at all."""
    lo = max(lo, position.start)
    hi = min(hi, position.end) if position.end else hi
    gaps: list[tuple[dt.date, dt.date]] = []
    cursor = lo
    for a in sorted(position.assignments, key=lambda p: p.start):
        if a.end is not None and a.end < cursor:
            continue
        if a.start > cursor:
            gaps.append((cursor, min(a.start - ONE_DAY, hi)))
        cursor = max(cursor, (a.end + ONE_DAY) if a.end else hi + ONE_DAY)
        if cursor > hi:
            break
    if cursor <= hi:
        gaps.append((cursor, hi))
    return [(a, b) for a, b in gaps if a <= b]


def own_share(annual: Decimal, fte_years: Fraction, position: PositionInput, year: int) -> Fraction:
    """Cost of `fte_years` at `annual` minus what programmes and grants pay for them."""
    cost = Fraction(annual) * fte_years
    external = Fraction(0)
    for s in position.sources:
        if s.kind == "budget_line" or (s.year is not None and s.year != year):
            continue
        if s.amount_per_fte_year is not None:
            external += Fraction(s.amount_per_fte_year) * fte_years
        elif s.share_percent is not None:
            external += cost * Fraction(s.share_percent) / 100
        elif s.fixed_amount_per_year is not None and position.fte:
            external += Fraction(s.fixed_amount_per_year) * fte_years / Fraction(position.fte)
    return max(cost - min(external, cost), Fraction(0))


def line_shares(position: PositionInput, year: int) -> dict[int, Fraction]:
    """How the own share splits between the budget lines of `year` that fund the position:
    explicit percentages first, the rest evenly among lines without one."""
    sources = [s for s in position.sources if s.kind == "budget_line" and s.line_year == year]
    explicit = sum((Fraction(s.share_percent) for s in sources if s.share_percent), Fraction(0))
    open_ = [s for s in sources if not s.share_percent]
    rest = max(Fraction(100) - explicit, Fraction(0)) / len(open_) if open_ else Fraction(0)
    return {
        s.budget_line_id: (Fraction(s.share_percent) if s.share_percent else rest) / 100
        for s in sources
        if s.budget_line_id is not None
    }


def year_execution(
    year: int,
    lines: Sequence[LineInput],
    positions: Sequence[PositionInput],
    table: RateTable,
    as_of: dt.date,
) -> YearExecution:
    """The execution figures and warnings of `lines` (one year's) as of `as_of`."""
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    past_hi = min(as_of - ONE_DAY, dec31)
    future_lo = max(as_of, jan1)
    basis = {line.id: line.cost_basis for line in lines}
    committed = committed_rest = Fraction(0)
    warnings: list[ExecutionWarning] = []
    rows: list[PositionYear] = []
    for position in positions:
        shares = {k: v for k, v in line_shares(position, year).items() if k in basis}
        if not shares:
            continue
        lookup = table.lookup(year, position.pay_grade)
        if lookup.rate is None:
            warnings.append(ExecutionWarning("rate", lookup.note))
            rows.append(
                PositionYear(
                    position.id,
                    position.title,
                    position.pay_grade,
                    position.fte,
                    Decimal(0),
                    Decimal(0),
                    (),
                    lookup.note,
                )
            )
            continue
        past = _occupied(position, jan1, past_hi)
        past_plan = _planned(position, jan1, past_hi)
        future = _planned(position, future_lo, dec31)
        mine = vacancy = Fraction(0)
        for line_id, share in shares.items():
            annual = (
                lookup.rate.full_cost if basis[line_id] == "full" else lookup.rate.personnel_cost
            )
            total = own_share(annual, past + future, position, year) * share
            mine += total
            committed_rest += total - own_share(annual, past, position, year) * share
            vacancy += (
                own_share(annual, past_plan, position, year)
                - own_share(annual, past, position, year)
            ) * share
        committed += mine
        gaps = tuple(months_text(year, a, b) for a, b in vacant_periods(position, jan1, past_hi))
        rows.append(
            PositionYear(
                position.id,
                position.title,
                position.pay_grade,
                position.fte,
                money(mine),
                money(vacancy),
                gaps,
                lookup.note,
            )
        )
        if lookup.substituted:
            warnings.append(ExecutionWarning("rate", lookup.note))
        if vacancy > 0:
            warnings.append(
                ExecutionWarning(
                    "vacancy",
                    _("%(title)s was not (fully) held in %(months)s: %(amount)s EUR not needed.")
                    % {
                        "title": position.title,
                        "months": ", ".join(gaps) or str(year),
                        "amount": eur(money(vacancy)),
                    },
                    money(vacancy),
                )
            )
    planned = sum((line.amount for line in lines), Decimal(0))
    spent = sum((line.spent for line in lines), Decimal(0))
    days = (dec31 - jan1).days + 1
    elapsed = min(max((as_of - jan1).days, 0), days)
    pace_rest = Fraction(spent) * (days - elapsed) / elapsed if elapsed else Fraction(0)
    forecast = money(max(committed, Fraction(spent) + pace_rest))
    result = YearExecution(
        year=year,
        planned=planned,
        committed=money(committed),
        spent=spent,
        remaining=planned - spent - money(committed_rest),
        forecast=forecast,
        warnings=warnings,
        as_of=as_of,
        closed=as_of > dec31,
        committed_rest=money(committed_rest),
        positions=rows,
        lines=list(lines),
    )
    warnings[:0] = _money_warnings(result)
    return result


def _money_warnings(r: YearExecution) -> list[ExecutionWarning]:
    if r.spent > r.planned:
        over = r.spent - r.planned
        return [
            ExecutionWarning(
                "overspend", _("Overspent by %(amount)s EUR.") % {"amount": eur(over)}, over
            )
        ]
    if r.forecast > r.planned:
        over = r.forecast - r.planned
        return [
            ExecutionWarning(
                "overspend",
                _("The forecast exceeds the plan by %(amount)s EUR.") % {"amount": eur(over)},
                over,
            )
        ]
    unused = r.planned - r.forecast
    if (
        r.planned > 0
        and unused
        >= r.planned * Decimal(UNUSED_WARNING_SHARE.numerator) / UNUSED_WARNING_SHARE.denominator
    ):
        percent = formats.number_format((unused * 100 / r.planned).quantize(ONE, ROUND_HALF_UP), 0)
        values = {"amount": eur(unused), "percent": percent}
        message = (
            _("%(amount)s EUR (%(percent)s %%) of the plan were left unused.")
            if r.closed
            else _(
                "%(amount)s EUR (%(percent)s %%) of the plan will be left unused by the year end."
            )
        )
        return [ExecutionWarning("unused", message % values, unused)]
    return []


@dataclass(frozen=True)
class PositionCost:
    """Planned cost of a position in one year (its FTE over its own period, pro rata)."""

    year: int
    fte_years: Decimal
    personnel_cost: Decimal
    full_cost: Decimal
    own_share_personnel: Decimal
    own_share_full: Decimal
    note: str = ""


def planned_costs(
    position: PositionInput, years: Sequence[int], table: RateTable
) -> list[PositionCost]:
    """Cost of the position per year at personnel and at full cost, and the own share after
    programmes and grants; a missing rate gives zeros and a note."""
    result = []
    for year in years:
        fte_years = _planned(position, dt.date(year, 1, 1), dt.date(year, 12, 31))
        lookup = table.lookup(year, position.pay_grade)
        if lookup.rate is None:
            zero = Decimal(0)
            result.append(PositionCost(year, money(fte_years), zero, zero, zero, zero, lookup.note))
            continue
        rate = lookup.rate
        result.append(
            PositionCost(
                year=year,
                fte_years=Decimal(fte_years.numerator) / Decimal(fte_years.denominator),
                personnel_cost=money(Fraction(rate.personnel_cost) * fte_years),
                full_cost=money(Fraction(rate.full_cost) * fte_years),
                own_share_personnel=money(
                    own_share(rate.personnel_cost, fte_years, position, year)
                ),
                own_share_full=money(own_share(rate.full_cost, fte_years, position, year)),
                note=lookup.note,
            )
        )
    return result
