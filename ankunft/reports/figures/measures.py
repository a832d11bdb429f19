"""Measures (Maßnahmen) carried by the report's decisions and their indicators against
targets (from `measures.chain`).

People reached (distinct persons taking part in a measure during the people period) and
the values of indicators that count persons are figures about people: below the threshold
they are not published (None, and the indicator cell marked suppressed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from ankunft.measures.chain import Chain, ChainIndicator, ChainMeasure
from ankunft.measures.models import Indicator
from ankunft.measures.reach import people_reached
from ankunft.reports.content import IndicatorJSON, MeasureJSON
from ankunft.reports.tables import Table

# Units that say an indicator counts persons (manual values can count people too).
PERSON_UNITS = frozenset(
    {
        "person", "persons", "people", "personen", "teilnehmende", "teilnehmer",
        "kinder", "children", "familien", "families", "haushalte", "households", "fälle", "cases",
    }
)  # fmt: skip


def counts_people(indicator: ChainIndicator, source: str) -> bool:
    return (
        source == Indicator.Source.PEOPLE_REACHED or indicator.unit.strip().lower() in PERSON_UNITS
    )


def merged_measures(chains: list[Chain]) -> list[ChainMeasure]:
    """The measures of all chains, each once (the first chain's view of it)."""
    seen: dict[int, ChainMeasure] = {}
    for chain in chains:
        for measure in chain.measures:
            seen.setdefault(measure.id, measure)
    return list(seen.values())


def reached(
    municipality_id: int, measures: list[ChainMeasure], start: dt.date, end: dt.date
) -> dict[int, int] | None:
    result = people_reached(municipality_id, [m.id for m in measures], (start, end))
    return None if result is None else dict(result["per_measure"])


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def measure_list(
    measures: list[ChainMeasure],
    per_measure: dict[int, int] | None,
    sources: dict[int, str],
    threshold: int,
) -> list[MeasureJSON]:
    result: list[MeasureJSON] = []
    for m in measures:
        count = None if per_measure is None else per_measure.get(m.id, 0)
        indicators: list[IndicatorJSON] = []
        for i in m.indicators:
            hide = (
                counts_people(i, sources.get(i.id, ""))
                and i.latest is not None
                and i.latest < threshold
            )
            indicators.append(
                IndicatorJSON(
                    name=i.name,
                    unit=i.unit,
                    target=_num(i.target),
                    latest=None if hide else _num(i.latest),
                    latest_period=i.latest_period.isoformat() if i.latest_period else None,
                    light=str(i.light),
                    suppressed=hide,
                )
            )
        result.append(
            MeasureJSON(
                id=m.id,
                title=m.title,
                status=m.status,
                share_of_positions=float(m.share_of_positions),
                people_reached=None if count is None or count < threshold else count,
                indicators=indicators,
            )
        )
    return result


def indicator_table(measures: list[ChainMeasure], sources: dict[int, str], threshold: int) -> Table:
    """Target and latest value per indicator; a people-counted value below the threshold is
    marked suppressed here (disclosure control leaves tables not about people alone)."""
    labels: list[str] = []
    cells: list[list[Decimal | int]] = []
    hidden: set[tuple[int, int]] = set()
    for m in measures:
        for i in m.indicators:
            row = len(cells)
            labels.append(f"{m.title}: {i.name}")
            cells.append(
                [i.target if i.target is not None else 0, i.latest if i.latest is not None else 0]
            )
            if (
                i.latest is not None
                and counts_people(i, sources.get(i.id, ""))
                and i.latest < threshold
            ):
                hidden.add((row, 1))
    table = Table(
        name="indicators",
        title=_("Indicators: target and latest value"),
        row_labels=labels,
        column_labels=[_("target"), _("latest value")],
        cells=cells,
        # No margins: targets and values of different indicators do not add up.
        row_totals=[],
        column_totals=[],
        total=len(cells),
        note=_("A missing target or value is shown as 0 and named in the list of measures."),
    )
    table.suppressed |= hidden
    return table
