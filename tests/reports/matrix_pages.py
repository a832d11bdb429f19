# ruff: noqa: E501 - one row per line: the table is read across
"""Access-matrix rows of the reports' pages (see tests/access_matrix.py).

`report` is being built, `report_failed` a failed draft, `report_done` finished (content and
PDF). Requests of a report use a threshold of 0: refused input (400) once the permission
check passed, so that no build is queued."""

from __future__ import annotations

from typing import Any

from tests.access_rows import A, P, Row

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
    P("reports:report_list",                                                                         "403 200 200 200 403 403 403 403 302   -"),
    P("reports:report_create",                                                                       "403 403 200 403 403 403 403 403 302   -"),
    P("POST reports:report_create",                                                                  "403 403 400 403 403 403 403 403 302   -"),
    P("reports:report_detail pk=report",                                                             "403 200 200 200 403 403 403 403 302 404"),
    P("reports:report_detail pk=report_done",                                                        "403 200 200 200 403 403 403 403 302 404"),
    P("reports:report_pdf pk=report_done",                                                           "403 200 200 200 403 403 403 403 302 404"),
    P("reports:report_pdf pk=report",                                                                "403 404 404 404 403 403 403 403 302 404"),
    P("reports:report_json pk=report_done",                                                          "403 200 200 200 403 403 403 403 302 404"),
    P("reports:report_csv pk=report_done",                                                           "403 200 200 200 403 403 403 403 302 404"),
    P("POST reports:report_retry pk=report_failed",                                                  "403 403 302 403 403 403 403 403 302 404"),
    P("POST reports:report_delete pk=report_failed",                                                 "403 403 302 403 403 403 403 403 302 404"),
    A("GET /api/reports/reports",                                                                    "403 200 200 200 403 403 403 403 401   -"),
    A("POST /api/reports/reports",                                                                   "403 403 400 403 403 403 403 403 401 404"),
    A("GET /api/reports/reports/{report_id} report_id=report",                                       "403 200 200 200 403 403 403 403 401 404"),
    A("GET /api/reports/reports/{report_id} report_id=report_done",                                  "403 200 200 200 403 403 403 403 401 404"),
    A("GET /api/reports/reports/{report_id}/pdf report_id=report_done",                              "403 200 200 200 403 403 403 403 401 404"),
]
# fmt: on
BODIES: dict[str, dict[str, Any]] = {
    "POST reports:report_create": {"year": "2022", "threshold": "0", "language": "de"},
    "POST /api/reports/reports": {"decision_id": "@decision", "year": 2022, "threshold": 0},
}
MULTIPART: set[str] = set()
