"""Reading a table from an uploaded file: CSV (any usual encoding and separator) or XLSX.

What people upload is whatever their finance system or spreadsheet produced: CSV in
UTF-8 (with or without BOM), Windows-1252 (Excel on German Windows) or UTF-16 ("Unicode
text"), separated by `;`, `,` or tabs; or an Excel workbook. Anything else — a PDF, an
image, a ZIP archive, an old .xls — is refused with a message that says what the file is.
The limits (size, rows) are checked before anything is kept, the same on page, API and CLI.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}
_DELIMITERS = (";", ",", "\t")
_FIELD_LIMIT = 1024 * 1024  # one cell of a CSV file at most 1 MB
# An XLSX file unpacks to at most this many times the size limit (a "zip bomb" stops here).
_UNPACKED_FACTOR = 20


@dataclass(frozen=True)
class Limits:
    """How large a file and how many data rows one import accepts."""

    max_bytes: int
    max_rows: int

    def size_label(self) -> str:
        megabytes = self.max_bytes / (1024 * 1024)
        return f"{megabytes:g} MB"

    def check_size(self, size: int | None) -> None:
        """Refuse a file larger than the limit before it is read: an upload by its declared
        size, a file on disk by `path.stat().st_size`. `TableError` (a `ValidationError`)
        with the same translated message as `read_table`; an unknown size (None) passes,
        `read_table` checks the bytes read."""
        if size is not None and size > self.max_bytes:
            raise TableError(
                _("The file is larger than %(size)s.") % {"size": self.size_label()},
                code="too_large",
            )


class TableError(ValidationError):
    """The file as a whole cannot be read as a table (nothing was kept); says why."""


@dataclass
class Table:
    """A table as read: the header, and each non-empty data row with its row number as the
    person sees it in the spreadsheet (the header is row 1)."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    format: str = "csv"
    encoding: str = "utf-8"

    def to_json(self) -> str:
        """The table as JSON, to keep between the steps of an import wizard."""
        return json.dumps(
            {
                "format": self.format,
                "encoding": self.encoding,
                "header": self.header,
                "rows": self.rows,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Table:
        data = json.loads(text)
        return cls(
            header=[str(h) for h in data["header"]],
            rows=[(int(n), [str(c) for c in cells]) for n, cells in data["rows"]],
            format=str(data["format"]),
            encoding=str(data["encoding"]),
        )


def _not_a_table(kind: str) -> TableError:
    return TableError(
        _("The file is %(kind)s, not a table: upload a CSV file or an Excel workbook (.xlsx).")
        % {"kind": kind},
        code="binary",
    )


def _check_signature(raw: bytes) -> None:
    """Refuse the usual non-table files by their first bytes."""
    if raw.startswith(b"%PDF"):
        raise _not_a_table(_("a PDF document"))
    if raw.startswith((b"\x89PNG\r\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff")):
        raise _not_a_table(_("an image"))
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(
            _("The file is in the old Excel format (.xls): save it as .xlsx or as CSV."),
            code="binary",
        )
    if raw.startswith((b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")):
        raise _not_a_table(_("a compressed archive"))


def _decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-16 with BOM, UTF-8 (BOM or not), else Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    else:
        sample = raw[:8192]
        if sum(byte in _CONTROL for byte in sample) > len(sample) // 200:
            raise _not_a_table(_("not a text file"))
        try:
            return raw.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                return raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                pass
    raise _not_a_table(_("not a text file"))


def _too_many_rows(limits: Limits) -> TableError:
    return TableError(
        _("The file has more than %(max)s data rows: split it into smaller files.")
        % {"max": f"{limits.max_rows:,}".replace(",", ".")},
        code="too_many_rows",
    )


def _clean_header(cells: list[str]) -> list[str]:
    header = [c.strip() for c in cells]
    while header and not header[-1]:
        header.pop()
    return header


def _read_csv(text: str, encoding: str, limits: Limits) -> Table:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first.count)
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table = Table(header=[], format="csv", encoding=encoding)
    try:
        for number, cells in enumerate(reader, start=1):
            if not table.header:
                if not any(c.strip() for c in cells):
                    continue  # blank lines above the header
                table.header = _clean_header(cells)
                continue
            if any(c.strip() for c in cells):
                if len(table.rows) >= limits.max_rows:
                    raise _too_many_rows(limits)
                table.rows.append((number, cells))
    except csv.Error as exc:
        raise TableError(
            _("The file is not a readable CSV file (row %(row)s: %(error)s).")
            % {"row": reader.line_num, "error": exc},
            code="csv",
        ) from exc
    return table


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(raw: bytes, limits: Limits) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise _not_a_table(_("a damaged ZIP archive")) from exc
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _not_a_table(_("a ZIP archive"))
    if unpacked > _UNPACKED_FACTOR * limits.max_bytes:
        raise TableError(
            _("The workbook is larger than %(size)s when unpacked.")
            % {"size": f"{_UNPACKED_FACTOR * limits.max_bytes // (1024 * 1024)} MB"},
            code="too_large",
        )
    from openpyxl import load_workbook  # noqa: PLC0415 - only needed for workbooks

    table = Table(header=[], format="xlsx", encoding="xlsx")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it does not know; the data is read.
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    cells = [_cell_text(v) for v in values]
                    if not table.header:
                        if any(c.strip() for c in cells):
                            table.header = _clean_header(cells)
                        continue
                    if any(c.strip() for c in cells):
                        if len(table.rows) >= limits.max_rows:
                            raise _too_many_rows(limits)
                        table.rows.append((number, cells))
            finally:
                book.close()
    except TableError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise TableError(
            _("The Excel workbook cannot be read (%(error)s).") % {"error": type(exc).__name__},
            code="xlsx",
        ) from exc
    return table


def read_table(raw: bytes, *, limits: Limits) -> Table:
    """Read an uploaded file as a table; `TableError` says why it cannot be one.

    Refused: an empty file, one larger than the limit, one with more data rows than the
    limit, binary files (PDF, images, archives, .xls), and a file without a header row.
    """
    limits.check_size(len(raw))
    if not raw.strip():
        raise TableError(_("The file is empty."), code="empty")
    _check_signature(raw)
    if raw.startswith(b"PK\x03\x04"):
        table = _read_xlsx(raw, limits)
    else:
        text, encoding = _decode(raw)
        table = _read_csv(text, encoding, limits)
    if not any(table.header):
        raise TableError(_("The file has no header row."), code="no_header")
    return table


def read_text_table(text: str, *, limits: Limits) -> Table:
    """Read a table from text (a CSV already decoded)."""
    return read_table(text.encode("utf-8"), limits=limits)
