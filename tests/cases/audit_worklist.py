"""Audit paths of the case module's worklist pages and API (see tests/core/test_audit_paths.py):
`CASE_ROUTES` maps a function (taking the World of that file, returning its Shown) to
its route; `NOT_PERSONAL` maps a route that shows no personal field to the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ankunft.cases.models import Goal
from ankunft.core.models import Role
from tests import factories
from tests.cases import factories as cf


@dataclass
class Shown:
    """As in tests/core/test_audit_paths.py: the response, the records, the fields."""

    response: Any
    records: list[Any]
    fields: list[str]


def _morning(w: Any) -> tuple[Any, list[Any]]:
    """A case worker with two cases that have an overdue goal, one of a colleague's."""
    team = factories.team(w.town)
    cw = w.make_user(Role.CASE_WORKER, team=team)
    colleague = w.make_user(Role.CASE_WORKER, team=team)
    cases = [
        cf.case(w.town, team, cw, family="Popescu"),
        cf.case(w.town, team, cw, family="Petrov"),
        cf.case(w.town, team, colleague, family="Haddad"),
    ]
    for case in cases:
        Goal.objects.create(
            municipality=w.town,
            case=case,
            title="Kita-Platz",
            due_on=timezone.localdate() - dt.timedelta(days=2),
        )
    w.client.force_login(cw)
    return cw, cases


def worklist_page(w: Any) -> Any:
    _cw, cases = _morning(w)
    response = w.client.get(reverse("cases:worklist"), {"scope": "mine"})
    return Shown(response, [c.person for c in cases[:2]], ["family_name", "given_names"])


def api_worklist(w: Any) -> Any:
    _cw, cases = _morning(w)
    response = w.client.get("/api/cases/worklist", {"scope": "team"})
    return Shown(response, [c.person for c in cases], ["family_name", "given_names"])


CASE_ROUTES: dict[Callable[[Any], Any], str] = {
    worklist_page: "cases:worklist",
    api_worklist: "GET /api/cases/worklist",
}
NOT_PERSONAL: dict[str, str] = {
    "cases:import": "the upload form and its summary: counts, row numbers and record ids of "
    "likely duplicates, no personal field (the created records are audited as created)",
}
