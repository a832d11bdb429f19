"""The dashboards (Übersichten): for the head of the KI (`head`), team leads (`team`) and
finance (`finance`). Selectors per dashboard; people are counted only through disclosure
control (`figures`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ankunft.core.permissions import has_perm

DASHBOARDS: list[tuple[str, Promise, str]] = [
    ("reports:dashboard_head", _("Overview"), "reports.dashboard_head"),
    ("reports:dashboard_team", _("Team figures"), "reports.dashboard_team"),
    ("reports:dashboard_finance", _("Execution overview"), "reports.dashboard_finance"),
]


def links_for(user: Any, current: str) -> list[dict[str, Any]]:
    """The dashboards this user may open, the current one marked (for the page's subnav)."""
    return [
        {"url": reverse(name), "label": label, "current": name == current}
        for name, label, permission in DASHBOARDS
        if has_perm(user, permission)
    ]


def register_navigation() -> None:
    """Nav entries of the dashboards (the lead calls this from `ReportsConfig.ready`)."""
    from ankunft.core import navigation  # noqa: PLC0415

    for order, (name, label, permission) in enumerate(DASHBOARDS, start=5):
        navigation.register(navigation.NavItem(name, label, permission, order=order))
