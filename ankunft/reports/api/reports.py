"""API: the status reports (Sachstandsberichte): list, one report with its progress, its
staleness and its tables, request one (built in the background), its PDF. The same
selectors, services and permissions as the pages."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from ankunft.core.apitools import DbId, Error, api_user
from ankunft.reports.api.schemas import ReportTableOut
from ankunft.reports.models import MAX_THRESHOLD, MIN_THRESHOLD, Report
from ankunft.reports.selectors import reports as selectors
from ankunft.reports.services import generate

router = Router(tags=["reports"])


class ReportSummaryOut(Schema):
    id: int
    title: str
    decision_id: int | None
    decision_reference: str | None
    year: int | None
    threshold: int
    language: str
    status: str
    progress: int
    created_at: datetime
    finished_at: datetime | None
    published: bool


class ReportDetailOut(ReportSummaryOut):
    stage: str
    error: str
    as_of: date | None
    stale: bool
    has_pdf: bool
    tables: list[ReportTableOut]


class ReportRequestIn(Schema):
    decision_id: DbId | None = Field(None, description="The decision; empty: all of the year")
    year: int | None = Field(None, ge=1, le=9999, description="Empty: all years of the decision")
    threshold: int = Field(
        default_factory=lambda: settings.REPORT_SUPPRESSION_THRESHOLD,
        ge=0,
        le=1000,
        description=(
            f"Suppression threshold ({MIN_THRESHOLD}–{MAX_THRESHOLD}); "
            "empty: the configured one (REPORT_SUPPRESSION_THRESHOLD)"
        ),
    )
    language: str = Field("de", max_length=8, description="de or en")


def _summary(report: Report) -> dict[str, Any]:
    decision = report.decision
    return {
        "id": report.pk,
        "title": report.title,
        "decision_id": report.decision_id,
        "decision_reference": (decision.paper.reference or None) if decision else None,
        "year": report.year,
        "threshold": report.threshold,
        "language": report.language,
        "status": report.status,
        "progress": report.progress,
        "created_at": report.created_at,
        "finished_at": report.finished_at,
        "published": report.is_published,
    }


def _detail(report: Report) -> dict[str, Any]:
    done = report.status == Report.Status.DONE
    return {
        **_summary(report),
        "stage": report.stage,
        "error": report.error,
        "as_of": report.as_of,
        "stale": selectors.report_is_stale(report),
        "has_pdf": report.pdf is not None,
        "tables": report.content.get("tables", []) if done else [],
    }


@router.get("/reports", response=list[ReportSummaryOut], summary="Status reports, newest first")
def report_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_summary(r) for r in selectors.report_list(actor=api_user(request))]


@router.post(
    "/reports",
    response={201: ReportDetailOut, 404: Error},
    summary="Request a status report (built in the background; poll its progress)",
)
def report_request(request: HttpRequest, payload: ReportRequestIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    decision = (
        selectors.report_decision_get(actor=user, pk=payload.decision_id)
        if payload.decision_id is not None
        else None
    )
    report = generate.report_request(
        actor=user,
        decision=decision,
        year=payload.year,
        threshold=payload.threshold,
        language=payload.language,
    )
    return Status(201, _detail(selectors.report_get(actor=user, pk=report.pk)))


@router.get(
    "/reports/{report_id}",
    response=ReportDetailOut,
    summary="One status report: status, progress, staleness and its tables",
)
def report_detail(request: HttpRequest, report_id: DbId) -> dict[str, Any]:
    return _detail(selectors.report_get(actor=api_user(request), pk=report_id))


@router.get(
    "/reports/{report_id}/pdf",
    response={200: None},
    summary="The PDF of a finished status report",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The PDF, as an attachment",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def report_pdf(request: HttpRequest, report_id: DbId) -> HttpResponse:
    report = selectors.report_get(actor=api_user(request), pk=report_id)
    if report.status != Report.Status.DONE or report.pdf is None:
        raise Http404
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    filename = selectors.report_filename(report, "pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
