"""Schemas shared by the reports module's API areas."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

from ninja import Schema

#: A figure of a table: a number, or null where disclosure control suppressed it.
Figure = int | float | None


class ReportTableOut(Schema):
    """One table (`tables.Table.as_json()`, `content.TableJSON`): of a report, a published
    report or a dashboard. A suppressed figure is null."""

    name: str
    title: str
    unit: str
    people: bool
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[Figure]]
    row_totals: list[Figure]
    column_totals: list[Figure]
    total: Figure
