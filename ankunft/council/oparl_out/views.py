"""The OParl 1.1 endpoint: System at /oparl/, one Body per municipality, its lists and
objects. Public: no login, GET only, JSON, cacheable for a few minutes by anyone.

Lists are paged by id (keyset: `?after=<cursor>&limit=<n>`, the next page in
`links.next`) and filtered by `modified_since` / `modified_until` (ISO 8601).
"""

from __future__ import annotations

import datetime
import urllib.parse
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from ankunft.core.models import Municipality
from ankunft.core.pagination import CursorError, clean_limit, keyset_page
from ankunft.council.models import Paper
from ankunft.council.oparl_out import extensions, selectors
from ankunft.council.oparl_out import serializers as s
from ankunft.council.oparl_out.links import KIND_TYPES, Links, T

MAX_AGE = 300  # seconds: public data, and a change shows within minutes
View = Callable[..., HttpResponse]


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data, read by other sites' scripts
    return response


def public_json(view: View) -> View:
    @login_not_required
    @require_GET
    @cache_control(public=True, max_age=MAX_AGE)
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:  # an OParl client reads JSON, not the site's error page
            return _error(_("Not found."), 404)

    return wrapper


def _error(message: str, status: int = 400) -> JsonResponse:
    return _json({"error": message}, status)


@public_json
def system(request: HttpRequest) -> HttpResponse:
    links = Links(request, "")
    return _json(
        {
            "id": links.system(),
            "type": T + "System",
            "oparlVersion": T,
            "name": "ankunft",
            "body": links.absolute(reverse("oparl:body_list")),
            "product": "https://github.com/ankunft/ankunft",
        }
    )


def _body(request: HttpRequest, municipality: Municipality) -> dict[str, Any]:
    links = Links(request, municipality.slug)
    data: dict[str, Any] = {
        "id": links.body_url(),
        "type": T + "Body",
        "system": links.system(),
        "name": municipality.name,
        "shortName": municipality.slug,
        "organization": links.list("organizations"),
        "person": links.list("people"),
        "meeting": links.list("meetings"),
        "paper": links.list("papers"),
        "agendaItem": links.list("agenda-items"),
        "consultation": links.list("consultations"),
        "file": links.list("files"),
        "locationList": links.list("locations"),
        "membership": links.list("memberships"),
        # ankunft keeps no legislative terms (Wahlperioden): none to embed.
        "legislativeTerm": [],
    }
    if municipality.official_key:
        data["ags"] = municipality.official_key
    return data


@public_json
def body_list(request: HttpRequest) -> HttpResponse:
    bodies = [_body(request, m) for m in Municipality.objects.order_by("name")]
    return _json({"data": bodies, "pagination": {"elementsPerPage": len(bodies)}, "links": {}})


@public_json
def body(request: HttpRequest, body: str) -> HttpResponse:
    return _json(_body(request, get_object_or_404(Municipality, slug=body)))


def _serialize(links: Links, kind: str, rows: list[Any]) -> list[dict[str, Any]]:
    published: dict[int, list[dict[str, Any]]] = {}
    if kind == "papers":
        live = [p for p in rows if isinstance(p, Paper) and not p.deleted]
        published = extensions.paper_files(live, links.absolute)
    found = []
    for row in rows:
        if getattr(row, "deleted", False):
            found.append(s.deleted(links, row))
        elif kind == "papers":
            extra = published.get(row.pk, [])
            found.append(s.paper(links, row, extra))
        else:
            found.append(_one(links, kind, row))
    return found


def _one(links: Links, kind: str, row: Any) -> dict[str, Any]:
    serialize: dict[str, Callable[[Links, Any], dict[str, Any] | None]] = {
        "organizations": s.organization,
        "people": s.person,
        "memberships": s.membership,
        "meetings": s.meeting,
        "agenda-items": s.agenda_item,
        "consultations": s.consultation,
        "files": s.file,
        "locations": s.location,
    }
    data = serialize[kind](links, row)
    if data is None:
        raise Http404
    return data


def _moment(request: HttpRequest, name: str) -> datetime.datetime | None:
    value = request.GET.get(name)
    if not value:
        return None
    parsed = datetime.datetime.fromisoformat(value.replace(" ", "+"))  # "+" read as space
    return parsed if parsed.tzinfo else timezone.make_aware(parsed)


def _municipality(body: str, kind: str) -> Municipality:
    if kind not in KIND_TYPES:
        raise Http404
    return get_object_or_404(Municipality, slug=body)


@public_json
def object_list(request: HttpRequest, body: str, kind: str) -> HttpResponse:
    municipality = _municipality(body, kind)
    try:
        since, until = _moment(request, "modified_since"), _moment(request, "modified_until")
        limit, _notice = clean_limit(request.GET.get("limit"))
    except ValueError:
        return _error(
            _("modified_since and modified_until take a date and time (ISO 8601), limit 1 to 200")
        )
    rows = selectors.listed(selectors.records(municipality, kind), since=since, until=until)
    try:
        page = keyset_page(rows, keys=("id",), cursor=request.GET.get("after", ""), limit=limit)
    except CursorError:
        return _error(_("The cursor “after” was not issued by this list."))
    links = Links(request, municipality.slug)
    first = links.list(kind)
    params = {
        k: request.GET[k] for k in ("modified_since", "modified_until", "limit") if k in request.GET
    }
    navigation = {"first": first + ("?" + urllib.parse.urlencode(params) if params else "")}
    if page.next:
        navigation["next"] = first + "?" + urllib.parse.urlencode({**params, "after": page.next})
    return _json(
        {
            "data": _serialize(links, kind, page.items),
            "pagination": {"elementsPerPage": page.limit},
            "links": navigation,
        }
    )


@public_json
def object_detail(request: HttpRequest, body: str, kind: str, pk: int) -> HttpResponse:
    municipality = _municipality(body, kind)
    row = selectors.records(municipality, kind).filter(pk=pk).first()
    if row is None:
        raise Http404
    return _json(_serialize(Links(request, municipality.slug), kind, [row])[0])
