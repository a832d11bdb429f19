"""Reads of budget data, scoped to the actor's municipality and the permission layer.

Reads of staff members (names, personnel numbers) and of booking texts are audited.
`execution_for_decision` and `position_list_for_decision` are the entry points other
modules (measures, reports) use for a decision's money and positions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

from django.db.models import DecimalField, Max, Model, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from ankunft.budget.costs import (
    DEFAULT_CASELOAD_PER_FTE,
    BuyResult,
    Rate,
    RateTable,
    shipped_rates,
    what_does_this_buy,
)
from ankunft.budget.execution import (
    LineInput,
    Period,
    PositionCost,
    PositionInput,
    Source,
    YearExecution,
    planned_costs,
    year_execution,
)
from ankunft.budget.models import (
    Assignment,
    Booking,
    BookingImport,
    BookingUpload,
    BudgetLine,
    BudgetLineChange,
    BudgetSettings,
    CostRate,
    Position,
    PositionChange,
    PositionFunding,
    StaffMember,
)
from ankunft.core import permissions
from ankunft.core.audit import audit, audit_many
from ankunft.core.models import AuditAction, User
from ankunft.core.pagination import Page, PageRequest, forgiving_page
from ankunft.council.models import Decision

STAFF_FIELDS = ("name", "personnel_number")
_M = TypeVar("_M", bound=Model)
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def _view(actor: User) -> None:
    permissions.require(actor, "budget.view")


def _get(qs: QuerySet[_M], pk: int) -> _M:
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def today() -> dt.date:
    return timezone.localdate()


# --- budget lines -------------------------------------------------------------------------


def budget_line_list(*, actor: User, year: int | None = None) -> QuerySet[BudgetLine]:
    """The municipality's budget lines with their decision and spending, by year."""
    _view(actor)
    qs = BudgetLine.objects.for_user(actor).select_related("decision__paper")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.annotate(spent=Coalesce(Sum("bookings__amount"), ZERO)).order_by("-year", "id")


def budget_line_get(*, actor: User, pk: int) -> BudgetLine:
    _view(actor)
    return _get(BudgetLine.objects.for_user(actor).select_related("decision__paper"), pk)


def budget_line_history(*, actor: User, line: BudgetLine) -> list[BudgetLineChange]:
    """The line's history: made from a decision, confirmed, changed, cancelled, edited."""
    _view(actor)
    return list(
        BudgetLineChange.objects.for_user(actor)
        .filter(line=line)
        .select_related("decision__organization", "decision__paper")
        .order_by("changed_at", "id")
    )


def budget_line_choices(*, actor: User) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.for_user(actor).order_by("-year", "purpose")


def decision_list(*, actor: User) -> QuerySet[Decision]:
    """Decisions of the municipality that fund budget lines (for the execution pages)."""
    _view(actor)
    return (
        Decision.objects.for_user(actor)
        .filter(budget_lines__isnull=False)
        .select_related("paper")
        .annotate(planned=Sum("budget_lines__amount"))
        .order_by("-date", "-id")
    )


def decision_get(*, actor: User, pk: int) -> Decision:
    _view(actor)
    return _get(Decision.objects.for_user(actor).select_related("paper"), pk)


def decision_by_reference(*, municipality_id: int, reference: str) -> Decision | None:
    """The adopted decision (latest) on the paper with this reference, for the CLI.

    Motions often have no reference of their own: a number is then taken as the decision's
    id, and any other text as a word of the paper's title that only one adopted paper has.
    """
    adopted = (
        Decision.objects.for_municipality(municipality_id)
        .filter(outcome=Decision.Outcome.ADOPTED)
        .select_related("paper")
        .order_by("-date", "-id")
    )
    text = reference.strip()
    found = adopted.filter(paper__reference__iexact=text).first()
    if found is None and text.isdigit():
        found = adopted.filter(pk=int(text)).first()
    if found is None and text:
        by_title = list(adopted.filter(paper__name__icontains=text)[:2])
        found = by_title[0] if len(by_title) == 1 else None
    return found


# --- cost table and "what does this buy" --------------------------------------------------


def cost_rate_list(*, actor: User) -> QuerySet[CostRate]:
    _view(actor)
    return CostRate.objects.for_user(actor).order_by("-year", "pay_grade")


def cost_rate_get(*, actor: User, pk: int) -> CostRate:
    _view(actor)
    return _get(CostRate.objects.for_user(actor), pk)


def rate_table(*, municipality_id: int | None) -> RateTable:
    """The municipality's cost table; while it has none, the shipped default (flagged)."""
    rows = [
        Rate(
            r.year,
            r.pay_grade,
            r.personnel_cost_eur,
            r.full_cost_eur,
            r.source,
            r.status,
            r.hourly_rate_eur,
        )
        for r in CostRate.objects.for_municipality(municipality_id)
    ]
    if rows:
        return RateTable(rows)
    return RateTable(shipped_rates(), shipped_default=True)


def caseload_per_fte(*, municipality_id: int | None) -> int:
    settings = BudgetSettings.objects.for_municipality(municipality_id).first()
    return settings.caseload_per_fte if settings else DEFAULT_CASELOAD_PER_FTE


def buy(*, actor: User, amount: Decimal, year: int, caseload: int | None = None) -> BuyResult:
    """What an annual `amount` buys in `year`: FTE per grade and the caseload they carry."""
    _view(actor)
    m = actor.municipality_id
    load = caseload or caseload_per_fte(municipality_id=m)
    return what_does_this_buy(amount, year, rate_table(municipality_id=m), load)


# --- positions and staff ------------------------------------------------------------------


def position_list(
    *, actor: User, status: str = "", budget_line: BudgetLine | None = None
) -> QuerySet[Position]:
    """Positions of the municipality (of a status, funded by a line) with their funding
    sources (no personal data)."""
    _view(actor)
    qs = Position.objects.for_user(actor).prefetch_related(
        Prefetch("fundings", queryset=PositionFunding.objects.select_related("budget_line"))
    )
    if status:
        qs = qs.filter(status=status)
    if budget_line is not None:
        qs = qs.filter(fundings__budget_line=budget_line).distinct()
    return qs


def position_get(*, actor: User, pk: int) -> Position:
    _view(actor)
    return _get(position_list(actor=actor), pk)


def position_costs(*, actor: User, position: Position) -> list[PositionCost]:
    """Planned cost per year of a position, from its start to its end (or to the last year
    a budget line funds it; at most ten years)."""
    permissions.require(actor, "budget.view", position)
    line_years = [f.budget_line.year for f in position.fundings.all() if f.budget_line]
    last = position.end.year if position.end else max([position.start.year, *line_years])
    years = list(range(position.start.year, min(last, position.start.year + 9) + 1))
    table = rate_table(municipality_id=position.municipality_id)
    return planned_costs(_position_input(position), years, table)


def position_changes(*, actor: User, position: Position) -> QuerySet[PositionChange]:
    """The logged status changes of a position, oldest first."""
    permissions.require(actor, "budget.view", position)
    return position.changes.order_by("date", "id")


def position_assignments(*, actor: User, position: Position) -> list[Assignment]:
    """Who held or holds the position (names are personal: audited)."""
    permissions.require(actor, "budget.view", position)
    rows = list(position.assignments.select_related("staff_member").order_by("start", "id"))
    audit_many(actor, AuditAction.READ, [a.staff_member for a in rows], fields=STAFF_FIELDS)
    return rows


def assignment_get(*, actor: User, pk: int) -> Assignment:
    _view(actor)
    assignment: Assignment = _get(
        Assignment.objects.for_user(actor).select_related("position", "staff_member"), pk
    )
    audit(actor, AuditAction.READ, assignment.staff_member, fields=STAFF_FIELDS)
    return assignment


def funding_get(*, actor: User, pk: int) -> PositionFunding:
    _view(actor)
    return _get(PositionFunding.objects.for_user(actor).select_related("position"), pk)


def staff_member_list(*, actor: User, audited: bool = True) -> list[StaffMember]:
    """The municipality's staff members (audited: one entry per person shown)."""
    _view(actor)
    members = list(StaffMember.objects.for_user(actor).order_by("name", "id"))
    if audited:
        audit_many(actor, AuditAction.READ, members, fields=STAFF_FIELDS)
    return members


def staff_member_rows(*, actor: User) -> QuerySet[StaffMember]:
    """The staff members, not audited: a paginated caller audits the rows it shows."""
    _view(actor)
    return StaffMember.objects.for_user(actor)


STAFF_MEMBER_KEYS = ("name", "id")
BOOKING_KEYS = ("-date", "-id")


def staff_member_page(*, actor: User, page: PageRequest) -> Page[StaffMember]:
    """A keyset page of the staff members by name (audited: one entry per person shown)."""
    shown = forgiving_page(staff_member_rows(actor=actor), keys=STAFF_MEMBER_KEYS, page=page)
    audit_many(actor, AuditAction.READ, shown.items, fields=STAFF_FIELDS)
    return shown


def booking_page(
    *, actor: User, page: PageRequest, budget_line: BudgetLine | None = None
) -> Page[Booking]:
    """A keyset page of the bookings (of a line), latest first (texts may name payees:
    audited)."""
    rows = booking_rows(actor=actor, budget_line=budget_line)
    shown = forgiving_page(rows, keys=BOOKING_KEYS, page=page)
    audit_many(actor, AuditAction.READ, shown.items, fields=["text"])
    return shown


def staff_member_get(*, actor: User, pk: int) -> StaffMember:
    _view(actor)
    member: StaffMember = _get(StaffMember.objects.for_user(actor), pk)
    audit(actor, AuditAction.READ, member, fields=STAFF_FIELDS)
    return member


def staff_member_choices(*, actor: User) -> QuerySet[StaffMember]:
    """For a form's select; the form's rendering is the read, audited by the view."""
    return StaffMember.objects.for_user(actor).order_by("name", "id")


# --- bookings -----------------------------------------------------------------------------


def booking_rows(*, actor: User, budget_line: BudgetLine | None = None) -> QuerySet[Booking]:
    """The bookings (of a line), not audited: a paginated caller audits the rows it shows."""
    _view(actor)
    qs = Booking.objects.for_user(actor).select_related("budget_line")
    return qs.filter(budget_line=budget_line) if budget_line is not None else qs


def booking_import_list(*, actor: User, limit: int = 10) -> list[BookingImport]:
    """The latest imports of bookings, for undoing one (who imported is not shown)."""
    _view(actor)
    return list(BookingImport.objects.for_user(actor)[:limit])


def booking_import_get(*, actor: User, pk: int) -> BookingImport:
    _view(actor)
    return _get(BookingImport.objects.for_user(actor), pk)


def booking_upload_get(*, actor: User, pk: int) -> BookingUpload:
    permissions.require(actor, "budget.edit")
    # The scope (budget/apps.py): the own municipality's uploads of the actor only.
    return _get(permissions.visible(actor, "budget.edit", BookingUpload), pk)


# --- execution ----------------------------------------------------------------------------


def _position_input(position: Position) -> PositionInput:
    return PositionInput(
        id=position.pk,
        title=position.title,
        pay_grade=position.pay_grade,
        fte=position.fte,
        start=position.start,
        end=position.end,
        assignments=tuple(Period(a.start, a.end, a.fte) for a in position.assignments.all()),
        sources=tuple(
            Source(
                kind=f.kind,
                budget_line_id=f.budget_line_id,
                line_year=f.budget_line.year if f.budget_line else None,
                cost_basis=f.budget_line.cost_basis if f.budget_line else "full",
                year=f.year,
                share_percent=f.share_percent,
                amount_per_fte_year=f.amount_per_fte_year,
                fixed_amount_per_year=f.fixed_amount_per_year,
            )
            for f in position.fundings.all()
        ),
    )


def execution_of_decision(
    *,
    municipality_id: int,
    decision: Decision,
    year: int | None = None,
    as_of: dt.date | None = None,
) -> list[YearExecution]:
    """Execution per year of a decision's lines (no permission check: callers check)."""
    lines = list(
        BudgetLine.objects.for_municipality(municipality_id)
        .filter(decision=decision, **({"year": year} if year is not None else {}))
        .annotate(spent_sum=Coalesce(Sum("bookings__amount"), ZERO))
        .order_by("year", "id")
    )
    positions = [
        _position_input(p)
        for p in Position.objects.for_municipality(municipality_id)
        .filter(fundings__budget_line__in=[line.pk for line in lines])
        .distinct()
        .prefetch_related(
            "assignments",
            Prefetch("fundings", queryset=PositionFunding.objects.select_related("budget_line")),
        )
        .order_by("start", "id")
    ]
    table = rate_table(municipality_id=municipality_id)
    day = as_of or today()
    by_year: dict[int, list[LineInput]] = {}
    for line in lines:
        by_year.setdefault(line.year, []).append(
            LineInput(
                line.pk,
                line.year,
                line.amount,
                line.purpose,
                line.cost_basis,
                line.spent_sum,
            )
        )
    return [year_execution(y, ls, positions, table, day) for y, ls in sorted(by_year.items())]


def execution_for_decision(
    *, actor: User, decision: Decision, year: int | None = None, as_of: dt.date | None = None
) -> list[YearExecution]:
    """Planned, committed, spent, remaining and forecast per year of a decision's budget
    lines, with warnings (see `budget.execution`). Another municipality's decision: 404."""
    permissions.require(actor, "budget.view", decision)
    return execution_of_decision(
        municipality_id=decision.municipality_id, decision=decision, year=year, as_of=as_of
    )


def position_list_for_decision(*, actor: User, decision: Decision) -> QuerySet[Position]:
    """Positions funded by the decision's budget lines (no personal data)."""
    permissions.require(actor, "budget.view", decision)
    return (
        position_list(actor=actor)
        .filter(fundings__budget_line__decision=decision)
        .distinct()
        .order_by("start", "id")
    )


def decisions_without_budget_lines(*, actor: User, limit: int = 10) -> list[Decision]:
    """Adopted decisions on papers that ask for money, where no budget line exists yet
    (finance's start page)."""
    permissions.require(actor, "budget.edit")
    decisions = (
        Decision.objects.for_user(actor)
        .filter(outcome=Decision.Outcome.ADOPTED, paper__allocations__isnull=False)
        .exclude(paper__decisions__budget_lines__isnull=False)
        .select_related("paper", "organization")
        .distinct()
        .order_by("-date", "-id")
    )
    return list(decisions[:limit])


def recent_decisions_with_lines(*, actor: User, limit: int) -> tuple[int | None, list[Decision]]:
    """The most recent year with budget lines (this one or the last that had lines) and the
    latest decisions with lines in it (for the execution warnings on the start page)."""
    permissions.require(actor, "budget.view")
    year = (
        BudgetLine.objects.for_user(actor)
        .filter(decision__isnull=False, year__lte=today().year)
        .aggregate(year=Max("year"))["year"]
    )
    if year is None:
        return None, []
    decisions = (
        Decision.objects.for_user(actor)
        .filter(budget_lines__year=year)
        .select_related("paper")
        .distinct()
        .order_by("-date", "-id")
    )
    return year, list(decisions[:limit])
