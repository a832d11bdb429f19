"""Short form of `ankunft drill pg-restart` (the full drill restarts a private PostgreSQL
cluster): real gunicorn with DEBUG off loses its database and gets it back. Meanwhile pages
and the API answer 503 with Retry-After in the visitor's language, `/ready` 503 and
`/health` 200 "degraded"; afterwards the same workers answer 200 again, no restart.

On PostgreSQL the app talks to the test database through a TCP relay that is cut (its
connections drop, new ones are refused) and restored; on SQLite the database's folder is
moved away (new connections cannot open the file) and back, with connections not kept."""

from __future__ import annotations

import time

import httpx
import pytest
from django.db import connection

from ankunft.core.drills.server import FORWARDED, gunicorn, production_env
from tests import factories
from tests.drills.conftest import Relay

PAGES = ["/offers/outage/", "/api/me"]
# An unknown token: looking it up needs the database (401 when it is there).
TOKEN = {"Authorization": "Bearer ank_" + "0" * 43}


def _get(base: str, path: str, **headers: str) -> httpx.Response:
    return httpx.get(base + path, headers={**FORWARDED, **TOKEN, **headers}, timeout=20)


@pytest.fixture
def outage(served_db, tmp_path):
    """(database URL for the app, extra environment, cut(), restore())."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        relay = Relay((s["HOST"] or "127.0.0.1", int(s["PORT"] or 5432)))
        url = served_db.url.replace(f":{s['PORT'] or 5432}/", f":{relay.port}/")
        yield url, {}, relay.down, relay.up
        if relay.listener is not None:
            relay.down()
        return
    folder = tmp_path / "db"
    folder.mkdir()
    source = served_db.url.removeprefix("sqlite:///")
    moved = tmp_path / "db-away"
    url = f"sqlite:///{folder / 'served.sqlite3'}"

    def cut() -> None:
        folder.rename(moved)

    def restore() -> None:
        moved.rename(folder)

    served_db.publish()
    import shutil  # noqa: PLC0415

    shutil.move(source, folder / "served.sqlite3")
    yield url, {"DB_CONN_MAX_AGE": "0"}, cut, restore


def test_503_while_the_database_is_gone_and_recovery_without_restart(served_db, tmp_path, request):
    factories.municipality(name="Ausfallstadt", slug="outage")
    url, extra, cut, restore = request.getfixturevalue("outage")
    env = production_env(tmp_path / "var", url, **extra)
    with gunicorn(env, tmp_path, workers=2) as server:
        workers = sorted(server.workers())
        for path in PAGES:
            assert _get(server.base, path).status_code in {200, 401}
        cut()
        page = _get(server.base, "/offers/outage/", **{"Accept-Language": "en"})
        assert page.status_code == 503
        assert page.headers["retry-after"] == "5"
        assert "Please try again in a few seconds." in page.text
        api = _get(server.base, "/api/me")
        assert api.status_code == 503
        assert api.headers["retry-after"] == "5"
        assert "kurz nicht erreichbar" in api.json()["detail"]  # the suite runs in German
        assert _get(server.base, "/ready").status_code == 503
        health = _get(server.base, "/health")
        assert (health.status_code, health.json()) == (200, {"status": "degraded"})
        restore()
        deadline = time.monotonic() + 30
        while _get(server.base, "/offers/outage/").status_code != 200:
            assert time.monotonic() < deadline, "not recovered"
            time.sleep(0.2)
        # Every worker is back (a few rounds reach both), and none was restarted.
        assert {_get(server.base, p).status_code for p in PAGES * 4} <= {200, 401}
        assert sorted(server.workers()) == workers
