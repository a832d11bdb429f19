"""Build the content of a report from the data (Sachstandsbericht).

Interface (stable):

    resolve_scope(municipality=…, decision=…, year=…) -> Scope   raises ReportInputError
    build_report(scope, threshold=5, language="de", as_of=None, progress=None) -> Content
    data_version(scope) -> str     a fingerprint of the data the report is built from
    build_raw_tables(scope, as_of) -> list[Table]   every table before disclosure control

`progress(percent, stage)` is called as the build goes on (the background task stores it).
The figures themselves live in `reports.figures` (one module per section); every table is
protected by `disclosure.protect` before it goes into the content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.models import Municipality
from ankunft.council.models import Decision
from ankunft.measures.chain import Chain, build_chain
from ankunft.measures.models import Indicator
from ankunft.reports import disclosure
from ankunft.reports.content import (
    SCHEMA_VERSION,
    SUPPRESSED_MARK,
    Content,
    DecisionJSON,
    SectionJSON,
)
from ankunft.reports.figures import barriers, measures, money, people, positions, referrals
from ankunft.reports.figures.open_points import open_points
from ankunft.reports.figures.scope import (
    ReportInputError,
    Scope,
    check_threshold,
    people_period,
    scope_bounds,
)
from ankunft.reports.figures.summary import decision_json
from ankunft.reports.figures.version import data_version
from ankunft.reports.tables import Table

Progress = Callable[[int, str], None]

__all__ = [
    "Progress",
    "ReportInputError",
    "Scope",
    "build_raw_tables",
    "build_report",
    "data_version",
    "resolve_scope",
]

# Stage names, translated when reported.
STAGES = {
    "decision": gettext_noop("Decisions"),
    "money": gettext_noop("Money"),
    "positions": gettext_noop("Positions"),
    "measures": gettext_noop("Measures and indicators"),
    "people": gettext_noop("Newcomers reached"),
    "referrals": gettext_noop("Referrals"),
    "barriers": gettext_noop("Barriers"),
    "disclosure": gettext_noop("Disclosure control"),
    "open_points": gettext_noop("Open points"),
}


def resolve_scope(
    *, municipality: Municipality, decision: Decision | None, year: int | None
) -> Scope:
    """The decisions and days a report covers; a `ReportInputError` for a decision without
    budget lines or not of the municipality, a year the decision has no budget in, or a
    year without any decision and case."""
    kind, decisions, start, end = scope_bounds(
        municipality=municipality, decision=decision, year=year
    )
    return Scope(municipality, kind, decisions, year, start, end)


def _chains(scope: Scope, as_of: dt.date) -> list[Chain]:
    return [build_chain(d, as_of=as_of) for d in scope.decisions]


def _sources(scope: Scope, chains: list[Chain]) -> dict[int, str]:
    """Where each indicator's values come from (people-counted ones are suppressed)."""
    ids = [i.id for c in chains for m in c.measures for i in m.indicators]
    return dict(
        Indicator.objects.for_municipality(scope.municipality.pk)
        .filter(pk__in=ids)
        .values_list("pk", "source")
    )


def build_raw_tables(
    scope: Scope, as_of: dt.date | None = None, *, threshold: int = 5
) -> list[Table]:
    """Every table of the report before disclosure control (the people figures as counted)."""
    day = as_of or timezone.localdate()
    chains = _chains(scope, day)
    return _tables(scope, day, chains, threshold)


def _tables(scope: Scope, day: dt.date, chains: list[Chain], threshold: int) -> list[Table]:
    m = scope.municipality
    start, end = people_period(scope, day)
    merged = measures.merged_measures(chains)
    return [
        money.money_by_year(chains, kind=scope.kind, year=scope.year),
        positions.positions_over_time(
            positions.scope_positions(scope), scope.period_start, scope.period_end
        ),
        measures.indicator_table(merged, _sources(scope, chains), threshold),
        *people.people_tables(m, start, end),
        referrals.referrals_by_outcome(m, start, end),
        barriers.barriers_by_status(m, start, end),
    ]


def _title(scope: Scope) -> str:
    if scope.kind == "year":
        return _("Status report %(year)s: integration work of %(town)s") % {
            "year": scope.year,
            "town": scope.municipality.name,
        }
    d = scope.decisions[0]
    years = (
        str(scope.year)
        if scope.year is not None
        else f"{scope.period_start.year}–{scope.period_end.year}"
    )
    return _("Status report on %(ref)s (%(years)s)") % {
        "ref": d.paper.reference or d.paper.name,
        "years": years,
    }


def _people_text(scope: Scope, start: dt.date, end: dt.date) -> str:
    values = {
        "start": date_format(start, "SHORT_DATE_FORMAT"),
        "end": date_format(end, "SHORT_DATE_FORMAT"),
    }
    if scope.kind == "decision" and scope.year is None:
        return (
            _(
                "The municipality's cases, the caseload the decision's staff carries: cases "
                "opened from %(start)s, when the decision's money began to run, to the "
                "reference day %(end)s, with their state on that day. Cases run on after the "
                "budget years, so the period reaches to the reference day."
            )
            % values
        )
    return (
        _("The municipality's cases opened from %(start)s to %(end)s, with their state on %(end)s.")
        % values
    )


def build_report(
    scope: Scope,
    *,
    threshold: int = 5,
    language: str = "de",
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> Content:
    """The report's content: every table protected by disclosure control."""
    threshold = check_threshold(threshold)
    day = as_of or timezone.localdate()

    def step(percent: int, key: str) -> None:
        if progress is not None:
            progress(percent, _(STAGES[key]))

    with translation.override(language):
        return _build(scope, threshold, language, day, step)


def _build(
    scope: Scope, threshold: int, language: str, day: dt.date, step: Callable[[int, str], None]
) -> Content:
    m = scope.municipality
    start, end = people_period(scope, day)
    decisions: list[DecisionJSON] = [decision_json(d) for d in scope.decisions]
    step(5, "decision")
    chains = _chains(scope, day)
    money_table = money.money_by_year(chains, kind=scope.kind, year=scope.year)
    step(20, "money")
    scope_positions = positions.scope_positions(scope)
    positions_table = positions.positions_over_time(
        scope_positions, scope.period_start, scope.period_end
    )
    step(35, "positions")
    merged = measures.merged_measures(chains)
    sources = _sources(scope, chains)
    indicator_table = measures.indicator_table(merged, sources, threshold)
    measure_list = measures.measure_list(
        merged, measures.reached(m.pk, merged, start, end), sources, threshold
    )
    step(50, "measures")
    people_tables = people.people_tables(m, start, end)
    step(70, "people")
    referral_table = referrals.referrals_by_outcome(m, start, end)
    step(80, "referrals")
    barrier_table = barriers.barriers_by_status(m, start, end)
    step(85, "barriers")
    tables = [
        money_table,
        positions_table,
        indicator_table,
        *people_tables,
        referral_table,
        barrier_table,
    ]
    disclosure.protect(tables, threshold=threshold)
    step(92, "disclosure")
    points = open_points(
        money=money_table,
        positions=positions_table,
        measures=measure_list,
        barriers=barrier_table,
        people_tables=[*people_tables, referral_table],
        threshold=threshold,
    )
    step(100, "open_points")
    return Content(
        schema=SCHEMA_VERSION,
        kind=scope.kind,
        decision_id=scope.decisions[0].pk if scope.kind == "decision" else None,
        year=scope.year,
        municipality=m.name,
        title=_title(scope),
        as_of=day.isoformat(),
        period_start=scope.period_start.isoformat(),
        period_end=scope.period_end.isoformat(),
        years=list(range(scope.period_start.year, scope.period_end.year + 1)),
        threshold=threshold,
        language=language,
        decisions=decisions,
        sections=_sections(scope, start, end, [t.name for t in people_tables]),
        tables=[t.as_json() for t in tables],  # type: ignore[misc]
        measures=measure_list,
        positions=positions.position_list(scope_positions),
        open_points=points,
        footnotes=[
            _(
                "%(mark)s: not shown. The figure counts fewer than %(t)s persons, or it "
                "would let such a figure be worked out from the other figures and totals "
                "of this report (disclosure control)."
            )
            % {"mark": SUPPRESSED_MARK, "t": threshold},
            _("Figures as of %(day)s.") % {"day": date_format(day, "SHORT_DATE_FORMAT")},
        ],
    )


def _sections(
    scope: Scope, start: dt.date, end: dt.date, people_names: list[str]
) -> list[SectionJSON]:
    def section(id_: str, title: str, text: str, tables: list[str], chart: str = "") -> SectionJSON:
        return SectionJSON(id=id_, title=title, text=text, tables=tables, chart=chart)

    return [
        section(
            "decision",
            _("The decision") if scope.kind == "decision" else _("The decisions"),
            "",
            [],
        ),
        section(
            "money",
            _("Money"),
            _("Planned, committed (the positions' cost), spent (bookings) and remaining, in EUR."),
            ["money_by_year"],
            "money_by_year",
        ),
        section(
            "positions",
            _("Positions"),
            _("Full-time equivalents created, filled and vacant at each quarter end."),
            ["positions_over_time"],
            "positions_over_time",
        ),
        section(
            "measures",
            _("Measures and indicators"),
            _(
                "The measures the decision's staff and money carry, and their indicators "
                "against targets."
            ),
            ["indicators"],
        ),
        section(
            "people",
            _("Newcomers reached"),
            _people_text(scope, start, end),
            people_names,
            people_names[0],
        ),
        section(
            "referrals",
            _("Referrals"),
            _("Referrals to local offers sent in the same period, and where they stand."),
            ["referrals_by_outcome"],
            "referrals_by_outcome",
        ),
        section(
            "barriers",
            _("Barriers"),
            _("Structural barriers reported from case work in the same period, and their status."),
            ["barriers_by_status"],
            "barriers_by_status",
        ),
        section("open_points", _("Open points"), "", []),
    ]
