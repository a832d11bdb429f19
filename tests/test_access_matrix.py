"""The access matrix (`tests/access_matrix.py`) holds for every page and API operation:
every URL pattern and operation has a row, and every role gets the status of its column."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLResolver, get_resolver, include, path
from django.urls.resolvers import RegexPattern
from ninja import NinjaAPI

from ankunft.api import api
from ankunft.core.models import Role
from tests import access_world
from tests.access_matrix import COLUMNS, ROWS, Row, call, operations, uncovered

pytestmark = pytest.mark.django_db

SUCCESS_OR_HIDDEN = {200, 201, 301, 302, 400, 404}


def test_every_url_pattern_and_api_operation_has_a_row():
    """A new page or operation without a row in the matrix fails here."""
    assert uncovered(get_resolver(), api.get_openapi_schema(), ROWS) == []


def test_a_route_and_an_operation_without_a_row_are_reported():
    """The check sees what the table lacks: a dummy page and a dummy operation."""
    urlconf = SimpleNamespace(
        urlpatterns=[
            path("", include("ankunft.urls")),
            path("dummy/<int:pk>/", lambda request, pk: HttpResponse(), name="dummy"),
        ]
    )
    dummy = NinjaAPI(urls_namespace="access-matrix-dummy")

    @dummy.get("/dummy")
    def dummy_operation(request):
        return {}

    schema = api.get_openapi_schema()
    extra = dummy.get_openapi_schema(path_prefix="/api/")
    schema = {**schema, "paths": {**schema["paths"], **extra["paths"]}}
    resolver = URLResolver(RegexPattern(r"^/"), urlconf)
    assert uncovered(resolver, schema, ROWS) == [
        "URL dummy /dummy/<int:pk>/",
        "API GET /api/dummy",
    ]


def test_every_row_names_an_existing_page_or_operation():
    """No stale rows: each row's URL name resolves and each operation exists."""
    ops = operations(api.get_openapi_schema())
    names = {name for name, _route in _named_patterns()}
    stale = [
        r.label()
        for r in ROWS
        if (r.kind == "api" and r.key not in ops) or (r.kind == "page" and r.target not in names)
    ]
    assert stale == []
    labels = [r.label() for r in ROWS]
    assert sorted({x for x in labels if labels.count(x) > 1}) == []


def _named_patterns():
    from tests.access_matrix import _patterns  # noqa: PLC0415

    return _patterns(get_resolver())


def _statuses(client: Client, rows: list[Row], world: dict) -> dict[str, int]:
    """Each row's status; every request is rolled back, so rows do not change each other."""
    result = {}
    for row in rows:
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            result[row.label()] = call(client, row, world).status_code
            transaction.set_rollback(True)
        client.cookies = cookies  # logging out or switching the language must not carry on
    return result


@pytest.fixture
def setting(town, other_town):
    own = access_world.users(town, prefix="own")
    world = access_world.build(town, own)
    return own, access_world.users(other_town, prefix="other"), world


@pytest.mark.parametrize("column", COLUMNS)
def test_status_of_every_row_for_each_role(client, setting, column):
    """Each role (and the visitor without login) gets exactly its column's status."""
    own, _others, world = setting
    if column != "anonymous":
        client.force_login(own[column])
    got = _statuses(client, ROWS, world)
    expected = {r.label(): r.expected[column] for r in ROWS}
    assert {k: v for k, v in got.items() if v != expected[k]} == {}


@pytest.mark.parametrize("role", [c for c in COLUMNS if c not in {Role.OPERATOR, "anonymous"}])
def test_another_municipalitys_users_find_no_record(client, setting, role):
    """A user of another municipality gets the "oth" status (404: not there) wherever the
    same role gets through here; where the role is refused here, it is refused there too
    (or finds nothing: some operations look the record up before the permission)."""
    _own, others, world = setting
    rows = [r for r in ROWS if r.other is not None]
    client.force_login(others[role])
    got = _statuses(client, rows, world)
    expected = {
        r.label(): {r.other} if r.expected[role] in SUCCESS_OR_HIDDEN else {r.expected[role], 404}
        for r in rows
    }
    assert {k: v for k, v in got.items() if v not in expected[k]} == {}
