"""Audit paths of the case module's workflow pages and API (see tests/core/test_audit_paths.py):
`CASE_ROUTES` maps a function (taking the World of that file, returning its Shown) to
its route; `NOT_PERSONAL` maps a route that shows no personal field to the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from ankunft.cases.models import ConsentPurpose, LegalBasis
from ankunft.cases.selectors import workflow as wf
from ankunft.cases.services.consent import consent_give
from ankunft.core.models import Role
from tests import factories
from tests.cases import factories as cf


def _shown(*args: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415 - that file imports this one

    return Shown(*args)


def _worker_with_cases(w: Any, n: int = 2) -> tuple[Any, list[Any]]:
    team = factories.team(w.town)
    worker = w.make_user(Role.CASE_WORKER, team=team)
    w.client.force_login(worker)
    cases = [cf.case(w.town, team, worker, given=f"Vorname{i}", family="Geheim") for i in range(n)]
    cf.case(w.town, factories.team(w.town))  # another team's: not shown
    return worker, cases


def page_case_list(w: Any) -> Any:
    _worker, cases = _worker_with_cases(w, 3)
    response = w.client.get(reverse("cases:case_list"), {"limit": 2})
    shown = sorted(cases, key=lambda c: c.pk, reverse=True)[:2]  # newest first (same day)
    return _shown(response, [*shown, *(c.person for c in shown)], wf.LIST_FIELDS)


def page_case_detail(w: Any) -> Any:
    _worker, cases = _worker_with_cases(w, 1)
    case = cases[0]
    consent_give(
        None,
        case.person,
        ConsentPurpose.CASE_MANAGEMENT,
        LegalBasis.CONSENT,
        form="oral",
        given_on=dt.date(2024, 3, 1),
    )
    response = w.client.get(reverse("cases:case_detail", args=[case.pk]))
    assert "Geheim" in response.content.decode()
    return _shown(response, [case, case.person], wf.PAGE_FIELDS)


def api_case_list(w: Any) -> Any:
    _worker, cases = _worker_with_cases(w, 2)
    response = w.client.get("/api/cases/cases")
    return _shown(response, cases, wf.API_LIST)


def api_case_detail(w: Any) -> Any:
    _worker, cases = _worker_with_cases(w, 1)
    return _shown(w.client.get(f"/api/cases/cases/{cases[0].pk}"), [cases[0]], wf.API_FIELDS)


def api_consent_list(w: Any) -> Any:
    _worker, cases = _worker_with_cases(w, 1)
    person = cases[0].person
    consents = [
        consent_give(
            None, person, purpose, LegalBasis.CONSENT, form="written", given_on=dt.date(2024, 3, 1)
        )
        for purpose in (ConsentPurpose.CASE_MANAGEMENT, ConsentPurpose.REFERRALS)
    ]
    response = w.client.get(f"/api/cases/persons/{person.pk}/consents")
    return _shown(response, consents, wf.CONSENT_FIELDS)


CASE_ROUTES: dict[Callable[[Any], Any], str] = {
    page_case_list: "cases:case_list",
    page_case_detail: "cases:case_detail",
    api_case_list: "GET /api/cases/cases",
    api_case_detail: "GET /api/cases/cases/{case_id}",
    api_consent_list: "GET /api/cases/persons/{person_id}/consents",
}
FORM = "an action of the case page: a redirect after the write (audited as such)"
ECHO = "echoes the record written (ids and codes); audited as the write"
NOT_PERSONAL: dict[str, str] = {
    **{
        f"cases:{name}": FORM
        for name in (
            "case_step",
            "case_override",
            "consent_give",
            "consent_withdraw",
            "need_add",
            "goal_add",
            "goal_review",
            "case_close",
            "case_reopen",
            "case_reassign",
        )
    },
    **{
        f"POST /api/cases/{path}": ECHO
        for path in (
            "cases",
            "cases/{case_id}/step",
            "cases/{case_id}/override",
            "cases/{case_id}/needs",
            "cases/{case_id}/goals",
            "goals/{goal_id}/reviews",
            "cases/{case_id}/close",
            "cases/{case_id}/reopen",
            "cases/{case_id}/reassign",
            "persons/{person_id}/consents",
            "consents/{consent_id}/withdraw",
        )
    },
}
