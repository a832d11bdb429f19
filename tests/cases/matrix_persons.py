# ruff: noqa: E501 - one row per line: the table is read across
"""Access-matrix rows of the case module's persons pages and API (see tests/access_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.access_rows import A, P, Row

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
    # persons area: pages ---------------------------------------------------------------
    P("cases:intake",                                                                                "200 200 403 403 403 403 403 403 302   -"),
    P("POST cases:intake",                                                                           "302 302 403 403 403 403 403 403 302   -"),
    P("cases:duplicates",                                                                            "200 200 403 403 403 403 403 403 302   -"),
    P("cases:person_list",                                                                           "200 200 200 403 403 403 403 403 302   -"),
    P("cases:person_detail pk=person_own",                                                           "200 200 200 403 403 403 403 403 302 404"),
    P("cases:person_detail pk=person_other",                                                         "404 404 200 403 403 403 403 403 302 404"),
    P("cases:person_edit pk=person_own",                                                             "200 200 403 403 403 403 403 403 302 404"),
    P("cases:person_edit pk=person_other",                                                           "404 404 403 403 403 403 403 403 302 404"),
    P("POST cases:person_edit pk=person_own",                                                        "302 302 403 403 403 403 403 403 302 404"),
    P("cases:spelling_add pk=person_own",                                                            "200 200 403 403 403 403 403 403 302 404"),
    P("POST cases:spelling_add pk=person_own",                                                       "302 302 403 403 403 403 403 403 302 404"),
    P("cases:legal_domain_add pk=person_own",                                                        "200 200 403 403 403 403 403 403 302 404"),
    P("POST cases:legal_domain_add pk=person_own",                                                   "302 302 403 403 403 403 403 403 302 404"),
    P("cases:person_merge pk=person_own,other=person_team",                                          "403 200 403 403 403 403 403 403 302 404"),
    P("cases:person_merge pk=person_own,other=person_other",                                         "403 404 403 403 403 403 403 403 302 404"),
    P("POST cases:person_merge pk=person_own,other=person_team",                                     "403 302 403 403 403 403 403 403 302 404"),
    P("cases:settings",                                                                              "403 403 200 403 403 403 403 403 302   -"),
    P("POST cases:settings",                                                                         "403 403 302 403 403 403 403 403 302   -"),
    # persons area: API -----------------------------------------------------------------
    A("GET /api/cases/persons",                                                                      "200 200 200 403 403 403 403 403 401   -"),
    A("POST /api/cases/persons",                                                                     "201 201 403 403 403 403 403 403 401   -"),
    A("GET /api/cases/persons/{person_id} person_id=person_own",                                     "200 200 200 403 403 403 403 403 401 404"),
    A("GET /api/cases/persons/{person_id} person_id=person_other",                                   "404 404 200 403 403 403 403 403 401 404"),
    A("PATCH /api/cases/persons/{person_id} person_id=person_own",                                   "200 200 403 403 403 403 403 403 401 404"),
    A("GET /api/cases/persons/{person_id}/duplicates person_id=person_own",                          "200 200 200 403 403 403 403 403 401 404"),
    A("POST /api/cases/persons/{person_id}/merge person_id=person_own",                              "403 200 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/households",                                                                  "201 201 403 403 403 403 403 403 401   -"),
    A("POST /api/cases/persons/{person_id}/legal-domains person_id=person_own",                      "201 201 403 403 403 403 403 403 401 404"),
    A("GET /api/cases/settings",                                                                     "403 403 200 403 403 403 403 403 401   -"),
    A("PUT /api/cases/settings",                                                                     "403 403 200 403 403 403 403 403 401   -"),
]
# fmt: on
_MEMBER = {
    "given_names": "Leyla",
    "family_name": "Aydın",
    "birth_day": "",
    "birth_month": "",
    "birth_year": "1990",
}
BODIES: dict[str, dict[str, Any]] = {
    "POST cases:intake": {
        "label": "Familie Aydın", "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0",
        **{f"form-0-{k}": v for k, v in _MEMBER.items()},
    },
    "GET cases:duplicates": {"given": "Ana", "family": "Popescu"},
    "POST cases:person_edit": {"given_names": "Ana", "family_name": "Popescu", "birth_year": "1990", "phone": "0203 1"},
    "POST cases:spelling_add": {"given": "Ana", "family": "Popesku"},
    "POST cases:legal_domain_add": {"domain": "sgb2", "start": "2025-01-01"},
    "POST cases:settings": {
        "residence_statuses": ["permit", "toleration"], "no_contact_weeks": "8",
        "consent_warning_days": "30", "residence_warning_days": "60", "retention_days": "1095",
    },
    "POST /api/cases/persons": {"given_names": "Leyla", "family_name": "Aydın", "birth": {"year": 1990}},
    "PATCH /api/cases/persons/{person_id}": {"phone": "0203 12345"},
    "POST /api/cases/persons/{person_id}/merge": {"other_id": "@person_team"},
    "POST /api/cases/households": {"label": "Familie Aydın", "members": [{"given_names": "Leyla", "family_name": "Aydın"}]},
    "POST /api/cases/persons/{person_id}/legal-domains": {"domain": "sgb2", "start": "2025-01-01"},
    "PUT /api/cases/settings": {
        "residence_statuses": ["permit"], "no_contact_weeks": 8, "consent_warning_days": 30,
        "residence_warning_days": 60, "retention_days": 1095,
    },
}  # fmt: skip
MULTIPART: set[str] = set()
