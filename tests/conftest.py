from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from ankunft.core.audit import SYSTEM, access_context
from ankunft.core.models import Interface, Municipality, Role
from tests import factories
from tests.openapi_check import ContractClient


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
