"""Pages of the work list (a case worker's morning) and of the import of existing lists."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ankunft.cases import access
from ankunft.cases.selectors import worklist as wl
from ankunft.cases.selectors import worklist_page as wp
from ankunft.cases.views.worklist.imports import case_import
from ankunft.core.audit import audit_many
from ankunft.core.decorators import actor, permission_required
from ankunft.core.models import AuditAction

__all__ = ["case_import", "worklist"]


@permission_required(access.VIEW)
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    scope = request.GET.get("scope") or wl.default_scope(user)
    scope = scope if scope in wl.SCOPES else wl.MINE
    page = wp.worklist_page(user, scope, request.GET.get("after"))
    shown = page.items
    audit_many(
        user,
        AuditAction.READ,
        wl.person_refs(shown, user.municipality_id or 0),
        fields=wl.audit_fields(shown),
    )
    context = {
        "items": shown,
        "page": page,
        "total": page.total,
        "more": page.total - len(shown) if page.first and not page.capped else 0,
        "scope": scope,
        "has_team": user.team_id is not None,
    }
    return render(request, "cases/worklist/worklist.html", context)
