"""Budget's panels on the start page (`core.dashboard`): decisions whose money has no
budget lines yet, and the warnings of budget execution. Read-only, through the selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from ankunft.budget import selectors
from ankunft.budget.models import BudgetLine
from ankunft.core import dashboard, permissions
from ankunft.core.models import User
from ankunft.council.models import Decision

LIMIT = 10
# Execution is computed per decision (a few queries each): the panel looks at the most
# recent decisions only, so the start page keeps a fixed number of queries.
EXECUTION_DECISIONS = 5


def decisions_without_lines(user: User) -> dict[str, Any]:
    """Adopted decisions on papers that ask for money, where no budget line exists yet."""
    permissions.require(user, "budget.edit")
    decisions = (
        Decision.objects.for_user(user)
        .filter(outcome=Decision.Outcome.ADOPTED, paper__allocations__isnull=False)
        .exclude(paper__decisions__budget_lines__isnull=False)
        .select_related("paper", "organization")
        .distinct()
        .order_by("-date", "-id")
    )
    return {"decisions": list(decisions[:LIMIT])}


def execution_warnings(user: User) -> dict[str, Any]:
    """The warnings of budget execution in the most recent year with budget lines (this
    year, or the last one that had lines), per decision."""
    permissions.require(user, "budget.view")
    today = selectors.today()
    year = (
        BudgetLine.objects.for_user(user)
        .filter(decision__isnull=False, year__lte=today.year)
        .aggregate(year=Max("year"))["year"]
    )
    if year is None:
        return {"year": None, "decisions": []}
    decisions = list(
        Decision.objects.for_user(user)
        .filter(budget_lines__year=year)
        .select_related("paper")
        .distinct()
        .order_by("-date", "-id")[:EXECUTION_DECISIONS]
    )
    rows = []
    for decision in decisions:
        years = selectors.execution_for_decision(actor=user, decision=decision, year=year)
        warnings = [w for y in years for w in y.warnings]
        rows.append({"decision": decision, "warnings": warnings})
    return {"year": year, "decisions": rows}


def register_panels() -> None:
    dashboard.register(
        dashboard.Panel(
            "budget/panels/_decisions_without_lines.html",
            decisions_without_lines,
            "budget.edit",
            order=10,
        )
    )
    dashboard.register(
        dashboard.Panel(
            "budget/panels/_execution_warnings.html", execution_warnings, "budget.view", order=20
        )
    )
