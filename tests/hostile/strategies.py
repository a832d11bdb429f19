"""Structurally plausible hostile data: texts, JSON trees, CSV and XLSX files."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

from hypothesis import strategies as st

# Texts a person or another system could really send.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    "{{7*7}}",
    "{% debug %}",
    "</script><script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\u202eevil\u202c",  # right-to-left override
    "\u200b\u200c\u200d\ufeff",  # zero-width characters, BOM
    "a\x00b",  # NUL
    "\x1b[31m",  # terminal escape
    "Ä\u0308ö\u0301",  # combining marks
    "مرحبا بالعالم",  # Arabic
    "שלום",  # Hebrew
    "🇩🇪👩🏽‍🏫",
    "' OR 1=1 --",
    "%s%s%n",
    "../../etc/passwd",
    "\r\n\r\n",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "x" * 5000,
]
HUGE_INTS = [2**31, 2**63, -(2**63) - 1, 10**30, 10**400]

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=60),
    st.builds(
        lambda a, p, b: a + p + b,
        st.text(max_size=8),
        st.sampled_from(PAYLOADS),
        st.text(max_size=8),
    ),
)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(HUGE_INTS),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
)
json_trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.text(max_size=8) | st.sampled_from(["id", "name", "type"]), children, max_size=4
        ),
    ),
    max_leaves=12,
)


def maybe(plausible: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the plausible value, sometimes a wrongly typed or hostile one."""
    return st.one_of(plausible, plausible, scalars, json_trees)


def objects(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object with some of `fields` (each plausible or hostile) and unknown extras."""
    return st.fixed_dictionaries(
        {}, optional={name: maybe(value) for name, value in fields.items()}
    ).flatmap(
        lambda d: st.dictionaries(st.text(max_size=6), scalars, max_size=2).map(
            lambda extra: {**extra, **d}
        )
    )


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# Raw JSON bytes: valid and broken, deep, lone surrogates, NaN, huge numbers, BOMs.
raw_json = st.one_of(
    json_trees.map(lambda v: json.dumps(v).encode()),
    st.sampled_from(
        [
            b"",
            b"null",
            b"{",
            b'{"contents": [',
            deep(100_000).encode(),
            deep(40).encode(),
            b'{"a": "\\ud800"}',
            b'[{"name": "\\udfff\\u0000"}]',
            b'{"x": NaN, "y": Infinity}',
            b"1" * 5000,
            b"\xef\xbb\xbf{}",
            b"\xff\xfe{\x00}\x00",
            b"\x00\x01\x02",
            '{"name": "Kurs"}'.encode("utf-16"),
        ]
    ),
    st.binary(max_size=64),
)

# CSV ----------------------------------------------------------------------------------------

cell = st.one_of(
    hostile_text,
    st.sampled_from(
        [
            "1.234,56",
            "-1.234,56",
            "1.234,56-",
            "31.12.2022",
            "2022-12-31",
            "12/2023",
            "2023-Q5",
            "99.99.9999",
            "0",
            "1e309",
            "NaN",
            "-0",
            "9" * 40,
            "",
        ]
    ),
)


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16":
        return text.encode("utf-16")
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    if encoding == "cp1252":
        return text.encode("cp1252", errors="replace")
    if encoding == "broken":
        return text.encode("utf-8")[:-1] + b"\xc3"  # cut inside a character
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def csv_files(draw: st.DrawFn, header: list[str]) -> bytes:
    """A CSV file with (mostly) the expected header and hostile cells, in some encoding,
    separator and quoting, sometimes with ragged rows or unbalanced quotes."""
    sep = draw(st.sampled_from([";", ",", "\t"]))
    columns = draw(
        st.one_of(
            st.just(header), st.permutations(header), st.lists(hostile_text, min_size=1, max_size=5)
        )
    )
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(columns) + 2), max_size=5))

    def line(cells: list[str]) -> str:
        quoted = draw(st.booleans())
        if quoted:
            return sep.join('"' + c.replace('"', '""') + '"' for c in cells)
        return sep.join(cells)

    text = "\n".join([line(list(columns)), *(line(r) for r in rows)])
    if draw(st.booleans()):
        text += draw(st.sampled_from(['\n"unbalanced', "\n\x00\x00", "\r\n", "\n;;;;", ""]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "broken"]))
    return _encode(text, encoding)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# Control characters a workbook cannot hold (openpyxl refuses them when writing).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Zip files that are not workbooks, or damaged workbooks.
NOT_XLSX = [
    _zip({"hello.txt": b"hi"}),
    _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not-xml"}),
    _zip({"[Content_Types].xml": b"<<<", "xl/x": b""}),
    b"PK\x03\x04" + b"\x00" * 40,
    b"PK\x05\x06" + b"\x00" * 18,  # an empty archive
]


@st.composite
def xlsx_files(draw: st.DrawFn, header: list[str]) -> bytes:
    """A real workbook with hostile cells, or a zip that is not one, or a cut-off one."""
    kind = draw(st.sampled_from(["good", "not", "cut"]))
    if kind == "not":
        return draw(st.sampled_from(NOT_XLSX))
    xcell = st.one_of(
        cell.map(lambda s: _ILLEGAL.sub("", s)),
        st.integers(-(2**40), 2**40),
        st.floats(allow_nan=False, allow_infinity=False),
        st.dates(),
        st.none(),
    )
    rows = draw(st.lists(st.lists(xcell, max_size=len(header) + 1), max_size=4))
    data = xlsx_bytes([header, *rows])
    if kind == "cut":
        # A share, not a length: the workbook's size varies with its timestamp, and a draw
        # must not depend on it (hypothesis replays draws).
        data = data[: max(10, len(data) * draw(st.integers(1, 99)) // 100)]
    return data


def table_files(header: list[str]) -> st.SearchStrategy[bytes]:
    return st.one_of(
        csv_files(header),
        csv_files(header),
        xlsx_files(header),
        st.sampled_from([b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xd0\xcf\x11\xe0\xa1\xb1", b" "]),
        st.binary(max_size=80),
    )
