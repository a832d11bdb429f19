"""Finance's dashboard: budget execution (Haushaltsvollzug) across all decisions and years.

The figures are the budget module's execution maths (`budget.execution.year_execution`),
the same as each decision's execution page, but read in a fixed number of queries for all
decisions at once: the lines with their bookings summed (one), the positions they fund with
assignments and fundings (three), the cost table (one). `execution_of_decision` would cost
those queries per decision.

No figure here counts people: money and positions only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from ankunft.budget.execution import ExecutionWarning, LineInput, YearExecution, year_execution
from ankunft.budget.models import BudgetLine, Position, PositionFunding
from ankunft.budget.selectors import ZERO, rate_table
from ankunft.budget.selectors import _position_input as position_input
from ankunft.core import permissions
from ankunft.council.models import Decision

PERMISSION = "reports.dashboard_finance"
BUDGET_VIEW = "budget.view"


@dataclass(frozen=True)
class Money:
    """Planned, committed, spent, remaining and forecast (EUR)."""

    planned: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    remaining: Decimal = Decimal(0)
    forecast: Decimal = Decimal(0)

    def __add__(self, other: Money) -> Money:
        return Money(
            self.planned + other.planned,
            self.committed + other.committed,
            self.spent + other.spent,
            self.remaining + other.remaining,
            self.forecast + other.forecast,
        )

    @classmethod
    def of(cls, y: YearExecution) -> Money:
        return cls(y.planned, y.committed, y.spent, y.remaining, y.forecast)

    @classmethod
    def total(cls, items: Iterable[Money]) -> Money:
        result = cls()
        for item in items:
            result = result + item
        return result

    def as_dict(self) -> dict[str, str]:
        return {
            "planned": str(self.planned),
            "committed": str(self.committed),
            "spent": str(self.spent),
            "remaining": str(self.remaining),
            "forecast": str(self.forecast),
        }


@dataclass(frozen=True)
class DecisionYear:
    """One decision's execution in one year."""

    decision_id: int
    reference: str
    title: str
    year: int
    money: Money
    closed: bool
    warnings: list[ExecutionWarning] = field(default_factory=list)


@dataclass(frozen=True)
class YearTotal:
    year: int
    money: Money
    decisions: int
    warnings: int


@dataclass(frozen=True)
class FinanceDashboard:
    as_of: dt.date
    rows: list[DecisionYear]
    years: list[YearTotal]
    total: Money
    warnings: int


def executions(
    *, municipality_id: int, as_of: dt.date, year: int | None = None
) -> list[tuple[Decision, YearExecution]]:
    """The execution of every decision's budget lines per year (of `year` only, if given),
    decisions newest first, then by year. Five queries, however many decisions (no
    permission check: the callers check)."""
    lines = list(
        BudgetLine.objects.for_municipality(municipality_id)
        .filter(decision__isnull=False, **({"year": year} if year is not None else {}))
        .select_related("decision__paper")
        .annotate(spent_sum=Coalesce(Sum("bookings__amount"), ZERO))
        .order_by("year", "id")
    )
    funded = {"fundings__budget_line__decision__isnull": False}
    if year is not None:
        funded["fundings__budget_line__year"] = year  # type: ignore[assignment]
    positions = [
        position_input(p)
        for p in Position.objects.for_municipality(municipality_id)
        .filter(**funded)
        .distinct()
        .prefetch_related(
            "assignments",
            Prefetch("fundings", queryset=PositionFunding.objects.select_related("budget_line")),
        )
        .order_by("start", "id")
    ]
    table = rate_table(municipality_id=municipality_id)
    decisions: dict[int, Decision] = {}
    grouped: dict[tuple[int, int], list[LineInput]] = {}
    for line in lines:
        assert line.decision is not None  # noqa: S101 - filtered on it
        decisions[line.decision.pk] = line.decision
        grouped.setdefault((line.decision.pk, line.year), []).append(
            LineInput(
                line.pk, line.year, line.amount, line.purpose, line.cost_basis, line.spent_sum
            )
        )
    result = [
        (decisions[d], year_execution(y, ls, positions, table, as_of))
        for (d, y), ls in grouped.items()
    ]
    result.sort(key=lambda r: (_newest_first(r[0]), r[1].year))
    return result


def _newest_first(decision: Decision) -> tuple[int, int]:
    return (-(decision.date.toordinal() if decision.date else 0), -decision.pk)


def label(decision: Decision) -> tuple[str, str]:
    """(reference, title) of a decision's paper."""
    return decision.paper.reference, decision.paper.name


def finance_dashboard(*, actor: Any, as_of: dt.date | None = None) -> FinanceDashboard:
    """Planned, committed, spent, remaining and forecast per decision and year, with the
    execution warnings, per year across decisions, and in all."""
    permissions.require(actor, PERMISSION)
    permissions.require(actor, BUDGET_VIEW)
    day = as_of or timezone.localdate()
    rows = []
    for decision, y in executions(municipality_id=actor.municipality_id, as_of=day):
        reference, title = label(decision)
        rows.append(
            DecisionYear(
                decision.pk, reference, title, y.year, Money.of(y), y.closed, list(y.warnings)
            )
        )
    years = [
        YearTotal(
            year,
            Money.total(r.money for r in rows if r.year == year),
            len({r.decision_id for r in rows if r.year == year}),
            sum(len(r.warnings) for r in rows if r.year == year),
        )
        for year in sorted({r.year for r in rows})
    ]
    return FinanceDashboard(
        as_of=day,
        rows=rows,
        years=years,
        total=Money.total(r.money for r in rows),
        warnings=sum(len(r.warnings) for r in rows),
    )
