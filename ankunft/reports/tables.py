"""The tables of a report: the one shape every figure takes, in the page, the PDF, CSV and JSON.

A `Table` holds interior `cells` and its margins (`row_totals`, `column_totals`, `total`).
Tables that count people (`people=True`) go through disclosure control
(`reports.disclosure.protect`) before anything is shown; the result marks suppressed cells
in `suppressed` (interior (row, column) pairs) and in `suppressed_margins` (("row", i),
("column", j), ("total", 0)).

Margins shared between tables of one report — the same total, the same column totals —
carry the same key in `links` (`{"total": "cases_opened", "column_totals": "…"}`): the
disclosure control treats them as one published figure, so a total suppressed in one table
is suppressed in every table that shows it, and no table gives away what another hides.

A table without margins (money per year: planned + spent adds up to nothing) has empty
`row_totals` / `column_totals` lists; its JSON shows `[]` there and `total` only where both
margins are shown.

`as_json()` is the open-data form (`ankunft report --format json`): a suppressed figure is
`null`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Number = int | Decimal
Margin = tuple[str, int]  # ("row", i) | ("column", j) | ("total", 0)


def _json_number(value: Number | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass
class Table:
    """One table of the report (a cross-classification with its margins)."""

    name: str  # stable slug, the key in open data: "cases_by_district"
    title: str  # translated heading
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[Number]]
    row_totals: list[Number]
    column_totals: list[Number]
    total: Number
    people: bool = False  # counts persons (or their cases, referrals …): suppress small cells
    unit: str = ""  # "EUR", "FTE", "" for counts
    links: dict[str, str] = field(default_factory=dict)  # margin → key shared across tables
    note: str = ""
    suppressed: set[tuple[int, int]] = field(default_factory=set)
    suppressed_margins: set[Margin] = field(default_factory=set)

    @classmethod
    def summed(
        cls,
        *,
        name: str,
        title: str,
        row_labels: list[str],
        column_labels: list[str],
        cells: list[list[Number]],
        **kwargs: Any,
    ) -> Table:
        """A table whose margins are the sums of its cells (the usual case)."""
        rows = [sum(row, start=0) for row in cells]
        columns = [sum(col, start=0) for col in zip(*cells, strict=True)] if cells else []
        if not columns:
            columns = [0] * len(column_labels)
        return cls(
            name=name,
            title=title,
            row_labels=row_labels,
            column_labels=column_labels,
            cells=cells,
            row_totals=rows,
            column_totals=columns,
            total=sum(rows, start=0),
            **kwargs,
        )

    def cell(self, i: int, j: int) -> Number | None:
        """The published value of an interior cell: None where suppressed."""
        return None if (i, j) in self.suppressed else self.cells[i][j]

    def row_total(self, i: int) -> Number | None:
        return None if ("row", i) in self.suppressed_margins else self.row_totals[i]

    def column_total(self, j: int) -> Number | None:
        return None if ("column", j) in self.suppressed_margins else self.column_totals[j]

    def grand_total(self) -> Number | None:
        return None if ("total", 0) in self.suppressed_margins else self.total

    @property
    def has_margins(self) -> bool:
        return bool(self.row_totals) and bool(self.column_totals)

    @property
    def any_suppressed(self) -> bool:
        return bool(self.suppressed or self.suppressed_margins)

    def as_json(self) -> dict[str, Any]:
        """The published table: suppressed figures are null."""
        return {
            "name": self.name,
            "title": self.title,
            "unit": self.unit,
            "people": self.people,
            "row_labels": list(self.row_labels),
            "column_labels": list(self.column_labels),
            "cells": [
                [_json_number(self.cell(i, j)) for j in range(len(self.column_labels))]
                for i in range(len(self.row_labels))
            ],
            "row_totals": [_json_number(self.row_total(i)) for i in range(len(self.row_totals))],
            "column_totals": [
                _json_number(self.column_total(j)) for j in range(len(self.column_totals))
            ],
            "total": _json_number(self.grand_total()) if self.has_margins else None,
        }
