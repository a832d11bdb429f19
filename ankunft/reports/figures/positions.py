"""Positions (Stellen) funded by the report's decisions, and their FTE over time: at each
quarter end of the period, the FTE that existed (created), were filled and were vacant.

A position exists from its start to its end. Its status on a day is the latest logged
status change (`PositionChange`) on or before that day; before its first change, the
change's previous status; without any history, its current status. Not about people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ankunft.budget.models import Position, PositionChange
from ankunft.reports.content import PositionJSON
from ankunft.reports.figures.scope import Scope
from ankunft.reports.tables import Table


def scope_positions(scope: Scope) -> list[Position]:
    q = Q(fundings__budget_line__decision__in=[d.pk for d in scope.decisions])
    if scope.year is not None:
        q &= Q(fundings__budget_line__year=scope.year)
    return list(
        Position.objects.for_municipality(scope.municipality.pk)
        .filter(q)
        .distinct()
        .prefetch_related(Prefetch("changes", PositionChange.objects.order_by("date", "id")))
        .order_by("start", "id")
    )


def quarter_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    days = []
    for year in range(start.year, end.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            q = dt.date(year, month, day)
            if start <= q <= end:
                days.append(q)
    return days


def status_on(position: Position, day: dt.date) -> str:
    changes = list(position.changes.all())
    if not changes:
        return position.status
    before = [c for c in changes if c.date <= day]
    if before:
        return before[-1].to_status
    return changes[0].from_status or Position.Status.PLANNED


def exists_on(position: Position, day: dt.date) -> bool:
    return position.start <= day and (position.end is None or day <= position.end)


def fte_on(positions: list[Position], day: dt.date) -> tuple[Decimal, Decimal]:
    created = sum((p.fte for p in positions if exists_on(p, day)), Decimal(0))
    filled = sum(
        (
            p.fte
            for p in positions
            if exists_on(p, day) and status_on(p, day) == Position.Status.FILLED
        ),
        Decimal(0),
    )
    return created, filled


def positions_over_time(positions: list[Position], start: dt.date, end: dt.date) -> Table:
    days = quarter_ends(start, end) or [end]
    cells: list[list[Decimal | int]] = []
    for day in days:
        created, filled = fte_on(positions, day)
        cells.append([created, filled, created - filled])
    last = cells[-1]
    return Table(
        name="positions_over_time",
        title=_("Positions over time (FTE at each quarter end)"),
        row_labels=[date_format(d, "SHORT_DATE_FORMAT") for d in days],
        column_labels=[_("created"), _("filled"), _("vacant")],
        cells=cells,
        # No margins: FTE at different days do not add up.
        row_totals=[],
        column_totals=[],
        total=last[0],
        unit="FTE",
    )


def position_list(positions: list[Position]) -> list[PositionJSON]:
    return [
        PositionJSON(
            title=p.title,
            pay_grade=p.pay_grade,
            fte=float(p.fte),
            status=p.status,
            status_label=str(p.get_status_display()),
            start=p.start.isoformat(),
            end=p.end.isoformat() if p.end else None,
        )
        for p in positions
    ]
