"""Writes of budget lines, the cost table and the budget settings.

Positions, staff and assignments are in `positions.py`, the booking import in
`bookings_import.py`. `actor=None` is the system (demo data, the command line run by an
operator on the server); it then needs the `municipality`. Budget lines, cost rates and
settings are not personal data, so these writes are not audited.

Defaults for lines made from a council decision (editable afterwards on the line's page):
NKF product 050101 — product area 05 "Soziale Leistungen", where integration is commonly
budgeted; municipalities number their products differently, so this is a placeholder —
Teilergebnisplan line 11 (personnel), account 501200 (tariff employees' pay, NKF chart of
accounts 5012). When the paper's cover names cash-credit interest (Kassenkreditzinsen), as
the seed motion does, the cover is booked as lower interest on line 20 in product area 16
(Allgemeine Finanzwirtschaft, product 160101) for the same amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ankunft.budget.costs import Rate, full_cost_from_personnel, normalize_pay_grade
from ankunft.budget.models import (
    BudgetLine,
    BudgetLineChange,
    BudgetSettings,
    CostBasis,
    CostRate,
)
from ankunft.budget.nkf import PlanLine
from ankunft.core import permissions
from ankunft.core.models import Municipality, User
from ankunft.council.models import Decision

DEFAULT_PRODUCT_CODE = "050101"
DEFAULT_ACCOUNT = "501200"
COVER_PRODUCT_CODE = "160101"
# Allocation kinds of the council's motion reader → line of the Teilergebnisplan.
KIND_PLAN_LINES = {
    "personnel": PlanLine.PERSONNEL,
    "material": PlanLine.MATERIAL,
    "transfer": PlanLine.TRANSFER,
}
# Allocations that are not spending (revenue, cuts) make no budget line: they are covers.
SKIPPED_KINDS = frozenset({"revenue"})


def require(actor: User | None, name: str, obj: object = None) -> None:
    """The permission check for a user; the system (`None`) may do everything."""
    if actor is not None:
        permissions.require(actor, name, obj)


def tenant_of(actor: User | None, municipality: Municipality | None) -> Municipality:
    """The municipality a write goes to: the actor's own, or the given one for the system."""
    if actor is not None:
        if actor.municipality is None:
            raise ValidationError(_("Your account belongs to no municipality."))
        if municipality is not None and municipality.pk != actor.municipality_id:
            raise ValidationError(_("You may only write to your own municipality."))
        return actor.municipality
    if municipality is None:
        raise ValidationError(_("A municipality is required."))
    return municipality


def _same_tenant(municipality_id: int, obj: object | None, field: str) -> None:
    if obj is not None and getattr(obj, "municipality_id", None) != municipality_id:
        raise ValidationError({field: _("The record belongs to another municipality.")})


# --- budget lines -------------------------------------------------------------------------


@transaction.atomic
def budget_line_create(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    year: int,
    amount: Decimal,
    purpose: str,
    product_code: str = DEFAULT_PRODUCT_CODE,
    plan_line: str = PlanLine.PERSONNEL,
    account: str = DEFAULT_ACCOUNT,
    cost_basis: str = CostBasis.FULL,
    decision: Decision | None = None,
    cover_text: str = "",
    cover_plan_line: str = "",
    cover_product_code: str = "",
    cover_amount: Decimal | None = None,
) -> BudgetLine:
    """Create a budget line (Haushaltsansatz) for one year, optionally for a decision."""
    require(actor, "budget.edit")
    tenant = tenant_of(actor, municipality)
    _same_tenant(tenant.pk, decision, "decision")
    line = BudgetLine(
        municipality=tenant,
        year=year,
        amount=amount,
        purpose=purpose.strip(),
        product_code=product_code.strip(),
        plan_line=plan_line,
        account=account.strip(),
        cost_basis=cost_basis,
        decision=decision,
        cover_text=cover_text.strip(),
        cover_plan_line=cover_plan_line,
        cover_product_code=cover_product_code.strip(),
        cover_amount=cover_amount,
    )
    line.full_clean()
    line.save()
    _log_change(actor, line, BudgetLineChange.Action.CREATED, decision=decision, old=None)
    return line


@transaction.atomic
def budget_line_update(
    *,
    actor: User | None,
    line: BudgetLine,
    year: int,
    amount: Decimal,
    purpose: str,
    product_code: str,
    plan_line: str,
    account: str = "",
    cost_basis: str = CostBasis.FULL,
    cover_text: str = "",
    cover_plan_line: str = "",
    cover_product_code: str = "",
    cover_amount: Decimal | None = None,
) -> BudgetLine:
    """Change a budget line. Its year stays while positions or bookings depend on it."""
    require(actor, "budget.edit", line)
    if year != line.year and (line.fundings.exists() or line.bookings.exists()):
        raise ValidationError(
            {"year": _("Positions or bookings use this line: its year cannot change.")}
        )
    old_amount = line.amount
    line.year = year
    line.amount = amount
    line.purpose = purpose.strip()
    line.product_code = product_code.strip()
    line.plan_line = plan_line
    line.account = account.strip()
    line.cost_basis = cost_basis
    line.cover_text = cover_text.strip()
    line.cover_plan_line = cover_plan_line
    line.cover_product_code = cover_product_code.strip()
    line.cover_amount = cover_amount
    line.full_clean()
    line.save()
    if old_amount != line.amount:
        _log_change(
            actor, line, BudgetLineChange.Action.EDITED, decision=line.decision, old=old_amount
        )
    return line


def _apply_cover(line: BudgetLine, cover: str) -> None:
    """The paper's cover text; lower cash-credit interest goes to line 20, area 16."""
    line.cover_text = cover.strip()
    if "kassenkredit" in line.cover_text.lower() or "zins" in line.cover_text.lower():
        line.cover_plan_line = PlanLine.INTEREST
        line.cover_product_code = COVER_PRODUCT_CODE
        line.cover_amount = line.amount


def on_decision_adopted(actor: User | None, decision: Decision) -> None:
    """The council's hook (registered in `BudgetConfig.ready`): what a decision with an
    effect does to its paper's budget lines."""
    effect = decision.effect
    if effect == Decision.Effect.NEW:
        budget_lines_from_decision(actor, decision)
    elif effect == Decision.Effect.CONFIRMS:
        budget_lines_confirm(actor, decision)
    elif effect == Decision.Effect.CHANGES:
        budget_lines_change(actor, decision)
    elif effect == Decision.Effect.CANCELS:
        budget_lines_cancel(actor, decision)


def _log_change(
    actor: User | None,
    line: BudgetLine,
    action: str,
    *,
    decision: Decision | None,
    old: Decimal | None,
) -> BudgetLineChange:
    return BudgetLineChange.objects.create(
        municipality_id=line.municipality_id,
        line=line,
        decision=decision,
        action=action,
        old_amount=old,
        new_amount=line.amount,
        changed_by=actor,
    )


def paper_lines(decision: Decision) -> list[BudgetLine]:
    """The budget lines of the decision's paper, whichever of its decisions holds them."""
    return list(
        BudgetLine.objects.for_municipality(decision.municipality_id)
        .filter(decision__paper_id=decision.paper_id)
        .select_for_update()
        .order_by("year", "id")
    )


def _new_line(decision: Decision, year: int, amount: Decimal, kind: str = "") -> BudgetLine:
    paper = decision.paper
    reference = paper.reference or paper.name
    line = BudgetLine(
        municipality_id=decision.municipality_id,
        year=year,
        amount=amount,
        purpose=f"{reference}: {paper.name}"[:500] if paper.reference else paper.name[:500],
        product_code=DEFAULT_PRODUCT_CODE,
        plan_line=KIND_PLAN_LINES.get(kind, PlanLine.PERSONNEL),
        account=DEFAULT_ACCOUNT,
        decision=decision,
    )
    _apply_cover(line, paper.cover)
    return line


@transaction.atomic
def budget_lines_from_decision(actor: User | None, decision: Decision) -> list[BudgetLine]:
    """Handler for a paper's first adoption: one budget line per spending allocation with a
    year.

    A paper's allocations become budget lines once: an allocation that already has its
    line — of this or any other decision on the paper, or, when council replaced the
    allocation rows, a line with the same year and amount — is skipped. Runs inside the
    council's transaction, as a consequence of `council.edit`, so it does not ask for
    `budget.edit`.
    """
    paper = decision.paper
    existing = paper_lines(decision)
    linked = {line.allocation_id for line in existing if line.allocation_id}
    unlinked = [(line.year, line.amount) for line in existing if line.allocation_id is None]
    created = []
    for allocation in paper.allocations.all():
        if allocation.year is None or allocation.amount_eur <= 0:
            continue
        if allocation.kind in SKIPPED_KINDS or allocation.pk in linked:
            continue
        if (allocation.year, allocation.amount_eur) in unlinked:
            unlinked.remove((allocation.year, allocation.amount_eur))
            continue
        line = _new_line(decision, allocation.year, allocation.amount_eur, allocation.kind)
        line.allocation = allocation
        line.full_clean()
        line.save()
        _log_change(actor, line, BudgetLineChange.Action.CREATED, decision=decision, old=None)
        created.append(line)
    return created


def _hand_over(
    actor: User | None, line: BudgetLine, decision: Decision, action: str, amount: Decimal
) -> None:
    """The line now follows `decision`, with `amount` (the cover moves with the amount)."""
    old = line.amount
    if line.cover_amount is not None and line.cover_amount == old:
        line.cover_amount = amount
    line.amount = amount
    line.decision = decision
    line.save(update_fields=["amount", "cover_amount", "decision"])
    _log_change(actor, line, action, decision=decision, old=old)


@transaction.atomic
def budget_lines_confirm(actor: User | None, decision: Decision) -> list[BudgetLine]:
    """A later decision confirms the money: the paper's lines stay as they are and now
    follow this decision (logged in each line's history)."""
    lines = paper_lines(decision)
    for line in lines:
        _hand_over(actor, line, decision, BudgetLineChange.Action.CONFIRMED, line.amount)
    return lines


@transaction.atomic
def budget_lines_change(actor: User | None, decision: Decision) -> list[BudgetLine]:
    """A later decision changes the amounts: each year it names gets its new amount (a year
    without a line gets one); the years it does not name stay as they are."""
    lines = paper_lines(decision)
    by_year: dict[int, list[BudgetLine]] = {}
    for line in lines:
        by_year.setdefault(line.year, []).append(line)
    wanted = {int(row["year"]): Decimal(str(row["amount"])) for row in decision.amounts}
    for year, amount in sorted(wanted.items()):
        in_year = by_year.get(year, [])
        if len(in_year) > 1:
            raise ValidationError(
                {
                    "amounts": _(
                        "The paper has several budget lines in %(year)s: change them on the "
                        "budget line pages."
                    )
                    % {"year": year}
                }
            )
        if in_year:
            action = (
                BudgetLineChange.Action.CONFIRMED
                if in_year[0].amount == amount
                else BudgetLineChange.Action.CHANGED
            )
            _hand_over(actor, in_year[0], decision, action, amount)
        elif amount > 0:
            line = _new_line(decision, year, amount)
            line.full_clean()
            line.save()
            _log_change(actor, line, BudgetLineChange.Action.CREATED, decision=decision, old=None)
            lines.append(line)
    for line in lines:
        if line.year not in wanted:
            _hand_over(actor, line, decision, BudgetLineChange.Action.CONFIRMED, line.amount)
    return sorted(lines, key=lambda line: (line.year, line.pk))


@transaction.atomic
def budget_lines_cancel(actor: User | None, decision: Decision) -> list[BudgetLine]:
    """A later decision cancels the money: the paper's lines are kept (positions and
    bookings may point at them) with 0 EUR, and the history says who cancelled them."""
    lines = paper_lines(decision)
    for line in lines:
        _hand_over(actor, line, decision, BudgetLineChange.Action.CANCELLED, Decimal(0))
    return lines


# --- cost table ---------------------------------------------------------------------------


def _rate_values(
    *,
    year: int,
    pay_grade: str,
    personnel_cost_eur: Decimal,
    full_cost_eur: Decimal | None,
    source: str,
    status: str,
    hourly_rate_eur: Decimal | None,
) -> dict[str, object]:
    try:
        grade = normalize_pay_grade(pay_grade)
    except ValueError as exc:
        raise ValidationError(
            {"pay_grade": _('A TVöD pay grade such as "E 9b", "E 10" or "S 12".')}
        ) from exc
    if personnel_cost_eur <= 0:
        raise ValidationError({"personnel_cost_eur": _("Give a positive amount.")})
    return {
        "year": year,
        "pay_grade": grade,
        "personnel_cost_eur": personnel_cost_eur,
        "full_cost_eur": full_cost_eur or full_cost_from_personnel(personnel_cost_eur),
        "source": source.strip(),
        "status": status,
        "hourly_rate_eur": hourly_rate_eur,
    }


@transaction.atomic
def cost_rate_create(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    year: int,
    pay_grade: str,
    personnel_cost_eur: Decimal,
    full_cost_eur: Decimal | None = None,
    source: str,
    status: str = CostRate.Status.OWN,
    hourly_rate_eur: Decimal | None = None,
) -> CostRate:
    """Add a rate to the cost table; without a full cost it follows the KGSt method."""
    require(actor, "budget.edit_costs")
    tenant = tenant_of(actor, municipality)
    rate = CostRate(
        municipality=tenant,
        **_rate_values(
            year=year,
            pay_grade=pay_grade,
            personnel_cost_eur=personnel_cost_eur,
            full_cost_eur=full_cost_eur,
            source=source,
            status=status,
            hourly_rate_eur=hourly_rate_eur,
        ),
    )
    rate.full_clean()
    rate.save()
    return rate


@transaction.atomic
def cost_rate_update(
    *,
    actor: User | None,
    rate: CostRate,
    year: int,
    pay_grade: str,
    personnel_cost_eur: Decimal,
    full_cost_eur: Decimal | None = None,
    source: str,
    status: str = CostRate.Status.OWN,
    hourly_rate_eur: Decimal | None = None,
) -> CostRate:
    """Change a rate of the cost table."""
    require(actor, "budget.edit_costs", rate)
    values = _rate_values(
        year=year,
        pay_grade=pay_grade,
        personnel_cost_eur=personnel_cost_eur,
        full_cost_eur=full_cost_eur,
        source=source,
        status=status,
        hourly_rate_eur=hourly_rate_eur,
    )
    for key, value in values.items():
        setattr(rate, key, value)
    rate.full_clean()
    rate.save()
    return rate


@transaction.atomic
def cost_rates_load(
    *, actor: User | None, municipality: Municipality | None = None, rates: Sequence[Rate]
) -> tuple[int, int]:
    """Load rates (a CSV's rows) into the cost table, all or none: a rate for the same year
    and grade is replaced. Returns (created, updated)."""
    require(actor, "budget.edit_costs")
    tenant = tenant_of(actor, municipality)
    existing = {(r.year, r.pay_grade): r for r in CostRate.objects.for_municipality(tenant.pk)}
    created = updated = 0
    for item in rates:
        row = existing.get((item.year, item.pay_grade)) or CostRate(municipality=tenant)
        is_new = row.pk is None
        row.year, row.pay_grade = item.year, item.pay_grade
        row.personnel_cost_eur, row.full_cost_eur = item.personnel_cost, item.full_cost
        row.hourly_rate_eur, row.source, row.status = item.hourly_rate, item.source, item.status
        row.full_clean()
        row.save()
        created, updated = (created + 1, updated) if is_new else (created, updated + 1)
    return created, updated


# --- settings -----------------------------------------------------------------------------


@transaction.atomic
def budget_settings_update(
    *, actor: User | None, municipality: Municipality | None = None, caseload_per_fte: int
) -> BudgetSettings:
    """Set how many newcomers' cases one full-time position carries (for "what does this
    buy")."""
    require(actor, "budget.edit")
    tenant = tenant_of(actor, municipality)
    settings, _created = BudgetSettings.objects.get_or_create(municipality=tenant)
    settings.caseload_per_fte = caseload_per_fte
    settings.full_clean()
    settings.save()
    return settings
