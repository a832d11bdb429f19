"""CSV import of indicator values: all or nothing, with every bad row named.

The file has a header row and the columns `measure;indicator;period;value` (German names
`Maßnahme;Kennzahl;Zeitraum;Wert` work too), optionally `note`. Semicolons, commas or tabs
separate the columns; numbers may be German ("1.234,5"); periods are YYYY-MM, MM/YYYY, a
date, YYYY-Qn or a year. Nothing is stored unless every row is good.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ankunft.core.models import Municipality, User
from ankunft.measures.models import Indicator, IndicatorValue
from ankunft.measures.parsing import parse_number, parse_period
from ankunft.measures.services import require, tenant_of

MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024
COLUMNS: dict[str, tuple[str, ...]] = {
    "measure": ("measure", "maßnahme", "massnahme"),
    "indicator": ("indicator", "kennzahl", "indikator"),
    "period": ("period", "zeitraum", "monat", "month", "datum", "date"),
    "value": ("value", "wert"),
    "note": ("note", "notiz", "bemerkung", "anmerkung"),
}
REQUIRED = ("measure", "indicator", "period", "value")


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class IndicatorImportError(ValidationError):
    """The file was refused; `errors` names every bad row (row 1 is the header)."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__([str(e) for e in errors])


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


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on German Windows saves CSV as Windows-1252.
        return content.decode("cp1252", errors="replace")


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        key = name.strip().casefold()
        for column, aliases in COLUMNS.items():
            if key in aliases and column not in found:
                found[column] = i
    return found


_Index = dict[str, dict[str, list[Indicator]]]
_Checked = tuple[_Row | None, list[RowError]]


def _indicator_index(municipality: Municipality) -> _Index:
    """measure title → indicator name → indicators (case-insensitive)."""
    index: dict[str, dict[str, list[Indicator]]] = {}
    for ind in Indicator.objects.for_municipality(municipality.pk).select_related("measure"):
        by_name = index.setdefault(ind.measure.title.casefold(), {})
        by_name.setdefault(ind.name.casefold(), []).append(ind)
    return index


def _find(index: _Index, measure: str, name: str) -> Indicator | str:
    """The indicator, or the reason why there is none."""
    by_name = index.get(measure.strip().casefold())
    if by_name is None:
        return _("unknown measure “%(measure)s”") % {"measure": measure}
    matches = by_name.get(name.strip().casefold(), [])
    if not matches:
        return _("unknown indicator “%(indicator)s” of measure “%(measure)s”") % {
            "indicator": name,
            "measure": measure,
        }
    if len(matches) > 1:
        return _("the measure “%(measure)s” exists in several concepts") % {"measure": measure}
    return matches[0]


def _parse_value(line: int, text: str, errors: list[RowError]) -> Decimal | None:
    if not text:
        errors.append(RowError(line, _("the value is missing")))
        return None
    try:
        value = parse_number(text)
    except ValueError:
        errors.append(RowError(line, _("“%(value)s” is not a number") % {"value": text}))
        return None
    if abs(value) >= Decimal("1e12"):
        errors.append(RowError(line, _("the value %(value)s is too large") % {"value": text}))
        return None
    return value


def _parse_period(line: int, text: str, frequency: str, errors: list[RowError]) -> dt.date | None:
    try:
        return parse_period(text, frequency)
    except ValueError:
        errors.append(
            RowError(
                line,
                _("“%(period)s” is not a period (use YYYY-MM or a date such as 01.03.2022)")
                % {"period": text},
            )
        )
        return None


def _check_row(line: int, cells: list[str], cols: dict[str, int], index: _Index) -> _Checked:
    def cell(name: str) -> str:
        i = cols.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    errors: list[RowError] = []
    found = _find(index, cell("measure"), cell("indicator"))
    indicator = None if isinstance(found, str) else found
    if isinstance(found, str):
        errors.append(RowError(line, found))
    value = _parse_value(line, cell("value"), errors)
    frequency = indicator.frequency if indicator else Indicator.Frequency.MONTH
    period = _parse_period(line, cell("period"), frequency, errors)
    if indicator is None or value is None or period is None:
        return None, errors
    return _Row(line, indicator, period, value, cell("note")[:300]), errors


def read_rows(content: bytes, municipality: Municipality) -> tuple[list[_Row], list[RowError]]:
    """Parse and check the whole file; returns the good rows and every error found."""
    if len(content) > MAX_BYTES:
        return [], [RowError(1, _("the file is larger than 5 MB"))]
    text = _decode(content)
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not records:
        return [], [RowError(1, _("the file is empty"))]
    cols = _header_map(records[0])
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        return [], [
            RowError(
                1,
                _("the header lacks the column(s) %(columns)s; expected %(expected)s")
                % {"columns": ", ".join(missing), "expected": ";".join(REQUIRED)},
            )
        ]
    if len(records) - 1 > MAX_ROWS:
        return [], [RowError(1, _("more than %(max)s rows") % {"max": MAX_ROWS})]
    index = _indicator_index(municipality)
    rows: list[_Row] = []
    errors: list[RowError] = []
    for line, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row, row_errors = _check_row(line, cells, cols, index)
        errors += row_errors
        if row is not None:
            rows.append(row)
    if not rows and not errors:
        errors.append(RowError(1, _("the file has no data rows")))
    return rows, errors


@transaction.atomic
def indicator_values_import(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    content: bytes,
    replace: bool = False,
) -> ImportResult:
    """Import indicator values from CSV, all or nothing.

    Refused rows: unknown measure or indicator, bad number, bad period, the same indicator
    and period twice in the file, and — unless `replace` — a period that already has a value.
    Raises `IndicatorImportError` listing every bad row; then nothing has changed.
    """
    require(actor, "measures.edit")
    m = tenant_of(actor, municipality)
    rows, errors = read_rows(content, m)
    seen: dict[tuple[int, dt.date], int] = {}
    keyed: list[tuple[_Row, dt.date]] = []
    for row in rows:
        period = row.period
        key = (row.indicator.pk, period)
        if key in seen:
            errors.append(
                RowError(
                    row.line,
                    _("duplicate: row %(first)s has the same indicator and period")
                    % {"first": seen[key]},
                )
            )
            continue
        seen[key] = row.line
        keyed.append((row, period))
    existing = {
        (v.indicator_id, v.period): v
        for v in IndicatorValue.objects.filter(
            indicator_id__in={r.indicator.pk for r, _p in keyed}
        ).select_for_update()
    }
    if not replace:
        errors += [
            RowError(
                row.line,
                _("a value for %(period)s exists already (choose “replace” to overwrite it)")
                % {"period": period.strftime("%m/%Y")},
            )
            for row, period in keyed
            if (row.indicator.pk, period) in existing
        ]
    if errors:
        raise IndicatorImportError(sorted(errors, key=lambda e: e.row))
    new: list[IndicatorValue] = []
    changed: list[IndicatorValue] = []
    for row, period in keyed:
        old = existing.get((row.indicator.pk, period))
        if old is None:
            new.append(
                IndicatorValue(
                    municipality=m,
                    indicator=row.indicator,
                    period=period,
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
