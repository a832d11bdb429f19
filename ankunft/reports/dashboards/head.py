"""The head of the KI's dashboard (Übersicht der Leitung): money, staff, measures and case
figures of the year at a glance, each leading to its page (the decision's chain and budget
execution, the measures, the case list).

Every section reads through its module's permission layer and is left out when the head's
role (as the municipality set it) lacks that module's permission. Case figures are counts
only, in `Table(people=True)` objects through disclosure control: no name, no case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.budget.models import Position
from ankunft.budget.selectors import ZERO
from ankunft.cases import access
from ankunft.cases.models import Case, Outcome, Referral, ReferralStatus, Step
from ankunft.core import permissions
from ankunft.measures import selectors as measures
from ankunft.measures.charts import LIGHT_LABELS, Light
from ankunft.measures.models import Measure
from ankunft.reports.dashboards import figures
from ankunft.reports.dashboards.finance import BUDGET_VIEW, Money, executions, label
from ankunft.reports.tables import Table

PERMISSION = "reports.dashboard_head"
MEASURES_VIEW = "measures.view"
OFF_TARGET_LIMIT = 10
OPEN_STEPS = [s for s in Step if s != Step.CLOSED]


@dataclass(frozen=True)
class DecisionMoney:
    decision_id: int
    reference: str
    title: str
    money: Money
    warnings: int


@dataclass(frozen=True)
class MoneySection:
    year: int
    total: Money
    decisions: list[DecisionMoney]


@dataclass(frozen=True)
class StaffSection:
    """Positions in force today and their FTE: funded (the positions' FTE), filled (held
    by an assignment today, at most the position's FTE), vacant (the rest)."""

    positions: int
    funded: Decimal
    filled: Decimal
    vacant: Decimal
    by_status: list[tuple[str, str, int]]  # (status, label, count)


@dataclass(frozen=True)
class OffTarget:
    measure_id: int
    measure: str
    indicator: str
    light: str
    light_label: str


@dataclass(frozen=True)
class MeasuresSection:
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    lights: list[tuple[str, str, int]]  # (light, label, count) of running measures' indicators
    off_target: list[OffTarget]


@dataclass(frozen=True)
class CasesSection:
    year: int
    tables: list[Table]


@dataclass
class HeadDashboard:
    as_of: dt.date
    year: int
    money: MoneySection | None = None
    staff: StaffSection | None = None
    measures: MeasuresSection | None = None
    cases: CasesSection | None = None
    threshold: int = field(default_factory=figures.threshold)


def money_section(actor: Any, day: dt.date) -> MoneySection:
    """This year's execution, summed over the decisions (five queries)."""
    rows = [
        DecisionMoney(d.pk, *label(d), Money.of(y), len(y.warnings))
        for d, y in executions(municipality_id=actor.municipality_id, as_of=day, year=day.year)
    ]
    return MoneySection(day.year, Money.total(r.money for r in rows), rows)


def staff_section(actor: Any, day: dt.date) -> StaffSection:
    """One query: the positions in force today with the FTE held today."""
    active = Q(assignments__start__lte=day) & (
        Q(assignments__end__isnull=True) | Q(assignments__end__gte=day)
    )
    rows = list(
        Position.objects.for_user(actor)
        .filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))
        .annotate(held=Coalesce(Sum("assignments__fte", filter=active), ZERO))
        .values_list("status", "fte", "held")
        .order_by()
    )
    funded = sum((fte for _s, fte, _h in rows), Decimal(0))
    filled = sum((min(fte, held) for _s, fte, held in rows), Decimal(0))
    counts = dict.fromkeys(Position.Status.values, 0)
    for status, _f, _h in rows:
        counts[status] = counts.get(status, 0) + 1
    return StaffSection(
        positions=len(rows),
        funded=funded,
        filled=filled,
        vacant=funded - filled,
        by_status=[(s.value, str(s.label), counts[s.value]) for s in Position.Status],
    )


def measures_section(actor: Any) -> MeasuresSection:
    """Two queries: measures by status, and the running measures' indicators with their
    latest value (the traffic lights of the measures module)."""
    counts = dict(
        Measure.objects.for_user(actor)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    indicators = list(
        measures.indicator_list_with_latest(actor=actor)
        .filter(measure__status=Measure.Status.RUNNING)
        .select_related("measure")
        .order_by("measure__title", "name")
    )
    lit = [(i, measures.measure_light(i)) for i in indicators]
    order = [Light.RED, Light.AMBER, Light.GREEN, Light.NONE]
    return MeasuresSection(
        by_status=[(s.value, str(s.label), counts.get(s.value, 0)) for s in Measure.Status],
        lights=[
            (light.value, str(LIGHT_LABELS[light]), sum(1 for _i, x in lit if x == light))
            for light in order
        ],
        off_target=[
            OffTarget(i.measure_id, i.measure.title, i.name, x.value, str(LIGHT_LABELS[x]))
            for i, x in sorted(lit, key=lambda p: order.index(p[1]))
            if x in {Light.RED, Light.AMBER}
        ][:OFF_TARGET_LIMIT],
    )


def case_tables(actor: Any, day: dt.date) -> list[Table]:
    """Counts of cases and referrals (three queries), protected."""
    jan1 = dt.date(day.year, 1, 1)
    cases = permissions.visible(actor, access.VIEW, Case)
    by_step: dict[str, dict[str, int]] = {
        row["step"]: {"open": row["open"], "opened": row["opened"]}
        for row in cases.order_by()
        .values("step")
        .annotate(
            open=Count("pk", filter=~Q(step=Step.CLOSED)),
            opened=Count("pk", filter=Q(opened_on__gte=jan1, opened_on__lte=day)),
        )
    }
    closed = dict(
        cases.filter(step=Step.CLOSED, closed_on__gte=jan1, closed_on__lte=day)
        .order_by()
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    start = timezone.make_aware(dt.datetime.combine(jan1, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    referrals = dict(
        permissions.visible(actor, access.VIEW, Referral)
        .filter(sent_at__gte=start, sent_at__lt=end)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    year = str(day.year)
    outcomes = [(o.value, str(o.label)) for o in Outcome] + [("", _("no outcome recorded"))]
    tables = [
        figures.people_table(
            name="open_cases_by_step",
            title=_("Open cases by step"),
            row_labels=[str(s.label) for s in OPEN_STEPS],
            column_labels=[_("Open cases")],
            cells=[[by_step.get(s.value, {}).get("open", 0)] for s in OPEN_STEPS],
        ),
        figures.people_table(
            name="cases_opened_by_step",
            title=_("Cases opened in %(year)s, by their step today") % {"year": year},
            row_labels=[str(s.label) for s in Step],
            column_labels=[_("Opened in %(year)s") % {"year": year}],
            cells=[[by_step.get(s.value, {}).get("opened", 0)] for s in Step],
        ),
        figures.people_table(
            name="cases_closed_by_outcome",
            title=_("Cases closed in %(year)s, by outcome") % {"year": year},
            row_labels=[text for _v, text in outcomes],
            column_labels=[_("Closed in %(year)s") % {"year": year}],
            cells=[[closed.get(value, 0)] for value, _t in outcomes],
        ),
        figures.people_table(
            name="referrals_by_status",
            title=_("Referrals sent in %(year)s, by status") % {"year": year},
            row_labels=[str(s.label) for s in ReferralStatus],
            column_labels=[_("Referrals")],
            cells=[[referrals.get(s.value, 0)] for s in ReferralStatus],
        ),
    ]
    return figures.protected(tables)


def head_dashboard(*, actor: Any, as_of: dt.date | None = None) -> HeadDashboard:
    """The overview of the year up to `as_of` (today): the sections the role may see."""
    permissions.require(actor, PERMISSION)
    day = as_of or timezone.localdate()
    board = HeadDashboard(as_of=day, year=day.year)
    if permissions.has_perm(actor, BUDGET_VIEW):
        board.money = money_section(actor, day)
        board.staff = staff_section(actor, day)
    if permissions.has_perm(actor, MEASURES_VIEW):
        board.measures = measures_section(actor)
    if permissions.has_perm(actor, access.VIEW):
        board.cases = CasesSection(day.year, case_tables(actor, day))
    return board
