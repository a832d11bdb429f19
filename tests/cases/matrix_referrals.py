# ruff: noqa: E501 - one row per line: the table is read across
"""Access-matrix rows of the case module's referrals pages and API (see tests/access_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.access_rows import A, P, Row

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
    # referrals: the case worker refers, the provider of the offer answers -----------------
    P("cases:referral_new case_pk=case_own",                                                         "200 200 403 403 403 403 403 403 302 404"),
    P("cases:referral_new case_pk=case_other",                                                       "404 404 403 403 403 403 403 403 302 404"),
    P("POST cases:referral_new case_pk=case_own",                                                    "302 302 403 403 403 403 403 403 302 404"),
    P("POST cases:referral_withdraw pk=referral",                                                    "302 302 403 403 403 403 403 403 302 404"),
    P("cases:referral_inbox",                                                                        "403 403 403 403 403 200 403 403 302   -"),
    P("cases:referral_answer pk=referral",                                                           "403 403 403 403 403 200 403 403 302 404"),
    P("cases:referral_answer pk=referral_b",                                                         "403 403 403 403 403 404 403 403 302 404"),
    P("POST cases:referral_answer pk=referral",                                                      "403 403 403 403 403 302 403 403 302 404"),
    P("cases:referral_turnaround",                                                                   "403 200 200 403 403 403 403 403 302   -"),
    P("cases:barrier_report case_pk=case_own",                                                       "200 200 403 403 403 403 403 403 302 404"),
    P("POST cases:barrier_report case_pk=case_own",                                                  "302 302 403 403 403 403 403 403 302 404"),
    A("POST /api/cases/cases/{case_id}/referrals case_id=case_own",                                  "201 201 403 403 403 403 403 403 401 404"),
    A("GET /api/cases/referrals",                                                                    "200 200 200 403 403 200 403 403 401   -"),
    A("GET /api/cases/referrals/{referral_id} referral_id=referral",                                 "200 200 200 403 403 200 403 403 401 404"),
    A("GET /api/cases/referrals/{referral_id} referral_id=referral_b",                               "200 200 200 403 403 404 403 403 401 404"),
    A("POST /api/cases/referrals/{referral_id}/answer referral_id=referral",                         "403 403 403 403 403 200 403 403 401 404"),
    A("POST /api/cases/referrals/{referral_id}/withdraw referral_id=referral",                       "200 200 403 403 403 403 403 403 401 404"),
    A("GET /api/cases/referrals/turnaround",                                                         "403 200 200 403 403 403 403 403 401   -"),
    A("POST /api/cases/persons/{person_id}/participations person_id=person_own",                     "201 201 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/barriers case_id=case_own",                                   "201 201 403 403 403 403 403 403 401 404"),
]
# fmt: on
BODIES: dict[str, dict[str, Any]] = {
    "POST cases:referral_new": {
        "offer": "@offer",
        "purpose": "Deutschkurs",
        "shared_fields": ["phone"],
    },
    "POST cases:referral_answer": {"status": "accepted", "note": "Start am Montag"},
    "POST cases:barrier_report": {"title": "Lange Wartezeiten", "description": "Termine dauern."},
    "POST /api/cases/cases/{case_id}/referrals": {
        "offer_id": "@offer",
        "purpose": "Kurs",
        "shared_fields": ["phone"],
    },
    "POST /api/cases/referrals/{referral_id}/answer": {"status": "accepted"},
    "POST /api/cases/persons/{person_id}/participations": {
        "measure_id": "@measure",
        "started_on": "2024-02-01",
    },
    "POST /api/cases/cases/{case_id}/barriers": {"title": "Lange Wartezeiten"},
}
MULTIPART: set[str] = set()
