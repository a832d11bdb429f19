"""Public pages of the directory: no login, phone first, no JavaScript needed.

The language comes from `?lang=` (kept in the language cookie), the cookie, or the
browser; the menu offers the municipality's content languages.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from ankunft.core.db_router import lag_tolerant
from ankunft.core.models import RTL_LANGUAGES, Municipality
from ankunft.core.security import csp_origin
from ankunft.directory import hours, jsonld, result_cache
from ankunft.directory.forms.public import SearchForm, link_params
from ankunft.directory.models import DirectorySettings, FieldOfAction
from ankunft.directory.models.choices import NEEDS, language_local_name
from ankunft.directory.present import show
from ankunft.directory.selectors import public as selectors

# Public pages carry no secrets (no CSRF token, no personal data beyond what a provider
# published), so compressing them is safe from BREACH; staff pages stay uncompressed.
public_page = gzip_page


def reader_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _keep_language(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A language chosen by `?lang=` is remembered for the next pages (no JavaScript)."""
    lang = request.GET.get("lang")
    if lang in {code for code, _name in settings.LANGUAGES}:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
    response.headers["Content-Language"] = reader_language()
    return response


def _language_links(
    request: HttpRequest, municipality: Municipality, params: dict[str, str]
) -> list[dict[str, Any]]:
    current = reader_language()
    return [
        {
            "code": code,
            "name": language_local_name(code),
            "url": f"{request.path}?{urlencode({**params, 'lang': code})}",
            "current": code == current,
            "dir": "rtl" if code in RTL_LANGUAGES else "ltr",
        }
        for code in municipality.content_languages
    ]


def _page(
    request: HttpRequest,
    template: str,
    municipality: Municipality,
    context: dict[str, Any],
    *,
    form: SearchForm | None = None,
) -> HttpResponse:
    # Links to the other languages carry the search as it was searched, not as typed.
    params = link_params(form.data if form is not None else request.GET)
    context = {
        "municipality": municipality,
        "language_links": _language_links(request, municipality, params),
        **context,
    }
    return _keep_language(request, render(request, template, context))


@login_not_required
@require_GET
def root(request: HttpRequest) -> HttpResponseRedirect:
    """`/offers/` → the directory of the first municipality."""
    municipality = Municipality.objects.order_by("pk").first()
    if municipality is None:
        return redirect("login")
    return redirect("directory:start", municipality=municipality.slug)


@login_not_required
@require_GET
@public_page
@lag_tolerant
def start(request: HttpRequest, municipality: str) -> HttpResponse:
    m = selectors.municipality_get(municipality)
    counts = selectors.need_counts(m.pk)
    needs = [
        {
            "code": code,
            "label": NEEDS[code],
            "field": FieldOfAction(code).label,
            "count": counts.get(code, 0),
        }
        for code in FieldOfAction.values
    ]
    return _page(request, "directory/public_start.html", m, {"needs": needs, "form": SearchForm(m)})


def results_entry(request: HttpRequest, m: Municipality) -> result_cache.Entry | None:
    """Where an anonymous reader's result page is cached (a logged-in reader's never is)."""
    if request.user.is_authenticated:
        return None
    return result_cache.Entry("results", m.pk, (reader_language(), sorted(request.GET.lists())))


@login_not_required
@require_GET
@public_page
@lag_tolerant
def results(request: HttpRequest, municipality: str) -> HttpResponse:
    m = selectors.municipality_get(municipality)
    entry = results_entry(request, m)
    content = entry.get() if entry else None
    if content is not None:
        return _keep_language(request, HttpResponse(content))
    response = _results(request, m)
    if entry and response.status_code == HTTPStatus.OK:
        entry.set(response.content)
    return response


def _results(request: HttpRequest, m: Municipality) -> HttpResponse:
    form = SearchForm(m, request.GET)
    form.is_valid()  # invalid filters are dropped, the rest still applies
    query, filters = form.query_and_filters()
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    found = selectors.directory_search(
        municipality=m, query=query, filters=filters, language=reader_language(), page=page
    )
    params = link_params(form.data)
    selects, checks = form.widgets()
    return _page(
        request,
        "directory/public_results.html",
        m,
        {
            "form": form,
            "selects": selects,
            "checks": checks,
            "filters_used": filters.active or bool(filters.near),
            "query": query,
            # A Latin query in an Arabic sentence (and the reverse) keeps its own order.
            "query_isolated": format_html("<bdi>{}</bdi>", query),
            "results": found,
            "page_query": urlencode(params),
            "has_map": bool(_settings(m).tile_url),
            "query_notes": form.query_notes,
        },
        form=form,
    )


def _settings(m: Municipality) -> DirectorySettings:
    return DirectorySettings.objects.filter(municipality=m).first() or DirectorySettings(
        municipality=m
    )


@login_not_required
@require_GET
@public_page
@lag_tolerant
def offer(request: HttpRequest, municipality: str, uuid: str, slug: str = "") -> HttpResponse:
    m = selectors.municipality_get(municipality)
    item = selectors.public_offer_get(m, uuid)
    if slug != item.slug:
        # The id is the identity; the slug only reads well. Old or missing slugs redirect.
        url = reverse(
            "directory:offer", kwargs={"municipality": m.slug, "uuid": item.uuid, "slug": item.slug}
        )
        if request.GET:
            url += "?" + request.GET.urlencode()
        return redirect(url, permanent=True)
    now = timezone.localtime()
    shown = show(item, reader_language(), now)
    return _page(
        request,
        "directory/public_offer.html",
        m,
        {
            "item": shown,
            "week": hours.week(item, now.date()),
            "exceptions": hours.upcoming(item, now.date()),
            "jsonld": jsonld.offer_jsonld(request, shown),
            "provider": item.provider,
            "settings": _settings(m),
        },
    )


@login_not_required
@require_GET
@public_page
@lag_tolerant
def map_page(request: HttpRequest, municipality: str) -> HttpResponse:
    """The offers on a map, only where the municipality configured a tile source; the
    list of addresses below works without it (and without JavaScript)."""
    m = selectors.municipality_get(municipality)
    form = SearchForm(m, request.GET)
    form.is_valid()
    query, filters = form.query_and_filters()
    items = selectors.directory_points(
        municipality=m, query=query, filters=filters, language=reader_language()
    )
    config = _settings(m)
    data = None
    if config.tile_url:
        data = {
            "tiles": config.tile_url,
            "attribution": config.tile_attribution,
            "points": [
                {
                    "lat": i.offer.latitude,
                    "lon": i.offer.longitude,
                    "title": i.title,
                    "url": i.offer.get_absolute_url(),
                }
                for i in items
            ],
        }
    response = _page(
        request,
        "directory/public_map.html",
        m,
        {
            "items": items,
            "map_data": data,
            "page_query": urlencode(link_params(form.data)),
            "query_notes": form.query_notes,
        },
        form=form,
    )
    # The Content-Security-Policy lets the map load images from the tile server only.
    tiles = csp_origin(config.tile_url) if config.tile_url else None
    if tiles:
        response._csp_update = {"img-src": [tiles]}  # type: ignore[attr-defined]
    return response
