"""The start page of the directory's staff side is made of panels.

Each panel is a template plus a function that gives its context, shown to the users its
permission allows. The cases module will add a panel "Referrals to your offers" to the
providers' start page here, without touching this module's views:

    panels.register(Panel("cases/_inbox.html", inbox_context, "cases.view_referrals", order=5))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ankunft.core.models import User
from ankunft.core.permissions import has_perm


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[User], dict[str, Any] | None]
    permission: str
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _PANELS[panel.template] = panel


def panels_for(user: User) -> list[dict[str, Any]]:
    """Rendered-to-be panels for this user, in order; a panel may opt out with None."""
    result = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.template)):
        if not has_perm(user, panel.permission):
            continue
        context = panel.context(user)
        if context is not None:
            result.append({"template": panel.template, **context})
    return result


def register_directory_panels() -> None:
    from ankunft.directory import access  # noqa: PLC0415
    from ankunft.directory.selectors import staff  # noqa: PLC0415

    def own_offers(user: User) -> dict[str, Any] | None:
        if not access.is_provider(user):
            return None
        return {
            "provider": staff.own_provider(actor=user),
            "offers": list(staff.offer_list(actor=user)[:50]),
        }

    def due(user: User) -> dict[str, Any]:
        return {"due": list(staff.offer_list(actor=user, due_only=True)[:20])}

    def changes(user: User) -> dict[str, Any]:
        return {"changes": list(staff.change_list(actor=user)[:20])}

    def translations(user: User) -> dict[str, Any]:
        return {"counts": staff.translation_counts(actor=user)}

    register(Panel("directory/_panel_own_offers.html", own_offers, access.EDIT, order=10))
    register(Panel("directory/_panel_changes.html", changes, access.VIEW, order=20))
    register(Panel("directory/_panel_due.html", due, access.VIEW, order=30))
    register(Panel("directory/_panel_translations.html", translations, access.TRANSLATE, order=40))
