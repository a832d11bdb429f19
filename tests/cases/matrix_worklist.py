# ruff: noqa: E501 - one row per line: the table is read across
"""Access-matrix rows of the case module's worklist pages and API (see tests/access_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.access_rows import A, P, Row

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
    P("cases:worklist",                                                                              "200 200 200 403 403 403 403 403 302   -"),
    P("cases:import",                                                                                "403 200 200 403 403 403 403 403 302   -"),
    # The matrix's upload ("a;b;c") has none of the columns: refused (400), nothing stored.
    P("POST cases:import",                                                                           "403 400 400 403 403 403 403 403 302   -"),
    A("GET /api/cases/worklist",                                                                     "200 200 200 403 403 403 403 403 401   -"),
]
# fmt: on
BODIES: dict[str, dict[str, Any]] = {"GET /api/cases/worklist": {"scope": "team"}}
MULTIPART: set[str] = {"POST cases:import"}
