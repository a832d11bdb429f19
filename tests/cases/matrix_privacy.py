# ruff: noqa: E501 - one row per line: the table is read across
"""Access-matrix rows of the case module's privacy pages and API (see tests/access_matrix.py).

All of it is the DPO's: retention, subject rights and the consent register; nobody else
(no case role, not the head of the KI) gets in. Another municipality's DPO finds no record."""

from __future__ import annotations

from typing import Any

from tests.access_rows import A, P, Row

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
    P("cases:retention",                                                                               "403 403 403 403 200 403 403 403 302 -"),
    P("POST cases:retention",                                                                          "403 403 403 403 302 403 403 403 302 -"),
    P("cases:subject_search",                                                                          "403 403 403 403 200 403 403 403 302 -"),
    P("cases:subject_access pk=person_own",                                                            "403 403 403 403 200 403 403 403 302 404"),
    P("cases:subject_requests",                                                                        "403 403 403 403 200 403 403 403 302 -"),
    P("POST cases:subject_requests",                                                                   "403 403 403 403 302 403 403 403 302 -"),
    P("cases:subject_request pk=subject_request",                                                      "403 403 403 403 200 403 403 403 302 404"),
    P("POST cases:subject_request pk=subject_request",                                                 "403 403 403 403 302 403 403 403 302 404"),
    P("cases:consent_register",                                                                        "403 403 403 403 200 403 403 403 302 -"),
    A("GET /api/cases/retention",                                                                      "403 403 403 403 200 403 403 403 401 -"),
    A("POST /api/cases/retention/apply",                                                               "403 403 403 403 200 403 403 403 401 -"),
    A("GET /api/cases/persons/{person_id}/subject-access person_id=person_own",                        "403 403 403 403 200 403 403 403 401 404"),
    A("POST /api/cases/subject-requests",                                                              "403 403 403 403 201 403 403 403 401 404"),
    A("GET /api/cases/subject-requests",                                                               "403 403 403 403 200 403 403 403 401 -"),
    A("GET /api/cases/consent-register",                                                               "403 403 403 403 200 403 403 403 401 -"),
]
# fmt: on
BODIES: dict[str, dict[str, Any]] = {
    "POST cases:retention": {"confirm": "on"},
    "POST cases:subject_requests": {
        "person": "@person_own",
        "kind": "access",
        "received_on": "2026-11-20",
    },
    "POST cases:subject_request": {"action": "done"},
    "POST /api/cases/subject-requests": {
        "person_id": "@person_own",
        "kind": "rectification",
        "received_on": "2026-11-20",
    },
}
MULTIPART: set[str] = set()
