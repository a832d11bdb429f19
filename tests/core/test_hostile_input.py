"""No 5xx from hostile input: huge integers in every path and query parameter of every GET
API operation and every page, deeply nested and malformed JSON."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ankunft.core.models import Role
from tests import factories
from tests.openapi_check import spec

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
NEGATIVE_HUGE = "-99999999999999999999"
# Query names the pages read as numbers, cursors or page sizes.
PAGE_PARAMS = [
    "page", "limit", "after", "field", "district", "concept", "line", "near", "year",
    "status", "state", "type", "group", "language", "q", "kind", "position", "measure",
]  # fmt: skip
ROLES = [Role.HEAD_OF_KI, Role.FINANCE, Role.DPO, Role.CASE_WORKER, Role.PROVIDER]


def _get_operations() -> list[tuple[str, dict]]:
    return [(path, methods["get"]) for path, methods in spec()["paths"].items() if "get" in methods]


def _api_url(path: str, operation: dict, town_slug: str, value: str) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return town_slug if name == "municipality" else value

    return re.sub(r"\{(\w+)\}", fill, path)


def _integer_queries(operation: dict) -> list[str]:
    names = []
    for p in operation.get("parameters", []):
        schema = p["schema"]
        types = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
        if p["in"] == "query" and "integer" in types:
            names.append(p["name"])
    return names


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("value", [HUGE, NEGATIVE_HUGE])
def test_every_get_api_operation_survives_huge_integers(api_client, town, role, value):
    """Each GET operation, each integer path and query parameter out of range: an answer the
    document declares (the contract client checks it), never a 5xx."""
    api_client.force_login(factories.user(role, town))
    operations = _get_operations()
    assert len(operations) > 30
    for path, operation in operations:
        url = _api_url(path, operation, town.slug, value if "{" in path else "1")
        queries = _integer_queries(operation)
        required = {p["name"]: "x" for p in operation.get("parameters", []) if p.get("required")}
        response = api_client.get(
            url, {**required, **dict.fromkeys(queries, value), "language": "tr"}
        )
        assert response.status_code < 500, (url, response.content)
        assert response["Content-Type"].startswith("application/json"), url


def _page_patterns() -> list[tuple[str, list[str]]]:
    """Every page URL with its converters: (route, [converter names])."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if route.startswith(("api/", "admin/")):
                    continue
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                found.append((route, re.findall(r"<(?:(\w+):)?\w+>", route)))

    walk(get_resolver().url_patterns, "")
    return found


def _page_url(route: str, town_slug: str) -> str:
    def fill(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return {
            "int": HUGE,
            "uuid": "00000000-0000-0000-0000-000000000000",
        }.get(converter, town_slug)

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_survives_huge_integers(client, town, role):
    """Each page with a huge integer in its path and in each query parameter: no 5xx."""
    client.force_login(factories.user(role, town))
    patterns = _page_patterns()
    assert len(patterns) > 50
    for route, _converters in patterns:
        url = _page_url(route, town.slug)
        if url.endswith(("logout/", "setlang/")):
            continue
        response = client.get(url, dict.fromkeys(PAGE_PARAMS, HUGE))
        assert response.status_code < 500, (url, response.status_code)


def test_anonymous_public_pages_survive_huge_integers(client, town):
    for url in (f"/offers/{town.slug}/", f"/offers/{town.slug}/map/"):
        response = client.get(url, dict.fromkeys(PAGE_PARAMS, HUGE))
        assert response.status_code < 500, url


@pytest.mark.parametrize(
    "url",
    [
        "/council/?q=Antrag%00Rat",
        "/council/meetings/?q=Rat%00",
        "/measures/?q=%00Sprache",
        "/offers/manage/offers/?q=Kurs%00",
        "/api/council/papers?q=Antrag%00Rat",
        "/api/council/meetings?q=Rat%00",
        "/api/directory/offers?q=Kurs%00",
    ],
)
def test_a_nul_byte_in_a_staff_search_is_removed_not_a_500(client, town, url):
    """Before: PostgreSQL refused the NUL inside the query (a 500); SQLite searched for it.
    Now every search box drops control characters, as the public directory already did."""
    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    response = client.get(url)
    assert response.status_code == 200
