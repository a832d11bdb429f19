"""The chain seen from a measure: the decisions and budget lines that fund it, the staff
time allocated to it, and what it costs per year.

Cost of a measure in year Y = Σ over its allocations of the position's full workplace cost
(cost table, grade and year; KGSt) × FTE × share × the part of Y the allocation and the
position both run (by months, `budget.costs.year_fraction`) + its direct costs per year × the
part of Y the measure runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q
from django.utils import timezone

from ankunft.budget.costs import money, pro_rata_cost, year_fraction
from ankunft.budget.models import BudgetLine, Position
from ankunft.budget.selectors import rate_table
from ankunft.core import permissions
from ankunft.core.models import User
from ankunft.council.models import Decision
from ankunft.measures.chain import ChainDecision
from ankunft.measures.models import Measure, StaffAllocation

MAX_YEARS = 12
# Money on measure pages (funding decisions, budget lines, pay grades, cost per year) is
# shown to the roles that may see the budget pages, not to case workers (issue 9).
MONEY = "budget.view"


def may_see_money(actor: User) -> bool:
    """Whether measure pages and the API show the actor what funds a measure and costs."""
    return permissions.has_perm(actor, MONEY)


@dataclass(frozen=True)
class MeasureCost:
    year: int
    staff: Decimal
    direct: Decimal

    @property
    def total(self) -> Decimal:
        return self.staff + self.direct


@dataclass(frozen=True)
class MeasureFunding:
    decisions: list[ChainDecision]
    budget_lines: list[BudgetLine]
    allocations: list[StaffAllocation]
    unallocated_positions: list[Position]
    costs: list[MeasureCost] = field(default_factory=list)
    cost_notes: list[str] = field(default_factory=list)
    # False: decisions, budget lines and costs are left out (the actor may not see money).
    show_money: bool = True


def _years(measure: Measure, allocations: list[StaffAllocation]) -> list[int]:
    this_year = timezone.localdate().year
    starts = [a.valid_from.year for a in allocations]
    ends = [a.valid_until.year if a.valid_until else this_year for a in allocations]
    if measure.direct_costs > 0:
        starts.append(measure.start.year if measure.start else this_year)
        ends.append(measure.end.year if measure.end else this_year)
    if not starts:
        return []
    lo, hi = min(starts), max([*ends, min(starts)])
    return list(range(max(lo, hi - MAX_YEARS + 1), hi + 1))


def _later(a: dt.date, b: dt.date | None) -> dt.date:
    return max(a, b) if b else a


def _earlier(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    if a is None or b is None:
        return a or b
    return min(a, b)


def measure_costs(
    measure: Measure, allocations: list[StaffAllocation]
) -> tuple[list[MeasureCost], list[str]]:
    """Cost per year (staff and direct) and notes on substituted or missing cost rates."""
    table = rate_table(municipality_id=measure.municipality_id)
    notes: list[str] = []
    costs: list[MeasureCost] = []
    for year in _years(measure, allocations):
        staff = Decimal(0)
        for a in allocations:
            position = a.position
            part = year_fraction(
                year, _later(a.valid_from, position.start), _earlier(a.valid_until, position.end)
            )
            if part == 0:
                continue
            lookup = table.lookup(year, position.pay_grade)
            if lookup.note and lookup.note not in notes:
                notes.append(lookup.note)
            if lookup.rate is not None:
                fte = position.fte * a.percent / Decimal(100)
                staff += pro_rata_cost(lookup.rate.full_cost, fte, part)
        direct_part = year_fraction(year, measure.start, measure.end)
        direct = money(Fraction(measure.direct_costs) * direct_part)
        costs.append(MeasureCost(year, staff, direct))
    return costs, notes


def measure_funding(*, actor: User, measure: Measure) -> MeasureFunding:
    """What funds and staffs a measure (read with `measures.view`; nothing personal)."""
    permissions.require(actor, "measures.view", measure)
    allocations = list(
        StaffAllocation.objects.for_user(actor)
        .filter(measure=measure)
        .select_related("position")
        .order_by("valid_from", "id")
    )
    position_ids = {a.position_id for a in allocations} | {p.pk for p in measure.positions.all()}
    allocated = {a.position_id for a in allocations}
    unallocated = [p for p in measure.positions.all() if p.pk not in allocated]
    if not may_see_money(actor):
        return MeasureFunding(
            decisions=[],
            budget_lines=[],
            allocations=allocations,
            unallocated_positions=unallocated,
            show_money=False,
        )
    lines = list(
        BudgetLine.objects.for_user(actor)
        .filter(measures=measure)
        .select_related("decision__paper")
        .order_by("year", "id")
    )
    decisions = list(
        Decision.objects.for_user(actor)
        .filter(
            Q(pk__in=[d.pk for d in measure.decisions.all()])
            | Q(budget_lines__measures=measure)
            | Q(budget_lines__fundings__position_id__in=position_ids)
        )
        .distinct()
        .select_related("paper", "organization")
        .order_by("-date", "-id")
    )
    costs, notes = measure_costs(measure, allocations)
    return MeasureFunding(
        decisions=[ChainDecision.of(d) for d in decisions],
        budget_lines=lines,
        allocations=allocations,
        unallocated_positions=unallocated,
        costs=costs,
        cost_notes=notes,
    )
