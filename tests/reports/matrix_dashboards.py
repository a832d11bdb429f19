# ruff: noqa: E501 - one row per line: the table is read across
"""Access-matrix rows of the reports' dashboards (see tests/access_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.access_rows import A, P, Row

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
    P("reports:dashboard_head",                                                                      "403 403 200 403 403 403 403 403 302   -"),
    P("reports:dashboard_team",                                                                      "403 200 200 403 403 403 403 403 302   -"),
    P("reports:dashboard_finance",                                                                   "403 403 200 200 403 403 403 403 302   -"),
    A("GET /api/reports/dashboard/head",                                                             "403 403 200 403 403 403 403 403 401   -"),
    A("GET /api/reports/dashboard/team",                                                             "403 200 200 403 403 403 403 403 401   -"),
    A("GET /api/reports/dashboard/finance",                                                          "403 403 200 200 403 403 403 403 401   -"),
]
# fmt: on
BODIES: dict[str, dict[str, Any]] = {}
MULTIPART: set[str] = set()
