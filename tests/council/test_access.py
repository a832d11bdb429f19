"""The council's navigation entry (who may open which council page and operation, and
tenant isolation: tests/access_matrix.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ankunft.core.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def _login(client, town, role):
    user = factories.user(role, None if role == Role.OPERATOR else town)
    client.force_login(user)
    return user


def test_navigation_entry_for_council_roles_only(client, town):
    """The "Council" entry leads to the papers list for those who may read papers."""
    _login(client, town, Role.FINANCE)
    assert f'href="{reverse("council:paper_list")}"' in client.get("/").content.decode()
    _login(client, town, Role.CASE_WORKER)
    assert f'href="{reverse("council:paper_list")}"' not in client.get("/").content.decode()
