# ruff: noqa: E501 - one row per line: the table is read across
"""Access-matrix rows of the case module's workflow pages and API (see tests/access_matrix.py).

`case_own` is the case worker's, `case_team` a colleague's in the same team (team A),
`case_other` another team's: case workers and team leads get 404 there, the head of the KI
reads every case but works none (403). Writes that a gate refuses are still "through":
a page redirects back with the message (302), the API answers 400."""

from __future__ import annotations

from typing import Any

from tests.access_rows import A, P, Row

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
    P("cases:case_list",                                                                             "200 200 200 403 403 403 403 403 302   -"),
    P("cases:case_detail pk=case_own",                                                               "200 200 200 403 403 403 403 403 302 404"),
    P("cases:case_detail pk=case_team",                                                              "200 200 200 403 403 403 403 403 302 404"),
    P("cases:case_detail pk=case_other",                                                             "404 404 200 403 403 403 403 403 302 404"),
    P("POST cases:case_step pk=case_own",                                                            "302 302 403 403 403 403 403 403 302 404"),
    P("POST cases:case_step pk=case_other",                                                          "404 404 403 403 403 403 403 403 302 404"),
    P("POST cases:case_override pk=case_own",                                                        "403 302 403 403 403 403 403 403 302 404"),
    P("POST cases:consent_give pk=case_own",                                                         "302 302 403 403 403 403 403 403 302 404"),
    P("POST cases:consent_withdraw pk=case_own,consent_pk=consent_own",                              "302 302 403 403 403 403 403 403 302 404"),
    P("POST cases:consent_withdraw pk=case_other,consent_pk=consent_other",                          "404 404 403 403 403 403 403 403 302 404"),
    P("POST cases:need_add pk=case_own",                                                             "302 302 403 403 403 403 403 403 302 404"),
    P("POST cases:goal_add pk=case_team",                                                            "302 302 403 403 403 403 403 403 302 404"),
    P("POST cases:goal_review pk=goal_own",                                                          "302 302 403 403 403 403 403 403 302 404"),
    P("POST cases:goal_review pk=goal_other",                                                        "404 404 403 403 403 403 403 403 302 404"),
    P("POST cases:case_close pk=case_own",                                                           "302 302 403 403 403 403 403 403 302 404"),
    P("POST cases:case_reopen pk=case_own",                                                          "302 302 403 403 403 403 403 403 302 404"),
    P("POST cases:case_reassign pk=case_own",                                                        "403 302 403 403 403 403 403 403 302 404"),
    P("POST cases:case_reassign pk=case_other",                                                      "403 404 403 403 403 403 403 403 302 404"),
    A("GET /api/cases/cases",                                                                        "200 200 200 403 403 403 403 403 401   -"),
    A("GET /api/cases/cases/{case_id} case_id=case_own",                                             "200 200 200 403 403 403 403 403 401 404"),
    A("GET /api/cases/cases/{case_id} case_id=case_team",                                            "200 200 200 403 403 403 403 403 401 404"),
    A("GET /api/cases/cases/{case_id} case_id=case_other",                                           "404 404 200 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases",                                                                       "201 201 403 403 403 403 403 403 401 400"),
    A("POST /api/cases/cases/{case_id}/step case_id=case_own",                                       "200 200 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/step case_id=case_other",                                     "404 404 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/override case_id=case_own",                                   "403 200 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/needs case_id=case_own",                                      "201 201 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/needs case_id=case_other",                                    "404 404 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/goals case_id=case_team",                                     "201 201 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/goals/{goal_id}/reviews goal_id=goal_own",                                    "201 201 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/goals/{goal_id}/reviews goal_id=goal_other",                                  "404 404 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/close case_id=case_own",                                      "200 200 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/reopen case_id=case_own",                                     "400 400 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/cases/{case_id}/reassign case_id=case_own",                                   "403 200 403 403 403 403 403 403 401 404"),
    A("GET /api/cases/persons/{person_id}/consents person_id=person_own",                            "200 200 200 403 403 403 403 403 401 404"),
    A("GET /api/cases/persons/{person_id}/consents person_id=person_other",                          "404 404 200 403 403 403 403 403 401 404"),
    A("POST /api/cases/persons/{person_id}/consents person_id=person_own",                           "201 201 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/persons/{person_id}/consents person_id=person_other",                         "404 404 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/consents/{consent_id}/withdraw consent_id=consent_own",                       "200 200 403 403 403 403 403 403 401 404"),
    A("POST /api/cases/consents/{consent_id}/withdraw consent_id=consent_other",                     "404 404 403 403 403 403 403 403 401 404"),
]
# fmt: on
_CONSENT = {
    "purpose": "referrals",
    "legal_basis": "consent",
    "form": "oral",
    "given_on": "2024-02-01",
}
BODIES: dict[str, dict[str, Any]] = {
    "POST cases:case_step": {"step-to_step": "assessment"},
    "POST cases:case_override": {"override-reason": "Akute Notlage"},
    "POST cases:consent_give": {f"consent-{k}": v for k, v in _CONSENT.items()},
    "POST cases:need_add": {"need-field_of_action": "@wf_field", "need-urgency": "high"},
    "POST cases:goal_add": {"goal-title": "Kita-Platz", "goal-due_on": "2099-01-01"},
    "POST cases:goal_review": {"review-status": "partly"},
    "POST cases:case_close": {"close-outcome": "goals_met"},
    "POST cases:case_reopen": {"reopen-reason": "Neue Lage"},
    "POST cases:case_reassign": {"reassign-worker": "@staff_team"},
    "POST /api/cases/cases": {"person_id": "@person_own"},
    "POST /api/cases/cases/{case_id}/step": {"to_step": "assessment"},
    "POST /api/cases/cases/{case_id}/override": {"reason": "Akute Notlage"},
    "POST /api/cases/cases/{case_id}/needs": {"field_of_action_id": "@wf_field", "urgency": "high"},
    "POST /api/cases/cases/{case_id}/goals": {"title": "Kita-Platz", "due_on": "2099-01-01"},
    "POST /api/cases/goals/{goal_id}/reviews": {"status": "partly"},
    "POST /api/cases/cases/{case_id}/close": {"outcome": "goals_met"},
    "POST /api/cases/cases/{case_id}/reopen": {"reason": "Neue Lage"},
    "POST /api/cases/cases/{case_id}/reassign": {"worker_id": "@staff_team"},
    "POST /api/cases/persons/{person_id}/consents": _CONSENT,
    "POST /api/cases/consents/{consent_id}/withdraw": {},
}
MULTIPART: set[str] = set()
