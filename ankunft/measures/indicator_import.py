"""Import of indicator values from CSV or Excel: all or nothing, with every bad row named.

The file is read by the core's tabular import (CSV with `;`, `,` or tabs in UTF-8 or
Windows-1252, or an Excel workbook; at most 5 MB and 20,000 rows on page, API and CLI). It
has a header row and the columns `measure;indicator;period;value` (German names
`Maßnahme;Kennzahl;Zeitraum;Wert` work too), optionally `note`. Numbers may be German
("1.234,5"); periods are YYYY-MM, MM/YYYY, a date, YYYY-Qn or a year. A value is refused
with its reason: not a number, negative, a percentage above 100. Nothing is stored unless
every row is good.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ankunft.core.models import Municipality, User
from ankunft.core.parsing import parse_number
from ankunft.core.tabular import (
    Column,
    Limits,
    Progress,
    Row,
    RowProblem,
    RowsRefusedError,
    Table,
    check_rows,
    map_columns,
    read_table,
)
from ankunft.measures.models import Indicator, IndicatorValue
from ankunft.measures.parsing import parse_period
from ankunft.measures.services import require, tenant_of

LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_rows=20_000)
COLUMNS = (
    Column("measure", gettext_lazy("Measure"), ("Maßnahme", "measure")),
    Column("indicator", gettext_lazy("Indicator"), ("Kennzahl", "Indikator", "indicator")),
    Column(
        "period",
        gettext_lazy("Period"),
        ("Zeitraum", "Monat", "period", "month", "Datum", "date"),
    ),
    Column("value", gettext_lazy("Value"), ("Wert", "value")),
    Column(
        "note",
        gettext_lazy("Note"),
        ("Notiz", "Bemerkung", "Anmerkung", "note"),
        required=False,
    ),
)
# The example on the import page; a test imports exactly this into the demo data.
EXAMPLE = (
    "measure;indicator;period;value\n"
    "Erstanlaufstelle Marxloh;Beratene Neuzugewanderte pro Monat;2023-04;38\n"
    "Erstanlaufstelle Marxloh;Beratene Neuzugewanderte pro Monat;05/2023;41,0\n"
    "Schulanmeldung neu zugewanderter Kinder;Kinder innerhalb von 6 Wochen eingeschult;"
    "2023-04;87,5\n"
)
_PERCENT_UNITS = frozenset({"%", "prozent", "percent", "per cent"})
_TOO_LARGE = Decimal("1e12")

# Kept for callers of the former module: the import raises the core's refusal.
IndicatorImportError = RowsRefusedError


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


@dataclass(frozen=True)
class _Row:
    line: int
    indicator: Indicator
    period: dt.date
    value: Decimal
    note: str


_Index = dict[str, dict[str, list[Indicator]]]


def _indicator_index(municipality: Municipality) -> _Index:
    """measure title → indicator name → indicators (case-insensitive)."""
    index: _Index = {}
    for ind in Indicator.objects.for_municipality(municipality.pk).select_related("measure"):
        by_name = index.setdefault(ind.measure.title.casefold(), {})
        by_name.setdefault(ind.name.casefold(), []).append(ind)
    return index


def value_problem(indicator: Indicator, value: Decimal) -> str | None:
    """Why `value` cannot be a value of `indicator` (None when it can): indicators count
    people, cases, days or shares, so none is negative and no share exceeds 100 %."""
    if abs(value) >= _TOO_LARGE:
        return _("the value is too large")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:  # noqa: PLR2004 - the column's places
        return _("at most two decimal places (e.g. 12.35)")
    if value < 0:
        return _("a value of “%(indicator)s” cannot be negative") % {"indicator": indicator.name}
    if indicator.unit.strip().casefold() in _PERCENT_UNITS and value > 100:  # noqa: PLR2004
        return _("a percentage cannot be above 100")
    return None


class _RowReader:
    def __init__(self, index: _Index) -> None:
        self.index = index

    def _indicator(self, row: Row) -> Indicator | None:
        measure, name = row.get("measure"), row.get("indicator")
        by_name = self.index.get(measure.casefold())
        if not measure:
            row.refuse("measure", _("the measure is missing"))
            return None
        if by_name is None:
            row.refuse("measure", _("no measure of this title"))
            return None
        matches = by_name.get(name.casefold(), [])
        if not matches:
            known = sorted({i.name for found in by_name.values() for i in found})
            row.refuse(
                "indicator",
                _("the measure “%(measure)s” has no indicator of this name (it has: %(known)s)")
                % {"measure": measure, "known": "; ".join(known) or "–"},
            )
            return None
        if len(matches) > 1:
            row.refuse("measure", _("a measure of this title exists in several concepts"))
            return None
        return matches[0]

    def __call__(self, row: Row) -> _Row | None:
        indicator = self._indicator(row)
        value = period = None
        text = row.get("value")
        try:
            value = parse_number(text)
        except ValueError:
            row.refuse(
                "value",
                _("not a number (write 12 or 1.234,5)") if text else _("the value is missing"),
            )
        if indicator is not None and value is not None:
            problem = value_problem(indicator, value)
            if problem:
                row.refuse("value", problem)
        frequency = indicator.frequency if indicator else Indicator.Frequency.MONTH
        try:
            period = parse_period(row.get("period"), frequency)
        except ValueError:
            row.refuse(
                "period",
                _("not a period (write YYYY-MM or a date such as 01.03.2022)")
                if row.get("period")
                else _("the period is missing"),
            )
        if indicator is None or value is None or period is None:
            return None
        return _Row(row.number, indicator, period, value, row.get("note")[:300])


def read_rows(
    source: bytes | Table, municipality: Municipality, *, progress: Progress | None = None
) -> tuple[list[_Row], list[RowProblem]]:
    """Read and check the whole file (the dry run): the good rows and every problem.

    Raises `TableError` when the file is no table or lacks a column.
    """
    table = source if isinstance(source, Table) else read_table(source, limits=LIMITS)
    columns = map_columns(table.header, COLUMNS)
    checked = check_rows(
        table, columns, _RowReader(_indicator_index(municipality)), progress=progress
    )
    return checked.rows, checked.problems


@transaction.atomic
def indicator_values_import(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    content: bytes,
    replace: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import indicator values, all or nothing.

    Refused rows: unknown measure or indicator, bad or impossible number, bad period, the
    same indicator and period twice in the file, and — unless `replace` — a period that
    already has a value. Raises `RowsRefusedError` listing every bad row (or `TableError`
    for a file that is no table); then nothing has changed.
    """
    require(actor, "measures.edit")
    m = tenant_of(actor, municipality)
    rows, problems = read_rows(content, m, progress=progress)
    seen: dict[tuple[int, dt.date], int] = {}
    keyed: list[_Row] = []
    for row in rows:
        key = (row.indicator.pk, row.period)
        if key in seen:
            problems.append(
                RowProblem(
                    row.line,
                    reason=_("the same indicator and period as row %(first)s")
                    % {"first": seen[key]},
                )
            )
            continue
        seen[key] = row.line
        keyed.append(row)
    existing = {
        (v.indicator_id, v.period): v
        for v in IndicatorValue.objects.filter(
            indicator_id__in={r.indicator.pk for r in keyed}
        ).select_for_update()
    }
    if not replace:
        problems += [
            RowProblem(
                row.line,
                reason=_("a value for %(period)s exists already (choose “replace” to overwrite it)")
                % {"period": row.period.strftime("%m/%Y")},
            )
            for row in keyed
            if (row.indicator.pk, row.period) in existing
        ]
    if problems:
        raise RowsRefusedError(problems)
    new: list[IndicatorValue] = []
    changed: list[IndicatorValue] = []
    for row in keyed:
        old = existing.get((row.indicator.pk, row.period))
        if old is None:
            new.append(
                IndicatorValue(
                    municipality=m,
                    indicator=row.indicator,
                    period=row.period,
                    value=row.value,
                    note=row.note,
                    source=IndicatorValue.Source.IMPORT,
                )
            )
        else:
            old.value, old.note, old.source = row.value, row.note, IndicatorValue.Source.IMPORT
            changed.append(old)
    IndicatorValue.objects.bulk_create(new, batch_size=1000)
    IndicatorValue.objects.bulk_update(changed, ["value", "note", "source"], batch_size=1000)
    return ImportResult(created=len(new), updated=len(changed))
