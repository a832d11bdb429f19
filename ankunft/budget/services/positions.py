"""Writes of positions (Stellen), their funding, staff members and assignments (Besetzung).

Nothing is deleted: positions and assignments are end-dated, and every status change is
logged with the date it took effect (`PositionChange`). Staff members are personal data:
every write that touches a person is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from ankunft.budget.costs import KIM_EUR_PER_FTE_YEAR, normalize_pay_grade
from ankunft.budget.models import (
    Assignment,
    BudgetLine,
    Position,
    PositionChange,
    PositionFunding,
    StaffMember,
)
from ankunft.budget.services import require, tenant_of
from ankunft.core import locking
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, Municipality, User

STAFF_FIELDS = ("name", "personnel_number")
ONE_DAY = dt.timedelta(days=1)
Status = Position.Status


def _grade(value: str) -> str:
    try:
        return normalize_pay_grade(value)
    except ValueError as exc:
        raise ValidationError(
            {"pay_grade": _('A TVöD pay grade such as "E 9b", "E 10" or "S 12".')}
        ) from exc


def _log(
    actor: User | None, position: Position, *, old: str, new: str, date: dt.date, note: str = ""
) -> PositionChange:
    return PositionChange.objects.create(
        municipality_id=position.municipality_id,
        position=position,
        date=date,
        from_status=old,
        to_status=new,
        note=note[:300],
        changed_by=actor,
    )


def _set_status(
    actor: User | None, position: Position, status: str, date: dt.date, note: str = ""
) -> None:
    if position.status == status and not note:
        return
    _log(actor, position, old=position.status, new=status, date=date, note=note)
    position.status = status
    position.save(update_fields=["status"])


@transaction.atomic
def position_create(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    title: str,
    pay_grade: str,
    fte: Decimal,
    start: dt.date,
    end: dt.date | None = None,
    status: str = Status.PLANNED,
    notes: str = "",
    budget_lines: Iterable[BudgetLine] = (),
) -> Position:
    """Create a position; each budget line given funds it (the own share) in its year."""
    require(actor, "budget.edit")
    tenant = tenant_of(actor, municipality)
    if status == Status.FILLED:
        raise ValidationError({"status": _("A position is filled by assigning a staff member.")})
    position = Position(
        municipality=tenant,
        title=title.strip(),
        pay_grade=_grade(pay_grade),
        fte=fte,
        start=start,
        end=end,
        status=status,
        notes=notes.strip(),
    )
    position.full_clean()
    position.save()
    _log(actor, position, old="", new=status, date=start, note=PositionChange.CREATED)
    for line in budget_lines:
        funding_add(
            actor=actor, position=position, kind=PositionFunding.Kind.BUDGET_LINE, budget_line=line
        )
    return position


@transaction.atomic
def position_update(
    *,
    actor: User | None,
    position: Position,
    title: str,
    pay_grade: str,
    fte: Decimal,
    start: dt.date,
    notes: str = "",
    version: int | None = None,
) -> Position:
    """Change a position's title, grade, FTE and start (the end is set by `position_end`).

    `version` is the one the user read: when someone saved the position since,
    `core.locking.ConflictError` lists what differs and nothing is saved."""
    require(actor, "budget.edit", position)
    yours = {
        "title": title.strip(),
        "pay_grade": _grade(pay_grade),
        "fte": fte,
        "start": start,
        "notes": notes.strip(),
    }
    locking.claim(position, version, yours=yours)
    for name, value in yours.items():
        setattr(position, name, value)
    position.full_clean()
    assignments = list(position.assignments.all())
    if assignments and min(a.start for a in assignments) < start:
        raise ValidationError({"start": _("An assignment begins before this start.")})
    if assignments and _peak(assignments) > fte:
        raise ValidationError({"fte": _("The assignments add up to more than this FTE.")})
    position.save()
    return position


@transaction.atomic
def position_set_status(
    *, actor: User | None, position: Position, status: str, date: dt.date, note: str = ""
) -> Position:
    """Mark a position planned, advertised or vacant from `date` (logged with the date).

    "Filled" follows from assigning a staff member (`assignment_create`), and a position
    that someone holds on `date` cannot be marked advertised or vacant.
    """
    require(actor, "budget.edit", position)
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == Status.FILLED:
        raise ValidationError({"status": _("A position is filled by assigning a staff member.")})
    if _active_on(position.assignments.all(), date):
        raise ValidationError(
            {"status": _("Someone holds the position on that date: end the assignment first.")}
        )
    _set_status(actor, position, status, date, note)
    return position


@transaction.atomic
def position_end(*, actor: User | None, position: Position, end: dt.date) -> Position:
    """End a position on `end` (inclusive); running assignments end with it."""
    require(actor, "budget.edit", position)
    if end < position.start:
        raise ValidationError({"end": _("The end lies before the start.")})
    for assignment in position.assignments.all():
        if assignment.start > end:
            raise ValidationError({"end": _("An assignment begins after this end.")})
        if assignment.end is None or assignment.end > end:
            assignment.end = end
            assignment.save(update_fields=["end"])
            audit(actor, AuditAction.UPDATE, assignment, fields=["end"])
    position.end = end
    position.save(update_fields=["end"])
    _log(
        actor,
        position,
        old=position.status,
        new=position.status,
        date=end,
        note=PositionChange.ENDS,
    )
    return position


@transaction.atomic
def funding_add(
    *,
    actor: User | None,
    position: Position,
    kind: str,
    budget_line: BudgetLine | None = None,
    programme: str = "",
    year: int | None = None,
    share_percent: Decimal | None = None,
    amount_per_fte_year: Decimal | None = None,
    fixed_amount_per_year: Decimal | None = None,
) -> PositionFunding:
    """Add a funding source to a position. A state programme without an amount gets NRW
    KIM's 57,000 EUR per FTE and year."""
    require(actor, "budget.edit", position)
    if budget_line is not None and budget_line.municipality_id != position.municipality_id:
        raise ValidationError({"budget_line": _("The record belongs to another municipality.")})
    if (
        kind == PositionFunding.Kind.STATE_PROGRAMME
        and share_percent is None
        and amount_per_fte_year is None
        and fixed_amount_per_year is None
    ):
        amount_per_fte_year = KIM_EUR_PER_FTE_YEAR
        programme = programme or "NRW KIM"
    if (
        kind == PositionFunding.Kind.BUDGET_LINE
        and budget_line is not None
        and position.fundings.filter(budget_line=budget_line).exists()
    ):
        raise ValidationError({"budget_line": _("This line already funds the position.")})
    funding = PositionFunding(
        municipality_id=position.municipality_id,
        position=position,
        kind=kind,
        budget_line=budget_line,
        programme=programme.strip(),
        year=year,
        share_percent=share_percent,
        amount_per_fte_year=amount_per_fte_year,
        fixed_amount_per_year=fixed_amount_per_year,
    )
    funding.full_clean()
    funding.save()
    return funding


@transaction.atomic
def funding_remove(*, actor: User | None, funding: PositionFunding) -> None:
    """Remove a funding source (a correction of the plan; positions themselves stay)."""
    require(actor, "budget.edit", funding)
    funding.delete()


# --- staff members ------------------------------------------------------------------------


@transaction.atomic
def staff_member_create(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    name: str,
    personnel_number: str = "",
) -> StaffMember:
    """Record a staff member (personal data: audited)."""
    require(actor, "budget.edit")
    tenant = tenant_of(actor, municipality)
    member = StaffMember(
        municipality=tenant, name=name.strip(), personnel_number=personnel_number.strip()
    )
    member.full_clean()
    member.save()
    audit(actor, AuditAction.CREATE, member, fields=STAFF_FIELDS)
    return member


@transaction.atomic
def staff_member_update(
    *, actor: User | None, member: StaffMember, name: str, personnel_number: str = ""
) -> StaffMember:
    """Correct a staff member's name or personnel number (audited)."""
    require(actor, "budget.edit", member)
    member.name = name.strip()
    member.personnel_number = personnel_number.strip()
    member.full_clean()
    member.save()
    audit(actor, AuditAction.UPDATE, member, fields=STAFF_FIELDS)
    return member


# --- assignments --------------------------------------------------------------------------


def _overlaps(a: Assignment, start: dt.date, end: dt.date | None) -> bool:
    return (end is None or a.start <= end) and (a.end is None or a.end >= start)


def _active_on(assignments: Iterable[Assignment], day: dt.date) -> list[Assignment]:
    return [a for a in assignments if a.start <= day and (a.end is None or a.end >= day)]


def _peak(assignments: Iterable[Assignment]) -> Decimal:
    """The largest FTE that the assignments add up to on any one day."""
    events: list[tuple[dt.date, Decimal]] = []
    for a in assignments:
        events.append((a.start, a.fte))
        if a.end is not None:
            events.append((a.end + ONE_DAY, -a.fte))
    peak = total = Decimal(0)
    # Ends (negative) sort before starts on the same day: a hand-over is no overlap.
    for _day, delta in sorted(events, key=lambda e: (e[0], e[1] > 0)):
        total += delta
        peak = max(peak, total)
    return peak


def _check_capacity(
    new: Assignment, others: list[Assignment], limit: Decimal, message: str
) -> None:
    overlapping = [a for a in others if _overlaps(a, new.start, new.end)]
    peak = _peak([*overlapping, new])
    if peak > limit:
        raise ValidationError(
            {
                "fte": message
                % {"peak": formats.number_format(peak, 2), "limit": formats.number_format(limit, 2)}
            }
        )


def _period(position: Position) -> str:
    start = formats.date_format(position.start, "SHORT_DATE_FORMAT")
    if position.end is None:
        return _("from %(start)s") % {"start": start}
    end = formats.date_format(position.end, "SHORT_DATE_FORMAT")
    return _("%(start)s to %(end)s") % {"start": start, "end": end}


def _check_period(position: Position, start: dt.date, end: dt.date | None) -> None:
    """An assignment lies within its position's period; the error names the field that is
    wrong. An open end means "until the position ends"."""
    errors: dict[str, str] = {}
    period = _period(position)
    if start < position.start:
        errors["start"] = _("The position begins later: it runs %(period)s.") % {"period": period}
    elif position.end is not None and start > position.end:
        errors["start"] = _("The position has ended by then: it runs %(period)s.") % {
            "period": period
        }
    if end is not None and end < start:
        errors["end"] = _("The end lies before the start.")
    elif end is not None and position.end is not None and end > position.end:
        errors["end"] = _(
            "The position ends earlier: it runs %(period)s. Leave this empty for "
            "“until the position ends”."
        ) % {"period": period}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assignment_create(
    *,
    actor: User | None,
    position: Position,
    staff_member: StaffMember,
    start: dt.date,
    end: dt.date | None = None,
    fte: Decimal | None = None,
) -> Assignment:
    """A staff member holds the position from `start` until `end` (open: until the
    position ends; part-time: `fte` below the position's). The position is then filled
    from that date (logged). Assignments that overlap may not add up to more than the
    position's FTE, nor a person's to more than one full-time job."""
    require(actor, "budget.edit", position)
    if staff_member.municipality_id != position.municipality_id:
        raise ValidationError({"staff_member": _("The record belongs to another municipality.")})
    position = Position.objects.select_for_update().get(pk=position.pk)
    _check_period(position, start, end)
    if end is None:
        end = position.end  # an open end: until the position ends
    assignment = Assignment(
        municipality_id=position.municipality_id,
        position=position,
        staff_member=staff_member,
        start=start,
        end=end,
        fte=position.fte if fte is None else fte,
    )
    assignment.full_clean()
    _check_capacity(
        assignment,
        list(position.assignments.all()),
        position.fte,
        _("The assignments would add up to %(peak)s FTE, more than the position's %(limit)s."),
    )
    _check_capacity(
        assignment,
        list(staff_member.assignments.all()),
        Decimal(1),
        _("This person would work %(peak)s FTE at once, more than %(limit)s (full time)."),
    )
    assignment.save()
    audit(actor, AuditAction.CREATE, assignment, fields=["staff_member", "start", "end", "fte"])
    if position.status != Status.FILLED:
        _set_status(actor, position, Status.FILLED, start)
    return assignment


@transaction.atomic
def assignment_end(*, actor: User | None, assignment: Assignment, end: dt.date) -> Assignment:
    """End an assignment on `end` (inclusive). When nobody holds the position the next day,
    it is vacant from then (logged)."""
    require(actor, "budget.edit", assignment)
    if end < assignment.start:
        raise ValidationError({"end": _("The end lies before the start.")})
    assignment.end = end
    assignment.save(update_fields=["end"])
    audit(actor, AuditAction.UPDATE, assignment, fields=["end"])
    position = assignment.position
    next_day = end + ONE_DAY
    still = _active_on(position.assignments.exclude(pk=assignment.pk), next_day)
    if not still and (position.end is None or position.end >= next_day):
        _set_status(actor, position, Status.VACANT, next_day)
    return assignment
