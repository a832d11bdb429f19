"""Template helpers of the core: ask the permission layer from a template."""

from __future__ import annotations

from typing import Any

from django import template

from ankunft.core import permissions

register = template.Library()


@register.filter
def may(user: Any, permission: str) -> bool:
    """`{% if user|may:"budget.view" %}`: whether the user's role holds the permission."""
    return permissions.has_perm(user, permission)
