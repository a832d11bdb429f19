"""Navigation by role: each module registers its entries with the permission they need."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ankunft.core.permissions import has_perm


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise | str
    permission: str
    order: int = 100


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.url_name] = item


def all_items() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda i: (i.order, i.url_name))


def items_for(user: Any, current_path: str = "") -> list[dict[str, Any]]:
    """The entries this user may open, with the current one marked."""
    result = [
        {"url": reverse(item.url_name), "label": item.label, "active": False}
        for item in all_items()
        if has_perm(user, item.permission)
    ]
    mark_current(result, current_path)
    return result


def register_core_items() -> None:
    register(NavItem("core:home", _("Start"), "core.view_home", order=0))
    register(NavItem("core:staff_list", _("Staff"), "core.view_staff", order=80))
    register(NavItem("core:role_list", _("Roles"), "core.manage_roles", order=85))
    register(NavItem("core:audit_list", _("Audit log"), "core.view_audit", order=90))
    register(
        NavItem("core:data_register", _("Register of fields"), "core.view_data_register", order=91)
    )
    register(NavItem("core:api_tokens", _("API access"), "core.use_api_tokens", order=95))
    register(
        NavItem(
            "core:municipality_list", _("Municipalities"), "core.manage_municipalities", order=98
        )
    )
    register(NavItem("admin:index", _("Admin"), "core.admin", order=99))


def mark_current(entries: list[dict[str, Any]], path: str) -> None:
    """Mark the entry with the longest URL prefix of `path` as current (only that one):
    /measures/barriers/ is "Barriers", not also "Measures"."""
    matching = [
        e for e in entries if path == e["url"] or (e["url"] != "/" and path.startswith(e["url"]))
    ]
    if matching:
        max(matching, key=lambda e: len(e["url"]))["active"] = True
