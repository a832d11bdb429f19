"""The content of a report: what `build.build_report` produces and the renderers read.

Stored as JSON in `Report.content`, so only *published* figures are in it: every table
that counts people has been through disclosure control and holds `None` where a figure is
suppressed. The HTML page, the PDF (same template), CSV and JSON all render this one
structure; charts are drawn from its tables at render time.

Sections, in the document's order (each has an `id` for the table of contents):

1. `decision`   the decision(s) and their reasoning in one paragraph each
2. `money`      planned, committed, spent, remaining per year (table `money_by_year`)
3. `positions`  positions created, filled, vacant over time in FTE (`positions_over_time`)
                and the list of positions
4. `measures`   the measures carried and their indicators against targets
                (table `indicators`; `measures` list)
5. `people`     newcomers reached: cases opened and closed by district, field of action,
                age band, nationality group (tables `cases_by_*`, people=True)
6. `referrals`  referrals and their outcomes (table `referrals_by_outcome`, people=True)
7. `barriers`   barriers reported and answered (table `barriers_by_status`)
8. `open_points` what is still open (vacant positions, indicators off target, money left,
                barriers unanswered …) as sentences
"""

from __future__ import annotations

from typing import Any, TypedDict

SCHEMA_VERSION = 1
SUPPRESSED_MARK = "•"
SECTION_IDS = (
    "decision",
    "money",
    "positions",
    "measures",
    "people",
    "referrals",
    "barriers",
    "open_points",
)


class TableJSON(TypedDict):
    """`tables.Table.as_json()`: suppressed figures are None."""

    name: str
    title: str
    unit: str
    people: bool
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int | float | None]]
    row_totals: list[int | float | None]
    column_totals: list[int | float | None]
    total: int | float | None


class DecisionJSON(TypedDict):
    id: int
    reference: str
    title: str
    date: str | None  # ISO date
    body: str  # the committee or council that decided
    meeting: str  # the meeting (name and date), "" when unknown
    summary: str  # the decision and its reasoning in one paragraph
    url: str  # the decision's chain page (internal; empty in public renderings)


class IndicatorJSON(TypedDict):
    name: str
    unit: str
    target: float | None
    latest: float | None  # None: no value yet, or suppressed (people counted, below threshold)
    latest_period: str | None
    light: str  # measures.charts.Light value
    suppressed: bool


class MeasureJSON(TypedDict):
    id: int
    title: str
    status: str
    share_of_positions: float  # 0..1
    people_reached: int | None  # None: suppressed or not counted
    indicators: list[IndicatorJSON]


class PositionJSON(TypedDict):
    title: str
    pay_grade: str
    fte: float
    status: str
    status_label: str
    start: str
    end: str | None


class SectionJSON(TypedDict):
    id: str  # one of SECTION_IDS
    title: str
    text: str  # an introductory sentence or two (may be "")
    tables: list[str]  # names of tables in `Content.tables`, in order
    chart: str  # the name of the table drawn as a chart, "" for none


class Content(TypedDict):
    schema: int
    kind: str  # "decision" | "year"
    decision_id: int | None
    year: int | None
    municipality: str
    title: str
    as_of: str  # ISO date: the figures' reference day
    period_start: str  # ISO date
    period_end: str  # ISO date
    years: list[int]
    threshold: int
    language: str
    decisions: list[DecisionJSON]
    sections: list[SectionJSON]
    tables: list[TableJSON]
    measures: list[MeasureJSON]
    positions: list[PositionJSON]
    open_points: list[str]
    footnotes: list[str]  # the suppression footnote first


def table_by_name(content: Content | dict[str, Any], name: str) -> TableJSON | None:
    for table in content.get("tables", []):
        if table["name"] == name:
            return table
    return None
