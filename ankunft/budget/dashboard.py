"""Budget's panels on the start page (`core.dashboard`): decisions whose money has no
budget lines yet, and the warnings of budget execution. Read-only, through the selectors."""

from __future__ import annotations

from typing import Any

from ankunft.budget import selectors
from ankunft.core import dashboard
from ankunft.core.models import User

LIMIT = 10
# Execution is computed per decision (a few queries each): the panel looks at the most
# recent decisions only, so the start page keeps a fixed number of queries.
EXECUTION_DECISIONS = 5


def decisions_without_lines(user: User) -> dict[str, Any]:
    """Adopted decisions on papers that ask for money, where no budget line exists yet."""
    return {"decisions": selectors.decisions_without_budget_lines(actor=user, limit=LIMIT)}


def execution_warnings(user: User) -> dict[str, Any]:
    """The warnings of budget execution in the most recent year with budget lines, per
    decision."""
    year, decisions = selectors.recent_decisions_with_lines(actor=user, limit=EXECUTION_DECISIONS)
    if year is None:
        return {"year": None, "decisions": []}
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
