"""The case module's panel on the start page: how many items of the work list are due."""

from __future__ import annotations

from typing import Any

from ankunft.cases import access
from ankunft.cases.selectors import worklist as wl
from ankunft.core import dashboard
from ankunft.core.models import Role


def worklist_panel(user: Any) -> dict[str, Any] | None:
    """Case workers and team leads: the count of due items (one count per kind)."""
    if user.role not in {Role.CASE_WORKER, Role.TEAM_LEAD}:
        return None
    scope = wl.default_scope(user)
    return {"count": wl.worklist_count(user, scope), "scope": scope}


def register_panels() -> None:
    dashboard.register(
        dashboard.Panel("cases/worklist/_panel.html", worklist_panel, access.VIEW, order=5)
    )
