"""Money (Mittel): planned, committed, spent and remaining per year, from the budget
module's execution maths (through `measures.chain.build_chain`). Not about people.

Rows are the budget years of a decision's report, or the decisions of a year's report.
Column totals add the rows up; a row's total is its plan (the other figures are parts of
it or overlap it, so they are not added across)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from ankunft.measures.chain import Chain, ChainBudgetYear
from ankunft.reports.tables import Table

COLUMNS = ("planned", "committed", "spent", "remaining")


def budget_years(chain: Chain, year: int | None) -> list[ChainBudgetYear]:
    return [b for b in chain.budget if year is None or b.year == year]


def money_by_year(chains: list[Chain], *, kind: str, year: int | None) -> Table:
    rows: list[tuple[str, ChainBudgetYear]] = []
    for chain in chains:
        for b in budget_years(chain, year):
            label = (
                str(b.year)
                if kind == "decision"
                else (chain.decision.reference or chain.decision.title)
            )
            rows.append((label, b))
    cells: list[list[Decimal | int]] = [
        [b.planned, b.committed, b.spent, b.remaining] for _l, b in rows
    ]
    columns = [sum((row[j] for row in cells), Decimal(0)) for j in range(len(COLUMNS))]
    return Table(
        name="money_by_year",
        title=_("Money per year (EUR)") if kind == "decision" else _("Money per decision (EUR)"),
        row_labels=[label for label, _b in rows],
        column_labels=[_("planned"), _("committed"), _("spent"), _("remaining")],
        cells=cells,
        # No row totals: planned + committed + spent + remaining adds up to nothing.
        row_totals=[],
        column_totals=list(columns),
        total=columns[0],
        unit="EUR",
        note=_("Totals: the sum over the rows."),
    )
