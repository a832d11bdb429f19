"""Checking every row before anything is stored: the dry run, then all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ankunft.core.tabular.reading import Table

T = TypeVar("T")
# progress(done, total): called while rows are checked (every `PROGRESS_EVERY` rows).
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500


@dataclass(frozen=True, order=True)
class RowProblem:
    """Why one row was refused: its row number as the person sees it, the column (the
    file's header name), the value, and the reason in words."""

    row: int
    column: str = ""
    value: str = ""
    reason: str = ""

    def __str__(self) -> str:
        if self.column and self.value:
            return _("Row %(row)s, column “%(column)s”, value “%(value)s”: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "value": self.value,
                "reason": self.reason,
            }
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "reason": self.reason,
            }
        return _("Row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "message": str(self),
        }


class RowsRefusedError(ValidationError):
    """Some rows are bad, so nothing was stored; `problems` names every one."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__([str(p) for p in self.problems], code="rows")


class Row:
    """One data row while it is checked: read cells by field key, refuse with a reason."""

    def __init__(
        self, number: int, cells: list[str], columns: dict[str, int], header: list[str]
    ) -> None:
        self.number = number
        self._cells = cells
        self._columns = columns
        self._header = header
        self.problems: list[RowProblem] = []

    def get(self, key: str) -> str:
        """The stripped cell of field `key` ("" when the file has no such column)."""
        index = self._columns.get(key)
        if index is None or index >= len(self._cells):
            return ""
        return self._cells[index].strip()

    def column_name(self, key: str) -> str:
        index = self._columns.get(key)
        return self._header[index] if index is not None and index < len(self._header) else ""

    def refuse(self, key: str | None, reason: str, value: str | None = None) -> None:
        """Record that this row is refused because of field `key` (None: the whole row)."""
        column = self.column_name(key) if key else ""
        shown = self.get(key) if value is None and key else (value or "")
        self.problems.append(RowProblem(self.number, column, shown[:100], reason))


@dataclass
class Checked(Generic[T]):
    """The dry run: the good rows, every problem found, and how many rows were read."""

    rows: list[T] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    read: int = 0

    def raise_for_problems(self) -> None:
        if self.problems:
            raise RowsRefusedError(self.problems)


def check_rows(
    table: Table,
    columns: dict[str, int],
    parse: Callable[[Row], T | None],
    *,
    progress: Progress | None = None,
) -> Checked[T]:
    """Run `parse` over every data row. `parse` returns the parsed row, or None after
    calling `row.refuse(...)`; every problem of every row is kept (nothing is stored)."""
    checked: Checked[T] = Checked()
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        row = Row(number, cells, columns, table.header)
        parsed = parse(row)
        checked.problems += row.problems
        if parsed is not None and not row.problems:
            checked.rows.append(parsed)
        checked.read += 1
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    if not table.rows:
        checked.problems.append(RowProblem(1, reason=_("the file has a header but no data rows")))
    return checked
