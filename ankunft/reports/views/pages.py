"""Internal report pages: the list, the request form, a report with its progress while it is
built and its document when it is done, the downloads (PDF, JSON, CSV), build again, delete.

While a report is queued or being built, its page polls itself every second with htmx and
gets the progress partial; once it is finished (or failed) the answer makes htmx reload the
page, which then shows the document (or the error) and polls no more.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from ankunft.core import permissions
from ankunft.core.db_router import lag_tolerant
from ankunft.core.decorators import HtmxHttpRequest, actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.reports import render as renderer
from ankunft.reports.forms import ReportRequestForm
from ankunft.reports.models import Report
from ankunft.reports.selectors import reports as selectors
from ankunft.reports.services import generate

VIEW = "reports.view"
GENERATE = "reports.generate"
IN_PROGRESS = {Report.Status.QUEUED, Report.Status.RUNNING}


@permission_required(VIEW)
@lag_tolerant
def report_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    reports = list(selectors.report_list(actor=user))
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports,
            "stale": selectors.stale_reports(reports),
            "can_generate": permissions.has_perm(user, GENERATE),
        },
    )


@permission_required(GENERATE)
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = ReportRequestForm(
        request.POST or None, decisions=selectors.report_decision_list(actor=user)
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                report = generate.report_request(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("The report is being built."))
                return redirect("reports:report_detail", report.pk)
        return render(request, "reports/report_form.html", {"form": form}, status=400)
    return render(request, "reports/report_form.html", {"form": form})


@permission_required(VIEW)
@lag_tolerant
def report_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    report = selectors.report_get(actor=user, pk=pk)
    in_progress = report.status in IN_PROGRESS
    if request.htmx:
        if not in_progress:
            return HttpResponseClientRefresh()  # finished: the whole page shows the outcome
        return render(request, "reports/_progress.html", {"report": report})
    context: dict[str, object] = {
        "report": report,
        "in_progress": in_progress,
        "can_generate": permissions.can(user, GENERATE, report),
    }
    if report.status == Report.Status.DONE:
        # The document is rendered by the reports' own templates from stored, suppressed
        # figures only (render.render_document escapes every text it inserts).
        context["document"] = mark_safe(renderer.render_document(report.content))  # noqa: S308
        context["stale"] = selectors.report_is_stale(report)
    return render(request, "reports/report_detail.html", context)


def _finished(request: HttpRequest, pk: int) -> Report:
    report = selectors.report_get(actor=actor(request), pk=pk)
    if report.status != Report.Status.DONE:
        raise Http404
    return report


def _attachment(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required(VIEW)
@lag_tolerant
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _finished(request, pk)
    if report.pdf is None:
        raise Http404
    return _attachment(
        bytes(report.pdf), "application/pdf", selectors.report_filename(report, "pdf")
    )


def tables_json(report: Report) -> dict[str, object]:
    """Every table of the report as open data (`ankunft report --format json`): a
    suppressed figure is null."""
    return {"tables": report.content.get("tables", [])}


@permission_required(VIEW)
@lag_tolerant
def report_json(request: HttpRequest, pk: int) -> HttpResponse:
    report = _finished(request, pk)
    body = json.dumps(tables_json(report), ensure_ascii=False, indent=2)
    return _attachment(
        body, "application/json; charset=utf-8", selectors.report_filename(report, "json")
    )


@permission_required(VIEW)
@lag_tolerant
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    report = _finished(request, pk)
    return _attachment(
        renderer.render_csv(report.content),
        "text/csv; charset=utf-8",
        selectors.report_filename(report, "csv"),
    )


@permission_required(GENERATE)
@require_POST
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    report = selectors.report_get(actor=user, pk=pk)
    try:
        queued = generate.report_retry(actor=user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:report_detail", report.pk)
    messages.success(request, _("The report is being built again."))
    return redirect("reports:report_detail", queued.pk)


@permission_required(GENERATE)
@require_POST
def report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    report = selectors.report_get(actor=user, pk=pk)
    try:
        generate.report_delete(actor=user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:report_detail", report.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("reports:report_list")
