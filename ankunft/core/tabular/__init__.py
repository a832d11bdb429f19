"""One tabular import for every module: read, map columns, check every row, store all or none.

    table = read_table(raw, limits=LIMITS)                  # CSV or XLSX; TableError
    columns = map_columns(table.header, COLUMNS, mapping)   # TableError in words
    checked = check_rows(table, columns, parse_row, progress=bar)
    checked.raise_for_problems()                            # RowsRefusedError: every bad row
    ... store checked.rows in one transaction ...

`parse_row(row)` reads cells with `row.get(key)` and refuses with `row.refuse(key,
reason)`. Page, API and CLI use the same limits and the same messages. Used by the
bookings import and the indicator-values import; made for the case import as well.
"""

from __future__ import annotations

from ankunft.core.tabular.columns import Column, guess_columns, map_columns
from ankunft.core.tabular.progress import ProgressBar
from ankunft.core.tabular.reading import Limits, Table, TableError, read_table, read_text_table
from ankunft.core.tabular.rows import (
    Checked,
    Progress,
    Row,
    RowProblem,
    RowsRefusedError,
    check_rows,
)

__all__ = [
    "Checked",
    "Column",
    "Limits",
    "Progress",
    "ProgressBar",
    "Row",
    "RowProblem",
    "RowsRefusedError",
    "Table",
    "TableError",
    "check_rows",
    "guess_columns",
    "map_columns",
    "read_table",
    "read_text_table",
]
