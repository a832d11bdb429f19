"""`{% keyset_pager page %}`: the links of a keyset page (first page, next page) that keep
the list's other query parameters, and the page's notice (a clamped size, a stale link)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("core/_keyset_pager.html", takes_context=True)
def keyset_pager(context: dict[str, Any], page: Any, param: str = "after") -> dict[str, Any]:
    request = context["request"]
    query = request.GET.copy()
    query.pop(param, None)
    query.pop("page", None)
    first = query.urlencode()
    next_url = None
    if page.next:
        query[param] = page.next
        next_url = "?" + query.urlencode()
    return {
        "page": page,
        "first_url": "?" + first if request.GET.get(param) else None,
        "next_url": next_url,
    }
