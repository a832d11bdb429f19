"""The start page shows what is due for the person who logs in, in panels.

Each module registers its panels in its app config's `ready()`; core never imports the
modules. A panel is a small template plus a function that reads what the template needs
through the module's selectors (scoped to the user's municipality, permission checked), shown
to the users whose role holds the panel's permission:

    dashboard.register(Panel("budget/panels/_execution.html", execution_warnings,
                             "budget.view", order=20))

The function returns the template's context (available as `panel`), or None to leave the
panel out for this user. Functions must keep to a fixed number of queries: the start page
is the page everyone opens first (tests/core/test_dashboard.py counts them per role).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ankunft.core.permissions import has_perm


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    permission: str
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Add a panel (registering the same template again replaces it)."""
    _PANELS[panel.template] = panel


def all_panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.template))


def panels_for(user: Any) -> list[dict[str, Any]]:
    """The panels this user may see, in order, each as its context plus `template`."""
    result = []
    for panel in all_panels():
        if not has_perm(user, panel.permission):
            continue
        context = panel.context(user)
        if context is not None:
            result.append({**context, "template": panel.template})
    return result


def register_core_panels() -> None:
    register(Panel("core/panels/_audit.html", recent_audit, "core.view_audit", order=90))


def recent_audit(user: Any) -> dict[str, Any]:
    """The data protection officer's view of the last entries of the audit trail."""
    from ankunft.core.selectors import audit_entries_labelled, audit_entry_list  # noqa: PLC0415

    entries = list(audit_entry_list(actor=user).order_by("-at", "-id")[:10])
    # Labels from the live records (an erased one shows as erased), audited like the log page.
    return {"entries": audit_entries_labelled(actor=user, entries=entries)}
