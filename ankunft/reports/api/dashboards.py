"""API: the dashboards of the reports module, the same figures as the pages.

Counts of people are tables in the report's open-data shape: a suppressed figure is null.
Money is given as decimal strings (EUR, two places), as the budget API does not round.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from ankunft.core.apitools import Error, api_user
from ankunft.reports.api.schemas import ReportTableOut
from ankunft.reports.dashboards import figures, finance, head, team

router = Router(tags=["reports"])


class DashboardMoneyOut(Schema):
    planned: str
    committed: str
    spent: str
    remaining: str
    forecast: str


class DashboardCountOut(Schema):
    key: str
    label: str
    count: int


class HeadDecisionOut(Schema):
    decision_id: int
    reference: str
    title: str
    money: DashboardMoneyOut
    warnings: int


class HeadMoneyOut(Schema):
    year: int
    total: DashboardMoneyOut
    decisions: list[HeadDecisionOut]


class HeadStaffOut(Schema):
    positions: int
    fte_funded: str
    fte_filled: str
    fte_vacant: str
    by_status: list[DashboardCountOut]


class HeadOffTargetOut(Schema):
    measure_id: int
    measure: str
    indicator: str
    light: str


class HeadMeasuresOut(Schema):
    by_status: list[DashboardCountOut]
    indicator_lights: list[DashboardCountOut]
    off_target: list[HeadOffTargetOut]


class HeadDashboardOut(Schema):
    as_of: dt.date
    year: int
    threshold: int
    money: HeadMoneyOut | None
    staff: HeadStaffOut | None
    measures: HeadMeasuresOut | None
    case_tables: list[ReportTableOut] | None


class DashboardWaitingOut(Schema):
    median_days: float | None
    p90_days: float | None


class TeamWorkerOut(Schema):
    worker_id: int | None
    label: str
    waiting: DashboardWaitingOut


class TeamWaitOut(Schema):
    team_id: int
    name: str
    waiting: DashboardWaitingOut


class TeamChoiceOut(Schema):
    id: int
    name: str


class TeamDashboardOut(Schema):
    as_of: dt.date
    year: int
    threshold: int
    team_id: int | None
    teams: list[TeamChoiceOut]
    no_contact_weeks: int
    workers: list[TeamWorkerOut]
    team_waits: list[TeamWaitOut]
    tables: list[ReportTableOut]


class TeamDashboardQuery(Schema):
    team: int | None = None


class FinanceWarningOut(Schema):
    kind: str
    message: str


class FinanceRowOut(Schema):
    decision_id: int
    reference: str
    title: str
    year: int
    closed: bool
    money: DashboardMoneyOut
    warnings: list[FinanceWarningOut]


class FinanceYearOut(Schema):
    year: int
    decisions: int
    warnings: int
    money: DashboardMoneyOut


class FinanceDashboardOut(Schema):
    as_of: dt.date
    rows: list[FinanceRowOut]
    years: list[FinanceYearOut]
    total: DashboardMoneyOut
    warnings: int


def _counts(rows: list[tuple[str, str, int]]) -> list[dict[str, Any]]:
    return [{"key": k, "label": text, "count": n} for k, text, n in rows]


def _waiting(w: figures.Waiting) -> dict[str, float | None]:
    return {"median_days": w.median, "p90_days": w.p90}


@router.get(
    "/dashboard/head",
    response={200: HeadDashboardOut},
    summary="The head of the KI's overview: money, staff, measures, case figures (suppressed)",
)
def dashboard_head(request: HttpRequest) -> dict[str, Any]:
    board = head.head_dashboard(actor=api_user(request))
    money = staff = measures = None
    if board.money is not None:
        money = {
            "year": board.money.year,
            "total": board.money.total.as_dict(),
            "decisions": [
                {
                    "decision_id": d.decision_id,
                    "reference": d.reference,
                    "title": d.title,
                    "money": d.money.as_dict(),
                    "warnings": d.warnings,
                }
                for d in board.money.decisions
            ],
        }
    if board.staff is not None:
        s = board.staff
        staff = {
            "positions": s.positions,
            "fte_funded": str(s.funded),
            "fte_filled": str(s.filled),
            "fte_vacant": str(s.vacant),
            "by_status": _counts(s.by_status),
        }
    if board.measures is not None:
        m = board.measures
        measures = {
            "by_status": _counts(m.by_status),
            "indicator_lights": _counts(m.lights),
            "off_target": [
                {
                    "measure_id": o.measure_id,
                    "measure": o.measure,
                    "indicator": o.indicator,
                    "light": o.light,
                }
                for o in m.off_target
            ],
        }
    return {
        "as_of": board.as_of,
        "year": board.year,
        "threshold": board.threshold,
        "money": money,
        "staff": staff,
        "measures": measures,
        "case_tables": [t.as_json() for t in board.cases.tables] if board.cases else None,
    }


@router.get(
    "/dashboard/team",
    response={200: TeamDashboardOut, 404: Error},
    summary="Caseload, waiting times and overdue steps per case worker (suppressed)",
)
def dashboard_team(request: HttpRequest, query: Query[TeamDashboardQuery]) -> dict[str, Any]:
    board = team.team_dashboard(actor=api_user(request), team_id=query.team)
    return {
        "as_of": board.as_of,
        "year": board.year,
        "threshold": board.threshold,
        "team_id": board.team.pk if board.team else None,
        "teams": [{"id": t.pk, "name": t.name} for t in board.teams],
        "no_contact_weeks": board.no_contact_weeks,
        "workers": [
            {
                "worker_id": w.key if w.key > 0 else None,
                "label": w.label,
                "waiting": _waiting(w.waiting),
            }
            for w in board.workers
        ],
        "team_waits": [
            {"team_id": t.team_id, "name": t.name, "waiting": _waiting(t.waiting)}
            for t in board.team_waits
        ],
        "tables": [t.as_json() for t in board.tables],
    }


@router.get(
    "/dashboard/finance",
    response={200: FinanceDashboardOut},
    summary="Budget execution per decision and year, with warnings and totals",
)
def dashboard_finance(request: HttpRequest) -> dict[str, Any]:
    board = finance.finance_dashboard(actor=api_user(request))
    return {
        "as_of": board.as_of,
        "rows": [
            {
                "decision_id": r.decision_id,
                "reference": r.reference,
                "title": r.title,
                "year": r.year,
                "closed": r.closed,
                "money": r.money.as_dict(),
                "warnings": [{"kind": w.kind, "message": w.message} for w in r.warnings],
            }
            for r in board.rows
        ],
        "years": [
            {
                "year": y.year,
                "decisions": y.decisions,
                "warnings": y.warnings,
                "money": y.money.as_dict(),
            }
            for y in board.years
        ],
        "total": board.total.as_dict(),
        "warnings": board.warnings,
    }
