from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.utils import translation

from ankunft.core.audit import SYSTEM, access_context
from ankunft.core.models import Interface, Municipality, Role
from tests import factories
from tests.openapi_check import ContractClient


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """CI runs the suite on both engines side by side; a test marked `engine_free` (a CLI
    subprocess that reads no database: help, languages, offline commands) gives the same
    answer on either, so it runs once, in the SQLite run, and the PostgreSQL run keeps its
    time for what the engine decides."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    once = [item for item in items if item.get_closest_marker("engine_free")]
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = [item for item in items if not item.get_closest_marker("engine_free")]


if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """The session's one headless Chromium (Debian's package), for every browser test.

    Defined here, once for the whole suite: two session fixtures would each start Playwright,
    and the second start fails inside the first one's event loop.
    """
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  # only browser tests

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def town(db) -> Municipality:
    return factories.municipality(name="Duisburg-Test", slug="dutest")


@pytest.fixture
def other_town(db) -> Municipality:
    return factories.municipality(name="Anderswo", slug="anderswo")


@pytest.fixture
def make_user(db, town):
    def make(role: str = Role.CASE_WORKER, m: Municipality | None = None, **kw):
        return factories.user(role, town if m is None else m, **kw)

    return make


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (German).

    A request with Accept-Language or ?lang= activates its language in the test thread, and
    Django does not switch back afterwards; without this, test order would decide the language.
    """
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def api_client():
    """A test client whose API answers are validated against the OpenAPI document."""
    return ContractClient()


@pytest.fixture
def client(api_client):
    """Every test's client checks its API answers against the OpenAPI document (Zulip-style):
    an undeclared status or a body that does not match fails the test. Pages are untouched."""
    return api_client


@pytest.fixture(autouse=True)
def _system_context():
    """Test set-up acts as the system, as `ankunft demo-data` does on the command line.

    Services called with `actor=None` audit as the context's actor; outside any request,
    command line or task there is none and `audit()` refuses (see tests/core/test_audit.py).
    Requests made by the test client set their own context on top of this one.
    """
    with access_context(Interface.SYSTEM, actor=SYSTEM):
        yield


@pytest.fixture(autouse=True)
def _empty_search_index_after_committed_tests(request, django_db_blocker):
    """After a test that commits (live server, `transaction=True`) on SQLite, empty the
    directory's full-text tables: the flush that ends such a test knows only Django's tables,
    and a search row left behind would collide with an offer of a later test."""
    yield
    if not ({"live_server", "transactional_db"} & set(request.fixturenames)) and not any(
        m.kwargs.get("transaction") for m in request.node.iter_markers("django_db")
    ):
        return
    from django.db import connection  # noqa: PLC0415

    if connection.vendor != "sqlite":
        return
    from ankunft.directory.search.backends import backend  # noqa: PLC0415

    with django_db_blocker.unblock():
        backend().rebuild()  # from the (flushed, empty) documents: nothing


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the directory caches result pages under its
    version number, which a rolled-back test database hands out again."""
    from django.core.cache import cache  # noqa: PLC0415

    cache.clear()
