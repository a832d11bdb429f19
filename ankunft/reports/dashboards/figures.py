"""Figures about people on the dashboards: always a `Table(people=True)` through the report's
disclosure control (`reports.disclosure.protect`), at the configured threshold.

A suppressed figure is `None` here, "•" on the page (with the footnote) and `null` in JSON,
as in the published report. Medians of waiting times are shown only for groups of at least
the threshold, so no single case's time can be read off.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from ankunft.reports.disclosure import protect
from ankunft.reports.tables import Number, Table


def threshold() -> int:
    """The suppression threshold (`REPORT_SUPPRESSION_THRESHOLD`, read per call)."""
    return int(settings.REPORT_SUPPRESSION_THRESHOLD)


def people_table(
    *,
    name: str,
    title: str,
    row_labels: list[str],
    column_labels: list[str],
    cells: list[list[int]],
) -> Table:
    """A table of counts of people (or their cases, referrals) with summed margins."""
    return Table.summed(
        name=name,
        title=title,
        row_labels=row_labels,
        column_labels=column_labels,
        cells=[list(row) for row in cells],
        people=True,
    )


def protected(tables: list[Table]) -> list[Table]:
    """The tables after disclosure control (marked in place, returned for chaining).

    A margin that equals one suppressed cell (the row total of a one-column table, the
    column total of a one-row table) is that cell: it is suppressed with it, whatever the
    disclosure control's own secondary suppression adds."""
    protect(tables, threshold=threshold())
    for table in tables:
        for i, j in table.suppressed:
            if len(table.column_labels) == 1:
                table.suppressed_margins.add(("row", i))
            if len(table.row_labels) == 1:
                table.suppressed_margins.add(("column", j))
    return tables


@dataclass(frozen=True)
class ShownRow:
    label: str
    cells: list[Number | None]
    total: Number | None


@dataclass(frozen=True)
class ShownTable:
    """A protected table as the page shows it: None where suppressed."""

    name: str
    title: str
    column_labels: list[str]
    rows: list[ShownRow]
    column_totals: list[Number | None]
    total: Number | None
    any_suppressed: bool
    several_columns: bool


def shown(table: Table) -> ShownTable:
    columns = range(len(table.column_labels))
    return ShownTable(
        name=table.name,
        title=table.title,
        column_labels=list(table.column_labels),
        rows=[
            ShownRow(label, [table.cell(i, j) for j in columns], table.row_total(i))
            for i, label in enumerate(table.row_labels)
        ],
        column_totals=[table.column_total(j) for j in columns],
        total=table.grand_total(),
        any_suppressed=table.any_suppressed,
        several_columns=len(table.column_labels) > 1,
    )


def table_json(table: Table) -> dict[str, Any]:
    return table.as_json()


@dataclass(frozen=True)
class Waiting:
    """Days waited (median, 90th percentile); None for groups below the threshold."""

    median: float | None
    p90: float | None

    def as_dict(self) -> dict[str, float | None]:
        return {"median": self.median, "p90": self.p90}


def waiting(days: Sequence[int]) -> Waiting:
    """Median and 90th percentile (nearest rank) of `days`, shown from `threshold()` cases."""
    if len(days) < max(threshold(), 1):
        return Waiting(None, None)
    ordered = sorted(days)
    rank = -(-9 * len(ordered) // 10)  # ceil(0.9 n): the nearest-rank percentile
    return Waiting(float(statistics.median(ordered)), float(ordered[rank - 1]))
