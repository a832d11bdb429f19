"""The core's tabular import: reading CSV and XLSX, refusing what is no table, finding
columns by name, checking every row (ankunft.core.tabular)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.utils import translation

from ankunft.core.tabular import (
    Column,
    Limits,
    RowProblem,
    RowsRefusedError,
    Table,
    TableError,
    check_rows,
    map_columns,
    read_table,
)

LIMITS = Limits(max_bytes=10_000, max_rows=3)
COLUMNS = (
    Column("date", "Date", ("Datum",)),
    Column("amount", "Amount", ("Betrag",)),
    Column("note", "Note", ("Bemerkung",), required=False),
)


def _refused(raw: bytes) -> str:
    with translation.override("en"), pytest.raises(TableError) as caught:
        read_table(raw, limits=LIMITS)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("raw", "delimiter_free_header"),
    [
        (b"a;b\n1;2\n", ["a", "b"]),
        (b"a,b\n1,2\n", ["a", "b"]),
        (b"a\tb\n1\t2\n", ["a", "b"]),
        ("\ufeffa;b\n1;2\n".encode(), ["a", "b"]),
        ("a;b\n1;2\n".encode("utf-16"), ["a", "b"]),
    ],
    ids=["semicolon", "comma", "tab", "utf-8-bom", "utf-16"],
)
def test_separators_and_encodings_are_recognised(raw, delimiter_free_header):
    table = read_table(raw, limits=LIMITS)
    assert (table.header, table.rows) == (delimiter_free_header, [(2, ["1", "2"])])


def test_a_csv_whose_header_begins_like_a_signature_is_still_csv():
    """ "PKZ" (a personnel number) and "BMW" are headers, not a ZIP archive or a bitmap."""
    assert read_table(b"PKZ;Name\n1;A\n", limits=LIMITS).header == ["PKZ", "Name"]
    assert read_table(b"BMW;Audi\n1;2\n", limits=LIMITS).header == ["BMW", "Audi"]


def test_windows_1252_is_read():
    table = read_table("Straße;Betrag\nMüller;1\n".encode("cp1252"), limits=LIMITS)
    assert (table.header, table.rows, table.encoding) == (
        ["Straße", "Betrag"],
        [(2, ["Müller", "1"])],
        "cp1252",
    )


def test_row_numbers_are_those_the_person_sees_and_blank_rows_are_skipped():
    table = read_table(b"a;b\n1;2\n;\n\n3;4\n", limits=LIMITS)
    assert table.rows == [(2, ["1", "2"]), (5, ["3", "4"])]


def test_xlsx_cells_become_text():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Datum", "Betrag", "Bemerkung"])
    sheet.append([dt.datetime(2022, 3, 1), 12.5, None])  # noqa: DTZ001 - as Excel stores it
    sheet.append([None, None, None])
    sheet.append(["01.04.2022", 7, "x"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), limits=LIMITS)
    assert (table.format, table.header) == ("xlsx", ["Datum", "Betrag", "Bemerkung"])
    assert table.rows == [(2, ["2022-03-01", "12.5", ""]), (4, ["01.04.2022", "7", "x"])]


def test_a_table_survives_json():
    table = read_table(b"a;b\n1;2\n", limits=LIMITS)
    assert Table.from_json(table.to_json()) == table


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "The file is empty."),
        (b"x" * 10_001, "The file is larger than 0.00953674 MB."),
        (b"%PDF-1.4\n", "The file is a PDF document, not a table"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "The file is an image, not a table"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "The file is an image, not a table"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "The file is in the old Excel format (.xls)"),
        (_zip(["readme.txt"]), "The file is a ZIP archive, not a table"),
        (b"PK\x03\x04broken", "The file is a damaged ZIP archive, not a table"),
        (b"\x00\x01\x02\x03" * 100, "The file is not a text file, not a table"),
        (b"\n\n", "The file is empty."),
        (b";;\n;;\n", "The file has no header row."),
        (b"a;b\n1;2\n3;4\n5;6\n7;8\n", "The file has more than 3 data rows"),
    ],
    ids=[
        "empty",
        "too-large",
        "pdf",
        "png",
        "jpeg",
        "xls",
        "zip",
        "broken-zip",
        "binary",
        "blank",
        "no-header",
        "too-many-rows",
    ],
)
def test_what_is_no_table_is_refused_in_words(raw, message):
    assert message in _refused(raw)


def test_columns_are_found_by_their_german_and_english_names():
    assert map_columns(["Bemerkung", "BETRAG", " datum "], COLUMNS) == {
        "note": 0,
        "amount": 1,
        "date": 2,
    }


def test_the_persons_mapping_comes_first():
    assert map_columns(["Datum", "Tag", "Betrag"], COLUMNS, {"date": "Tag"}) == {
        "date": 1,
        "amount": 2,
    }


def test_missing_columns_are_named_with_the_files_columns():
    with translation.override("en"), pytest.raises(TableError) as caught:
        map_columns(["Datum", "x"], COLUMNS)
    assert caught.value.messages == [
        "The file has no column for Amount (e.g. “Betrag”). Its columns are: “Datum”, “x”."
    ]


def test_every_bad_row_is_listed_with_column_and_value():
    table = read_table(b"Datum;Betrag\nx;1\n2;\n3;3\n", limits=LIMITS)
    columns = map_columns(table.header, COLUMNS)
    progress: list[tuple[int, int]] = []

    def parse(row):
        if not row.get("date").isdigit():
            row.refuse("date", "not a day")
        if not row.get("amount"):
            row.refuse("amount", "missing")
        return None if row.problems else row.number

    checked = check_rows(table, columns, parse, progress=lambda d, t: progress.append((d, t)))
    assert checked.rows == [4]
    assert checked.problems == [
        RowProblem(2, "Datum", "x", "not a day"),
        RowProblem(3, "Betrag", "", "missing"),
    ]
    assert progress == [(3, 3)]
    with translation.override("en"), pytest.raises(RowsRefusedError) as caught:
        checked.raise_for_problems()
    assert caught.value.messages == [
        "Row 2, column “Datum”, value “x”: not a day",
        "Row 3, column “Betrag”: missing",
    ]


def test_check_size_refuses_a_declared_size_above_the_limit_before_reading():
    """`Limits.check_size` is the one size check for uploads and files on disk: the limit
    itself passes, one byte more is refused with `read_table`'s translated message, and an
    unknown size is left to `read_table`."""
    LIMITS.check_size(10_000)
    LIMITS.check_size(None)
    with translation.override("en"), pytest.raises(TableError) as refused:
        LIMITS.check_size(10_001)
    assert refused.value.code == "too_large"
    assert refused.value.messages == ["The file is larger than 0.00953674 MB."]
    with translation.override("de"), pytest.raises(TableError) as german:
        LIMITS.check_size(10_001)
    assert german.value.messages[0].startswith("Die Datei ist größer als")
