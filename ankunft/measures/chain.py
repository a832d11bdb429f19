"""The chain of a decision: decision → budget lines → positions → measures → indicators.

One `Chain` feeds the decision's chain page, the API and `ankunft chain`. The money per
year comes from the budget module's execution maths (`budget.selectors.execution_of_decision`:
planned, committed, spent); positions are those the decision's budget lines fund; the
measures are those linked to the decision or its budget lines, or worked on by its
positions. A measure's `share_of_positions` is the share of the decision's position FTE
allocated to it on the reference day (`as_of`, today by default; once the decision's last
budget year has ended, its 31 December):

    share(measure) = Σ over the decision's positions p of  fte(p) × percent(p → measure) / 100
                     ─────────────────────────────────────────────────────────────────────────
                                         Σ over the decision's positions p of fte(p)

Budget data is read here through the budget module's models and its unchecked selectors, as
that module documents: the permission `measures.view_chain` decides who sees a chain.
Nothing in it is personal (no holder names).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ankunft.budget.models import BudgetLine, Position
from ankunft.budget.selectors import execution_of_decision
from ankunft.core import permissions
from ankunft.core.models import User
from ankunft.council.models import Decision
from ankunft.measures.charts import IndicatorStatus, Light
from ankunft.measures.models import Indicator, IndicatorValue, Measure, StaffAllocation
from ankunft.measures.reach import people_reached

# Money per decision: like the budget pages, not for case workers (issue 3).
VIEW = "measures.view_chain"
SHARE_PLACES = Decimal("0.0001")


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: whole numbers as int, others as float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class ChainDecision:
    id: int
    reference: str
    title: str
    date: dt.date | None
    outcome: str
    outcome_label: str
    body: str = ""

    @classmethod
    def of(cls, decision: Decision) -> ChainDecision:
        return cls(
            id=decision.pk,
            reference=decision.paper.reference,
            title=decision.paper.name,
            date=decision.date,
            outcome=decision.outcome,
            outcome_label=str(decision.get_outcome_display()),
            body=str(decision.organization) if decision.organization_id else "",
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference or None,  # a paper without a number: null, not ""
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class ChainBudgetYear:
    year: int
    planned: Decimal
    committed: Decimal
    spent: Decimal
    remaining: Decimal = Decimal(0)
    forecast: Decimal = Decimal(0)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "planned": number(self.planned),
            "committed": number(self.committed),
            "spent": number(self.spent),
        }


@dataclass(frozen=True)
class ChainPosition:
    id: int
    title: str
    pay_grade: str
    fte: Decimal
    status: str
    status_label: str
    allocated_percent: Decimal = Decimal(0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "pay_grade": self.pay_grade,
            "fte": number(self.fte),
            "status": self.status,
        }


@dataclass(frozen=True)
class ChainIndicator:
    id: int
    name: str
    unit: str
    frequency_label: str
    target: Decimal | None
    latest: Decimal | None
    latest_period: dt.date | None
    light: Light
    series: list[tuple[dt.date, Decimal]] = field(default_factory=list)

    @classmethod
    def of(cls, indicator: Indicator) -> ChainIndicator:
        status = IndicatorStatus.of(indicator, list(indicator.values.all()))
        return cls(
            id=indicator.pk,
            name=indicator.name,
            unit=indicator.unit,
            frequency_label=str(indicator.get_frequency_display()),
            target=indicator.target,
            latest=status.latest,
            latest_period=status.latest_period,
            light=status.light,
            series=status.series,
        )

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "target": number(self.target), "latest": number(self.latest)}


@dataclass(frozen=True)
class ChainMeasure:
    id: int
    title: str
    concept: str
    status: str
    status_label: str
    share_of_positions: Decimal
    fte: Decimal
    indicators: list[ChainIndicator] = field(default_factory=list)
    people_reached: int | None = None  # distinct persons taking part (None: not counted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "share_of_positions": number(self.share_of_positions),
            "indicators": [i.as_dict() for i in self.indicators],
            "people_reached": self.people_reached,
        }


@dataclass(frozen=True)
class Chain:
    decision: ChainDecision
    budget: list[ChainBudgetYear]
    positions: list[ChainPosition]
    measures: list[ChainMeasure]
    as_of: dt.date
    allocations_on: dt.date
    # Another decision on the same paper that now holds its budget lines (a later
    # confirmation, change or cancellation): this decision's chain is then history.
    held_by: ChainDecision | None = None
    # Distinct persons taking part in any of the measures (counted by the case module).
    people_reached: int | None = None

    @property
    def planned(self) -> Decimal:
        return sum((b.planned for b in self.budget), Decimal(0))

    @property
    def committed(self) -> Decimal:
        return sum((b.committed for b in self.budget), Decimal(0))

    @property
    def spent(self) -> Decimal:
        return sum((b.spent for b in self.budget), Decimal(0))

    @property
    def fte(self) -> Decimal:
        return sum((p.fte for p in self.positions), Decimal(0))

    @property
    def fte_filled(self) -> Decimal:
        return sum(
            (p.fte for p in self.positions if p.status == Position.Status.FILLED), Decimal(0)
        )

    @property
    def unallocated_share(self) -> Decimal:
        """The share of the positions' FTE not allocated to any measure."""
        return max(
            Decimal(1) - sum((m.share_of_positions for m in self.measures), Decimal(0)), Decimal(0)
        )

    def as_dict(self) -> dict[str, Any]:
        """Exactly the shape of `ankunft chain REFERENCE --json` and the API."""
        return {
            "decision": self.decision.as_dict(),
            "budget": [b.as_dict() for b in self.budget],
            "positions": [p.as_dict() for p in self.positions],
            "measures": [m.as_dict() for m in self.measures],
            "people_reached": (
                {"total": self.people_reached} if self.people_reached is not None else None
            ),
        }


def _share(allocated_fte: Decimal, total_fte: Decimal) -> Decimal:
    if total_fte <= 0:
        return Decimal(0)
    return (allocated_fte / total_fte).quantize(SHARE_PLACES, ROUND_HALF_UP)


def _indicator_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "indicators",
        Indicator.objects.order_by("name").prefetch_related(
            Prefetch("values", IndicatorValue.objects.order_by("period"))
        ),
    )


def build_chain(decision: Decision, *, as_of: dt.date | None = None) -> Chain:
    """The chain of a decision, without a permission check (callers check; the CLI runs as
    the system). A constant number of queries, however many measures and values."""
    day = as_of or timezone.localdate()
    m_id = decision.municipality_id
    budget = [
        ChainBudgetYear(
            year=y.year,
            planned=y.planned,
            committed=y.committed,
            spent=y.spent,
            remaining=y.remaining,
            forecast=y.forecast,
            warnings=[w.message for w in y.warnings],
        )
        for y in execution_of_decision(municipality_id=m_id, decision=decision, as_of=day)
    ]
    # Staff time counts as allocated on the reference day, or on the last day of the
    # decision's last budget year once that has passed (a chain of 2022–2023 read in 2026
    # shows how the positions worked while the money ran).
    alloc_day = min(day, dt.date(budget[-1].year, 12, 31)) if budget else day
    positions = list(
        Position.objects.for_municipality(m_id)
        .filter(fundings__budget_line__decision=decision)
        .distinct()
        .order_by("start", "id")
    )
    position_ids = [p.pk for p in positions]
    allocations = [
        a
        for a in StaffAllocation.objects.for_municipality(m_id).filter(position_id__in=position_ids)
        if a.active_on(alloc_day)
    ]
    fte_by_position = {p.pk: p.fte for p in positions}
    total_fte = sum(fte_by_position.values(), Decimal(0))
    allocated: dict[int, Decimal] = {}
    percent_by_position: dict[int, Decimal] = {}
    for a in allocations:
        allocated[a.measure_id] = allocated.get(a.measure_id, Decimal(0)) + (
            fte_by_position[a.position_id] * a.percent / Decimal(100)
        )
        percent_by_position[a.position_id] = (
            percent_by_position.get(a.position_id, Decimal(0)) + a.percent
        )
    holder = holding_decision(decision)
    # The decision that holds the paper's money carries the measures linked to any decision
    # on the paper (often the committee's, which the council then confirmed).
    linked = (
        Q(decisions__paper_id=decision.paper_id) if holder == decision else Q(decisions=decision)
    )
    measures = (
        Measure.objects.for_municipality(m_id)
        .filter(
            linked
            | Q(budget_lines__decision=decision)
            | Q(positions__in=position_ids)
            | Q(pk__in=list(allocated))
        )
        .distinct()
        .select_related("concept")
        .prefetch_related(_indicator_prefetch())
    )
    chain_measures = sorted(
        (
            ChainMeasure(
                id=m.pk,
                title=m.title,
                concept=m.concept.title,
                status=m.status,
                status_label=str(m.get_status_display()),
                share_of_positions=_share(allocated.get(m.pk, Decimal(0)), total_fte),
                fte=allocated.get(m.pk, Decimal(0)).quantize(Decimal("0.01")),
                indicators=[ChainIndicator.of(i) for i in m.indicators.all()],
            )
            for m in measures
        ),
        key=lambda cm: (-cm.share_of_positions, cm.title),
    )
    # People reached while the decision's money runs: from its first budget year to the day.
    reach = people_reached(
        m_id,
        [cm.id for cm in chain_measures],
        (dt.date(budget[0].year, 1, 1) if budget else None, day),
    )
    if reach is not None:
        per_measure = reach["per_measure"]
        chain_measures = [
            replace(cm, people_reached=per_measure.get(cm.id, 0)) for cm in chain_measures
        ]
    chain_positions = [
        ChainPosition(
            id=p.pk,
            title=p.title,
            pay_grade=p.pay_grade,
            fte=p.fte,
            status=p.status,
            status_label=str(p.get_status_display()),
            allocated_percent=percent_by_position.get(p.pk, Decimal(0)),
        )
        for p in positions
    ]
    return Chain(
        ChainDecision.of(decision),
        budget,
        chain_positions,
        chain_measures,
        day,
        alloc_day,
        held_by=ChainDecision.of(holder) if holder is not None and holder != decision else None,
        people_reached=reach["total"] if reach is not None else None,
    )


def holding_decision(decision: Decision) -> Decision | None:
    """The decision on the same paper that holds its budget lines (the latest effective
    one), or None when no decision on the paper has made budget lines."""
    return (
        _decisions(decision.municipality_id)
        .filter(paper_id=decision.paper_id, budget_lines__isnull=False)
        .distinct()
        .order_by("-date", "-id")
        .first()
    )


def chain_for_decision(*, actor: User, decision: Decision, as_of: dt.date | None = None) -> Chain:
    """The chain of a decision for a person who may see measures; another municipality's
    decision is a 404."""
    permissions.require(actor, VIEW, decision)
    return build_chain(decision, as_of=as_of)


# Decisions -----------------------------------------------------------------------------------


def _decisions(municipality_id: int | None) -> QuerySet[Decision]:
    return Decision.objects.for_municipality(municipality_id).select_related(
        "paper", "organization"
    )


def chain_decisions(*, municipality_id: int | None) -> QuerySet[Decision]:
    """Decisions that fund something: budget lines, or measures when no decision on the
    same paper holds budget lines (that one carries the paper's chain), newest first."""
    papers_with_lines = (
        BudgetLine.objects.for_municipality(municipality_id)
        .filter(decision__isnull=False)
        .values("decision__paper_id")
    )
    return (
        _decisions(municipality_id)
        .filter(
            Q(budget_lines__isnull=False)
            | (Q(funded_measures__isnull=False) & ~Q(paper_id__in=papers_with_lines))
        )
        .distinct()
        .order_by("-date", "-id")
    )


def chain_decision_list(*, actor: User) -> QuerySet[Decision]:
    permissions.require(actor, VIEW)
    return chain_decisions(municipality_id=actor.municipality_id)


def decision_get(*, actor: User, pk: int) -> Decision:
    permissions.require(actor, VIEW)
    decision = _decisions(actor.municipality_id).filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision


def decision_for_reference(*, municipality_id: int | None, reference: str) -> Decision | None:
    """The decision named by a paper's reference ("DS 21-0220"; spaces and case do not
    matter) or by its id. Several decisions on one paper: the one that holds the paper's
    budget lines (the latest effective one: a council's confirmation of its committee's
    adoption), else the latest with an effect on the money, else the latest adopted one,
    else the latest."""
    text = " ".join(reference.split())
    qs = _decisions(municipality_id)
    if text.isdigit():
        by_id = qs.filter(pk=int(text)).first()
        if by_id is not None:
            return by_id
    candidates = qs.filter(paper__reference__iexact=text).order_by("-date", "-id")
    return (
        candidates.filter(budget_lines__isnull=False).distinct().first()
        or candidates.exclude(effect="").first()
        or candidates.filter(outcome=Decision.Outcome.ADOPTED).first()
        or candidates.first()
    )


def decision_by_reference(*, actor: User, reference: str) -> Decision:
    permissions.require(actor, VIEW)
    decision = decision_for_reference(municipality_id=actor.municipality_id, reference=reference)
    if decision is None:
        raise Http404
    return decision
