"""The directory's panels on the start page (`core.dashboard`): changes waiting for review
(the KI: all; a provider: its own), and translations missing or outdated. Read-only."""

from __future__ import annotations

from typing import Any

from ankunft.core import dashboard
from ankunft.core.models import User
from ankunft.core.permissions import can
from ankunft.directory import access
from ankunft.directory.selectors import staff

LIMIT = 10


def changes_waiting(user: User) -> dict[str, Any] | None:
    """Pending changes: for the KI the ones to review, for a provider its own proposals."""
    provider = access.is_provider(user)
    if not provider and not can(user, access.MANAGE):
        return None
    changes = staff.change_list(actor=user)
    return {
        "changes": list(changes.order_by("-proposed_at", "-id")[:LIMIT]),
        "count": changes.count(),
        "provider": provider,
    }


def translations(user: User) -> dict[str, Any]:
    """Per content language, the texts to write or bring up to date."""
    counts = [c for c in staff.translation_counts(actor=user) if c.missing or c.outdated]
    return {"counts": counts}


def register_panels() -> None:
    dashboard.register(
        dashboard.Panel("directory/panels/_changes.html", changes_waiting, access.VIEW, order=50)
    )
    dashboard.register(
        dashboard.Panel(
            "directory/panels/_translations.html", translations, access.TRANSLATE, order=60
        )
    )
