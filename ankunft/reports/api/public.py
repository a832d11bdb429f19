"""API: published reports (no login) and publishing (OWNED BY: public).

The public reads answer like the public pages: only finished, published reports, with
every figure about people suppressed below the threshold (null). Publishing goes through
the same service and permission as the button on the report's page.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ankunft.core.apitools import DbId, api_user
from ankunft.reports import opendata
from ankunft.reports.api.schemas import ReportTableOut
from ankunft.reports.models import Report
from ankunft.reports.selectors import public as selectors
from ankunft.reports.services import publish

router = Router(tags=["reports"])


class PublicLinksOut(Schema):
    page_url: str
    pdf_url: str
    csv_url: str
    json_url: str
    oparl_file_url: str


class PublishedReportOut(Schema):
    id: uuid.UUID
    title: str
    as_of: dt.date | None
    published: dt.datetime
    threshold: int
    links: PublicLinksOut


class PublicDecisionOut(Schema):
    reference: str
    title: str
    date: str | None
    body: str
    meeting: str


class PublishedReportDetailOut(Schema):
    id: uuid.UUID
    title: str
    municipality: str
    as_of: str | None
    period_start: str | None
    period_end: str | None
    years: list[int]
    threshold: int
    language: str
    published: dt.datetime
    license: str
    decisions: list[PublicDecisionOut]
    footnotes: list[str]
    links: PublicLinksOut
    tables: list[ReportTableOut]


class PublicationOut(Schema):
    id: int
    public_id: uuid.UUID
    published: bool
    published_at: dt.datetime | None
    links: PublicLinksOut | None


def _links(request: HttpRequest, report: Report) -> dict[str, str]:
    return opendata.public_urls(report, request.build_absolute_uri).as_json()


def _publication(request: HttpRequest, report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "public_id": report.public_id,
        "published": report.is_published,
        "published_at": report.published_at,
        "links": _links(request, report) if report.is_published else None,
    }


@router.get(
    "/public/{municipality}/reports",
    response=list[PublishedReportOut],
    auth=None,
    summary="The published status reports of a municipality (no login)",
)
def public_report_list(request: HttpRequest, municipality: str) -> list[dict[str, Any]]:
    m = selectors.municipality_get(municipality)
    return [
        {
            "id": r.public_id,
            "title": r.title,
            "as_of": r.as_of,
            "published": r.published_at,
            "threshold": r.threshold,
            "links": _links(request, r),
        }
        for r in selectors.published_report_list(m.pk)
    ]


@router.get(
    "/public/reports/{public_id}",
    response=PublishedReportDetailOut,
    auth=None,
    summary="One published status report with its tables (no login; suppressed: null)",
)
def public_report_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    report = selectors.published_report_get(public_id)
    return opendata.report_json(report, opendata.public_urls(report, request.build_absolute_uri))


@router.post(
    "/reports/{report_id}/publish",
    response=PublicationOut,
    summary="Publish a finished, current status report",
)
def report_publish(request: HttpRequest, report_id: DbId) -> dict[str, Any]:
    user = api_user(request)
    report = selectors.report_for_publishing(actor=user, pk=report_id)
    return _publication(request, publish.report_publish(actor=user, report=report))


@router.post(
    "/reports/{report_id}/unpublish",
    response=PublicationOut,
    summary="Take a status report off the public pages",
)
def report_unpublish(request: HttpRequest, report_id: DbId) -> dict[str, Any]:
    user = api_user(request)
    report = selectors.report_for_publishing(actor=user, pk=report_id)
    return _publication(request, publish.report_unpublish(actor=user, report=report))
