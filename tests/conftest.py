from __future__ import annotations

import pytest

from ankunft.core.models import Municipality, Role
from tests import factories


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
