"""The dashboards' pages: the head of the KI's overview, the team leads' figures, finance's
budget execution. Thin: the selectors in `reports.dashboards` read and check."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ankunft.core.db_router import lag_tolerant
from ankunft.core.decorators import actor, permission_required
from ankunft.reports.dashboards import figures, finance, head, links_for, team


def team_param(request: HttpRequest) -> int | None:
    """The `team` filter: a team's id, or none (all the user's teams)."""
    raw = request.GET.get("team", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValidationError(_("The team must be given by its number."))
    return int(raw)


def _context(request: HttpRequest, name: str, **values: Any) -> dict[str, Any]:
    return {
        "dashboards": links_for(actor(request), name),
        "threshold": figures.threshold(),
        **values,
    }


@permission_required(head.PERMISSION)
@lag_tolerant
def dashboard_head(request: HttpRequest) -> HttpResponse:
    board = head.head_dashboard(actor=actor(request))
    tables = [figures.shown(t) for t in board.cases.tables] if board.cases else []
    return render(
        request,
        "reports/dashboards/head.html",
        _context(request, "reports:dashboard_head", board=board, case_tables=tables),
    )


@permission_required(team.PERMISSION)
@lag_tolerant
def dashboard_team(request: HttpRequest) -> HttpResponse:
    try:
        team_id = team_param(request)
    except ValidationError as exc:
        return render(
            request, "reports/dashboards/error.html", {"message": exc.messages[0]}, status=400
        )
    board = team.team_dashboard(actor=actor(request), team_id=team_id)
    tables = {t.name: figures.shown(t) for t in board.tables}
    return render(
        request,
        "reports/dashboards/team.html",
        _context(request, "reports:dashboard_team", board=board, tables=tables),
    )


@permission_required(finance.PERMISSION)
@lag_tolerant
def dashboard_finance(request: HttpRequest) -> HttpResponse:
    board = finance.finance_dashboard(actor=actor(request))
    return render(
        request,
        "reports/dashboards/finance.html",
        _context(request, "reports:dashboard_finance", board=board),
    )
