"""The replica router (ankunft/core/db_router.py): which reads go to a replica, pinning after
a write, fallback to the primary. No cluster: the "replica" is the primary's own connection
under a second alias (what Django's TEST MIRROR does), and a dead replica is an alias whose
server cannot be reached (a closed port; on SQLite a file that cannot be opened)."""

from __future__ import annotations

import copy
import socket
from collections.abc import Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.db.utils import load_backend
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import resolve

from ankunft.core import db_router
from ankunft.core.db_router import (
    PIN_COOKIE,
    ReadYourWritesMiddleware,
    choose_replica,
    lag_tolerant,
    reading_from_replicas,
    replica_databases,
)
from ankunft.core.models import Municipality, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def replica() -> Iterator[str]:
    connections["replica1"] = connections[DEFAULT_DB_ALIAS]
    db_router._down.clear()
    with override_settings(DATABASE_REPLICA_ALIASES=["replica1"]):
        yield "replica1"
    del connections["replica1"]
    db_router._down.clear()


@pytest.fixture
def dead_replica() -> Iterator[str]:
    config = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    if config["ENGINE"].endswith("sqlite3"):
        config["NAME"] = "/nonexistent-ankunft-dir/replica.sqlite3"
    else:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]  # closed again when the block ends
        config.update(HOST="127.0.0.1", PORT=str(port))
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "connect_timeout": 2}
    # Not in settings.DATABASES: Django's test case allows such an ad-hoc connection.
    connections["down1"] = load_backend(config["ENGINE"]).DatabaseWrapper(config, "down1")
    db_router._down.clear()
    with override_settings(DATABASE_REPLICA_ALIASES=["down1"]):
        yield "down1"
    connections["down1"].close()
    del connections["down1"]
    db_router._down.clear()


def test_replica_urls_become_mirrored_aliases():
    default = {"CONN_MAX_AGE": 60, "OPTIONS": {}}
    found = replica_databases(" postgres://a@h1:5433/x , postgres://a@h2/x,", default)
    assert list(found) == ["replica1", "replica2"]
    assert found["replica1"]["PORT"] == 5433
    assert found["replica1"]["TEST"] == {"MIRROR": DEFAULT_DB_ALIAS}
    assert found["replica2"]["OPTIONS"]["connect_timeout"] == 2
    assert replica_databases("", default) == {}


def test_only_lag_tolerant_reads_go_to_a_replica(replica):
    assert choose_replica(Municipality) is None
    with reading_from_replicas() as used:
        assert choose_replica(Municipality) == replica
        assert Municipality.objects.all().db == replica
        # The login machinery and transactions stay on the primary; so do writes.
        assert choose_replica(User) is None
        with transaction.atomic():
            assert choose_replica(Municipality) is None
        assert db_router.ReplicaRouter().db_for_write(Municipality) == DEFAULT_DB_ALIAS
    assert used == {replica}
    with reading_from_replicas(pinned=True):
        assert choose_replica(Municipality) is None


def test_no_replica_configured_means_primary():
    with reading_from_replicas():
        assert choose_replica(Municipality) is None


@lag_tolerant
def _which_db(request):
    return HttpResponse(Municipality.objects.all().db)


def test_view_decorator_and_pinning_after_a_write(replica):
    rf = RequestFactory()
    assert _which_db(rf.get("/")).content == b"replica1"
    assert _which_db(rf.post("/")).content == b"default"

    middleware = ReadYourWritesMiddleware(lambda r: HttpResponse(status=302))
    cookie = middleware(rf.post("/")).cookies[PIN_COOKIE]
    assert cookie["max-age"] == 5
    assert PIN_COOKIE not in middleware(rf.get("/")).cookies
    refused = ReadYourWritesMiddleware(lambda r: HttpResponse(status=400))
    assert PIN_COOKIE not in refused(rf.post("/")).cookies

    pinned = rf.get("/")
    pinned.COOKIES[PIN_COOKIE] = cookie.value
    assert _which_db(pinned).content == b"default"
    forged = rf.get("/")
    forged.COOKIES[PIN_COOKIE] = "1:forged"
    assert _which_db(forged).content == b"replica1"


def test_dead_replica_is_skipped_and_reads_fall_back(dead_replica):
    with reading_from_replicas():
        assert choose_replica(Municipality) is None
    assert db_router.is_down(dead_replica)
    response = _which_db(RequestFactory().get("/"))
    assert response.content == b"default"


def test_view_that_fails_on_a_replica_runs_again_on_the_primary(replica):
    calls = []

    @lag_tolerant
    def view(request):
        db = Municipality.objects.all().db
        calls.append(db)
        if db == replica:
            raise OperationalError("server closed the connection unexpectedly")
        return HttpResponse(db)

    assert view(RequestFactory().get("/")).content == b"default"
    assert calls == [replica, DEFAULT_DB_ALIAS]
    assert db_router.is_down(replica)


@pytest.mark.parametrize(
    "path",
    [
        "/offers/duisburg/",
        "/offers/duisburg/search/",
        "/reports/dashboard/",
    ],
)
def test_public_directory_and_dashboards_are_marked(path):
    assert getattr(resolve(path).func, "lag_tolerant", False)
