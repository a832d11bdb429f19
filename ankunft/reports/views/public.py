"""Published reports: public pages without login (the report, its PDF, CSV, JSON and OParl
`File`), and the internal publish / unpublish buttons.

The municipality is picked as for the public directory: by its short name in the URL;
`/reports/public/` goes straight to it when only one municipality has published reports.
Public answers may be cached for a short while (a report taken back disappears within
minutes); they vary by language, because the page's frame is translated.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from ankunft.core.db_router import lag_tolerant
from ankunft.core.decorators import actor, permission_required
from ankunft.reports import opendata
from ankunft.reports import render as renderer
from ankunft.reports.models import Report
from ankunft.reports.selectors import public as selectors
from ankunft.reports.services.publish import report_publish as publish
from ankunft.reports.services.publish import report_unpublish as unpublish

MAX_AGE = 300  # seconds: short, so that a report taken back is gone soon

View = Callable[..., HttpResponse]


def public_view(view: View) -> View:
    """No login, GET only, cacheable for a short while by anyone (no personal data)."""

    @login_not_required
    @require_GET
    @cache_control(public=True, max_age=MAX_AGE)
    @vary_on_headers("Accept-Language", "Cookie")
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, **kwargs)

    return wrapper


def public_urls(request: HttpRequest, report: Report) -> opendata.PublicUrls:
    return opendata.public_urls(report, request.build_absolute_uri)


def _open_data(response: HttpResponse) -> HttpResponse:
    # Open data is meant to be read by other sites' scripts too.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_view
def root(request: HttpRequest) -> HttpResponse:
    """`/reports/public/`: the published reports of the one municipality, or a choice."""
    municipalities = list(selectors.public_municipalities())
    if len(municipalities) == 1:
        return redirect("reports:public_list", municipality=municipalities[0].slug)
    return render(request, "reports/public/index.html", {"municipalities": municipalities})


@public_view
@gzip_page
@lag_tolerant
def report_list(request: HttpRequest, municipality: str) -> HttpResponse:
    m = selectors.municipality_get(municipality)
    reports = list(selectors.published_report_list(m.pk))
    return render(
        request, "reports/public/report_list.html", {"municipality": m, "reports": reports}
    )


@public_view
@gzip_page
@lag_tolerant
def report_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    report = selectors.published_report_get(public_id)
    content = opendata.public_content(report.content)
    document = SafeString(renderer.render_document(content, public=True))
    context = {
        "report": report,
        "municipality": report.municipality,
        "document": document,
        "urls": public_urls(request, report),
        "pdf_size": len(opendata.pdf_bytes(report)),
        "license": opendata.LICENSE,
    }
    return render(request, "reports/public/report_detail.html", context)


@public_view
@lag_tolerant
def report_pdf(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    report = selectors.published_report_get(public_id)
    response = HttpResponse(opendata.pdf_bytes(report), content_type=opendata.PDF_MIME)
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{opendata.file_name(report)}"'
    return response


@public_view
@gzip_page
@lag_tolerant
def report_csv(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    report = selectors.published_report_get(public_id)
    text = renderer.render_csv(opendata.public_content(report.content))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    name = opendata.file_name(report).removesuffix(".pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return _open_data(response)


@public_view
@gzip_page
@lag_tolerant
def report_json(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    report = selectors.published_report_get(public_id)
    data = opendata.report_json(report, public_urls(request, report))
    return _open_data(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))


@public_view
@lag_tolerant
def report_oparl_file(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    report = selectors.published_report_get(public_id)
    data = opendata.oparl_file(report, public_urls(request, report))
    return _open_data(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))


# Internal: the buttons on the report's page ------------------------------------------------


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect("reports:report_list")


def _change(request: HttpRequest, pk: int, change: Callable[..., Any], done: str) -> HttpResponse:
    """Publish or unpublish (`change`), then back to where the button was."""
    user = actor(request)
    report = selectors.report_for_publishing(actor=user, pk=pk)
    try:
        change(actor=user, report=report)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(request)


@permission_required(selectors.PUBLISH)
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, publish, _("The report is published."))


@permission_required(selectors.PUBLISH)
@require_POST
def report_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, unpublish, _("The report is no longer public."))
