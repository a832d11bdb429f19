"""Audit paths of the case module's privacy pages and API (see tests/core/test_audit_paths.py):
`CASE_ROUTES` maps a function (taking the World of that file, returning its Shown) to
its route; `NOT_PERSONAL` maps a route that shows no personal field to the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ankunft.cases.models import Case, Consent, RequestKind
from ankunft.cases.selectors.privacy import CONSENT_FIELDS, REQUEST_FIELDS, SEARCH_FIELDS
from ankunft.cases.services.privacy import subject_request_create
from ankunft.core.models import Role
from tests import factories
from tests.cases import world_privacy as wp


def _cases(w: Any, n: int = 2) -> list[Case]:
    team = factories.team(w.town)
    worker = w.make_user(Role.CASE_WORKER, team=team)
    return [
        wp.rich_case(w.town, team, worker, given=f"Ana{i}", family=f"Popescu{i}") for i in range(n)
    ]


def _closed(w: Any) -> list[Case]:
    long_ago = timezone.localdate() - dt.timedelta(days=4000)
    cases = [wp.close(c, long_ago) for c in _cases(w)]
    _cases(w, 1)  # open: not shown
    return cases


def _requests(w: Any, dpo: Any) -> list[Any]:
    return [
        subject_request_create(
            actor=dpo, person=c.person, kind=RequestKind.ACCESS, received_on=dt.date(2026, 11, 2)
        )
        for c in _cases(w)
    ]


def page_retention(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    w.login(Role.DPO)
    cases = _closed(w)
    return Shown(w.client.get(reverse("cases:retention")), cases, ["closed_on", "number"])


def page_subject_search(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    w.login(Role.DPO)
    cases = _cases(w)
    response = w.client.get(reverse("cases:subject_search"), {"name": "popescu"})
    return Shown(response, [c.person for c in cases], SEARCH_FIELDS)


def page_subject_requests(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    dpo = w.login(Role.DPO)
    requests = _requests(w, dpo)
    return Shown(w.client.get(reverse("cases:subject_requests")), requests, REQUEST_FIELDS)


def page_subject_request(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    dpo = w.login(Role.DPO)
    record = _requests(w, dpo)[0]
    url = reverse("cases:subject_request", args=[record.pk])
    return Shown(w.client.get(url), [record], REQUEST_FIELDS)


def page_consent_register(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    w.login(Role.DPO)
    cases = _cases(w)
    consents = list(Consent.objects.filter(person__in=[c.person for c in cases]))
    return Shown(w.client.get(reverse("cases:consent_register")), consents, CONSENT_FIELDS)


def api_retention(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    w.login(Role.DPO)
    cases = _closed(w)
    return Shown(w.client.get("/api/cases/retention"), cases, ["closed_on", "number"])


def api_subject_requests(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    dpo = w.login(Role.DPO)
    requests = _requests(w, dpo)
    return Shown(w.client.get("/api/cases/subject-requests"), requests, REQUEST_FIELDS)


def api_consent_register(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    w.login(Role.DPO)
    cases = _cases(w)
    consents = list(Consent.objects.filter(person__in=[c.person for c in cases]))
    return Shown(w.client.get("/api/cases/consent-register"), consents, CONSENT_FIELDS)


CASE_ROUTES: dict[Callable[[Any], Any], str] = {
    page_retention: "cases:retention",
    page_subject_search: "cases:subject_search",
    page_subject_requests: "cases:subject_requests",
    page_subject_request: "cases:subject_request",
    page_consent_register: "cases:consent_register",
    api_retention: "GET /api/cases/retention",
    api_subject_requests: "GET /api/cases/subject-requests",
    api_consent_register: "GET /api/cases/consent-register",
}
EXPORT = (
    "the subject access export: one EXPORT entry of the person, not READ entries "
    "(asserted in tests/cases/test_privacy_subjects.py and test_privacy_cli.py)"
)
NOT_PERSONAL: dict[str, str] = {
    "cases:subject_access": EXPORT,
    "GET /api/cases/persons/{person_id}/subject-access": EXPORT,
    "POST /api/cases/retention/apply": (
        "a write: one UPDATE or DELETE entry per anonymised record (test_privacy_retention.py)"
    ),
    "POST /api/cases/subject-requests": "echoes what the caller sent; audited as a create",
}
