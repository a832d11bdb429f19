"""The reports dashboards' routes: what each shows and why (tests/core/test_audit_paths.py).

The head's and finance's dashboards show no personal field: money, positions (titles, FTE,
no holder), measures, and counts of cases and referrals through disclosure control (a
figure below the threshold is "•" / null). The team dashboard shows the same kind of counts
per case worker, and the case workers' names: staff accounts (`first_name`, `last_name`,
`username` are personal fields of `core.User`), shown to the users who see them on the staff
list, and audited like the staff list: one read entry per worker shown, in one INSERT.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from ankunft.core.models import Role
from ankunft.reports.dashboards.team import WORKER_FIELDS
from tests import factories
from tests.reports import world_dashboards as dd


@dataclass
class Shown:
    """As in tests/core/test_audit_paths.py: the response, the records, the fields."""

    response: Any
    records: list[Any]
    fields: list[str]


def _team(w: Any) -> list[Any]:
    """A team lead, two case workers with cases, one of another team (not shown)."""
    team, other = factories.team(w.town), factories.team(w.town)
    lead = w.make_user(Role.TEAM_LEAD, team=team)
    workers = [w.make_user(Role.CASE_WORKER, team=team) for _ in range(2)]
    stranger = w.make_user(Role.CASE_WORKER, team=other)
    for worker in workers:
        dd.cases(w.town, team, worker, 2)
    dd.cases(w.town, other, stranger, 2)
    w.client.force_login(lead)
    return [lead, *workers]


def team_page(w: Any) -> Any:
    shown = _team(w)
    return Shown(w.client.get(reverse("reports:dashboard_team")), shown, WORKER_FIELDS)


def api_team(w: Any) -> Any:
    shown = _team(w)
    return Shown(w.client.get("/api/reports/dashboard/team"), shown, WORKER_FIELDS)


CASE_ROUTES: dict[Callable[[Any], Any], str] = {
    team_page: "reports:dashboard_team",
    api_team: "GET /api/reports/dashboard/team",
}
COUNTS = (
    "money, positions without holders, measures; cases and referrals as counts through "
    "disclosure control (suppressed below the threshold), no name"
)
MONEY = "budget execution: money and position titles, no people"
NOT_PERSONAL: dict[str, str] = {
    "reports:dashboard_head": COUNTS,
    "GET /api/reports/dashboard/head": COUNTS,
    "reports:dashboard_finance": MONEY,
    "GET /api/reports/dashboard/finance": MONEY,
}
