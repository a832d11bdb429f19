"""Newcomers reached (Erreichte Neuzugewanderte): the cases of the people period, counted
in the database — one GROUP BY per table, never a loop over persons.

Cases opened in the period by district, age band and nationality group, each split by the
case's state at the end of the period; cases closed in the period by outcome; the needs of
the opened cases by field of action and urgency. The three tables of opened cases show the
same column totals and total: they carry the same `links`, so that disclosure control
treats them as one published figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Count, F, Q, QuerySet, Value, When
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from ankunft.cases.models import Case, Need, Outcome, Urgency
from ankunft.core.models import District, Municipality
from ankunft.measures.models import FieldOfAction
from ankunft.reports.figures.labels import (
    AGE_BANDS,
    AGE_UNKNOWN,
    NATIONALITY_GROUPS,
    NATIONALITY_UNKNOWN_LABEL,
    STATE_CLOSED,
    STATE_OPEN,
    STATES,
    UNKNOWN_GROUP,
    age_band,
    nationality_group,
)
from ankunft.reports.tables import Number, Table

Key = Any
OPENED_LINKS = {"column_totals": "cases_opened_by_state", "total": "cases_opened"}
NONE_KEY = "-"


def crosstab(
    qs: QuerySet[Any],
    *,
    row: Any,
    column: Any,
    rows: list[Key] | None = None,
    columns: list[Key],
    group: Callable[[Key], Key] | None = None,
) -> tuple[list[Key], list[list[Number]]]:
    """Counts of `qs` grouped by two expressions, in the database. `rows`: the row keys in
    order (None: those that occur, in the order of their keys, None last). `group` folds
    the counted row keys into the table's rows (an age into its band): it runs over the
    few grouped counts, never over persons."""
    counts: dict[tuple[Key, Key], int] = {}
    for r in (
        qs.annotate(row_key=row, col_key=column)
        .order_by()
        .values("row_key", "col_key")
        .annotate(n=Count("pk"))
    ):
        key = (group(r["row_key"]) if group else r["row_key"], r["col_key"])
        counts[key] = counts.get(key, 0) + r["n"]
    if rows is None:
        present = {k for k, _c in counts}
        rows = sorted((k for k in present if k is not None), key=str)
        if None in present:
            rows.append(None)
    return rows, [[counts.get((r, c), 0) for c in columns] for r in rows]


def opened_cases(m: Municipality, start: dt.date, end: dt.date) -> QuerySet[Case]:
    return Case.objects.for_municipality(m.pk).filter(opened_on__gte=start, opened_on__lte=end)


def state_at(end: dt.date) -> models.Case:
    return models.Case(
        When(closed_on__isnull=False, closed_on__lte=end, then=Value(STATE_CLOSED)),
        default=Value(STATE_OPEN),
        output_field=models.CharField(),
    )


def age_at_opening() -> models.ExpressionWrapper[Any]:
    """Completed years at opening; only a year of birth: the difference of the years."""
    before_birthday = Q(person__birth_month__gt=ExtractMonth("opened_on")) | Q(
        person__birth_month=ExtractMonth("opened_on"),
        person__birth_day__gt=ExtractDay("opened_on"),
    )
    return models.ExpressionWrapper(
        ExtractYear("opened_on")
        - F("person__birth_year")
        - models.Case(When(before_birthday, then=Value(1)), default=Value(0)),
        output_field=models.IntegerField(),
    )


def _state_columns() -> tuple[list[str], list[str]]:
    return [k for k, _l in STATES], [str(label) for _k, label in STATES]


def cases_by_district(m: Municipality, start: dt.date, end: dt.date) -> Table:
    keys, labels = _state_columns()
    rows, cells = crosstab(
        opened_cases(m, start, end),
        row=F("person__district_id"),
        column=state_at(end),
        columns=keys,
    )
    names = dict(District.objects.for_municipality(m.pk).values_list("pk", "name"))
    return Table.summed(
        name="cases_by_district",
        title=_("Cases opened by district"),
        row_labels=[
            names.get(r, "?") if r is not None else _("no district recorded") for r in rows
        ],
        column_labels=labels,
        cells=cells,
        people=True,
        links=dict(OPENED_LINKS),
    )


def cases_by_age(m: Municipality, start: dt.date, end: dt.date) -> Table:
    keys, labels = _state_columns()
    bands = [label for label, _l, _h in AGE_BANDS] + [AGE_UNKNOWN]
    # Grouped by the age itself (one expression in the GROUP BY), folded into bands.
    _rows, cells = crosstab(
        opened_cases(m, start, end),
        row=age_at_opening(),
        column=state_at(end),
        rows=bands,
        columns=keys,
        group=age_band,
    )
    return Table.summed(
        name="cases_by_age",
        title=_("Cases opened by age at opening"),
        row_labels=[*bands[:-1], _("age unknown")],
        column_labels=labels,
        cells=cells,
        people=True,
        links=dict(OPENED_LINKS),
    )


def cases_by_nationality(m: Municipality, start: dt.date, end: dt.date) -> Table:
    keys, labels = _state_columns()
    groups = [k for k, _l, _c in NATIONALITY_GROUPS] + [UNKNOWN_GROUP]
    # Grouped by the first nationality's code, folded into the groups.
    _rows, cells = crosstab(
        opened_cases(m, start, end),
        row=KeyTransform("0", "person__nationalities"),
        column=state_at(end),
        rows=groups,
        columns=keys,
        group=lambda code: nationality_group([code] if isinstance(code, str) else []),
    )
    return Table.summed(
        name="cases_by_nationality",
        title=_("Cases opened by nationality group (first nationality)"),
        row_labels=[
            *(str(label) for _k, label, _c in NATIONALITY_GROUPS),
            str(NATIONALITY_UNKNOWN_LABEL),
        ],
        column_labels=labels,
        cells=cells,
        people=True,
        links=dict(OPENED_LINKS),
    )


def cases_closed_by_outcome(m: Municipality, start: dt.date, end: dt.date) -> Table:
    outcomes = [o.value for o in Outcome] + [""]
    qs = Case.objects.for_municipality(m.pk).filter(closed_on__gte=start, closed_on__lte=end)
    _rows, cells = crosstab(qs, row=F("outcome"), column=Value(1), rows=outcomes, columns=[1])
    return Table.summed(
        name="cases_closed_by_outcome",
        title=_("Cases closed by outcome"),
        row_labels=[*(str(o.label) for o in Outcome), _("no outcome recorded")],
        column_labels=[_("closed cases")],
        cells=cells,
        people=True,
    )


def needs_by_field(m: Municipality, start: dt.date, end: dt.date) -> Table:
    fields = list(FieldOfAction.objects.for_municipality(m.pk).order_by("order", "key"))
    urgencies = [u.value for u in Urgency]
    qs = Need.objects.for_municipality(m.pk).filter(
        case__opened_on__gte=start, case__opened_on__lte=end
    )
    _rows, cells = crosstab(
        qs,
        row=F("field_of_action_id"),
        column=F("urgency"),
        rows=[f.pk for f in fields],
        columns=urgencies,
    )
    return Table.summed(
        name="needs_by_field",
        title=_("Needs of the cases opened, by field of action and urgency"),
        row_labels=[str(f) for f in fields],
        column_labels=[str(u.label) for u in Urgency],
        cells=cells,
        people=True,
    )


def people_tables(m: Municipality, start: dt.date, end: dt.date) -> list[Table]:
    return [
        cases_by_district(m, start, end),
        cases_by_age(m, start, end),
        cases_by_nationality(m, start, end),
        cases_closed_by_outcome(m, start, end),
        needs_by_field(m, start, end),
    ]
