"""Open data downloads (public) and the HSDS import page (KI)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ankunft.core.db_router import lag_tolerant
from ankunft.core.decorators import actor, permission_required
from ankunft.core.jsonbody import MAX_BYTES, JsonBodyError, load_json
from ankunft.core.models import Municipality
from ankunft.directory import access, hsds, opendata
from ankunft.directory.forms import ImportForm
from ankunft.directory.hsds.importer import hsds_import
from ankunft.directory.models import Offer
from ankunft.directory.selectors import public as selectors
from ankunft.directory.views.public import _page, public_page, reader_language

MAX_IMPORT_BYTES = MAX_BYTES  # the JSON reader's own limit, checked here before reading


def _offers(municipality_slug: str) -> tuple[Municipality, QuerySet[Offer]]:
    m = selectors.municipality_get(municipality_slug)
    offers = (
        selectors.published_offers(m.pk, timezone.localdate())
        .select_related("provider", "district", "municipality")
        .prefetch_related("translations", "tags", "hours", "exceptions")
        .order_by("id")
    )
    return m, offers


@login_not_required
@require_GET
@public_page
@lag_tolerant
def overview(request: HttpRequest, municipality: str) -> HttpResponse:
    m = selectors.municipality_get(municipality)
    return _page(request, "directory/open_data.html", m, {"license": opendata.LICENSE})


@login_not_required
@require_GET
@public_page
@lag_tolerant
def export_json(request: HttpRequest, municipality: str) -> StreamingHttpResponse:
    m, offers = _offers(municipality)
    base = request.build_absolute_uri("/")[:-1]
    response = StreamingHttpResponse(
        opendata.json_chunks(m, offers, base), content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
@public_page
@lag_tolerant
def export_csv(request: HttpRequest, municipality: str) -> StreamingHttpResponse:
    m, offers = _offers(municipality)
    base = request.build_absolute_uri("/")[:-1]
    response = StreamingHttpResponse(
        opendata.csv_chunks(m, offers, base), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="offers-{m.slug}.csv"'
    return response


@login_not_required
@require_GET
@public_page
@lag_tolerant
def export_hsds(request: HttpRequest, municipality: str) -> StreamingHttpResponse:
    m, offers = _offers(municipality)
    language = reader_language() if request.GET.get("lang") else m.content_languages[0]
    response = StreamingHttpResponse(
        hsds.export_page(offers, language), content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@permission_required(access.MANAGE)
@require_http_methods(["GET", "POST"])
def hsds_import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise ValidationError(
                    _("The file is larger than %(size)s.")
                    % {"size": f"{MAX_IMPORT_BYTES / (1024 * 1024):g} MB"}
                )
            try:
                payload = load_json(upload.read())
            except JsonBodyError as exc:
                raise ValidationError(str(exc)) from exc
            report = hsds_import(actor=actor(request), payload=payload)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(
                request,
                _("Import finished: %(created)s new, %(updated)s updated, %(skipped)s skipped.")
                % {"created": report.created, "updated": report.updated, "skipped": report.skipped},
            )
    return render(request, "directory/import.html", {"form": form, "report": report})
