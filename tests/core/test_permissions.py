"""The permission layer's rules (which page each role gets: tests/access_matrix.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ankunft.core import permissions
from ankunft.core.models import Role
from ankunft.core.navigation import mark_current
from tests import factories

pytestmark = pytest.mark.django_db


def test_unknown_permission_is_denied(town, make_user):
    assert permissions.has_perm(make_user(Role.HEAD_OF_KI), "no.such_permission") is False


def test_inactive_user_has_no_permission(town, make_user):
    user = make_user(Role.DPO, is_active=False)
    assert permissions.has_perm(user, "core.view_audit") is False


def test_can_checks_tenant(town, other_town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    assert permissions.can(head, "core.view_staff", make_user(Role.CASE_WORKER))
    assert not permissions.can(head, "core.view_staff", make_user(Role.CASE_WORKER, other_town))


def test_navigation_shows_only_allowed_entries(client, town, make_user):
    """The finance role does not see the audit log in its navigation; the DPO does."""
    client.force_login(make_user(Role.FINANCE))
    assert reverse("core:audit_list") not in client.get("/").content.decode()
    client.force_login(make_user(Role.DPO))
    assert f'href="{reverse("core:audit_list")}"' in client.get("/").content.decode()


def test_admin_only_for_operators(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    assert client.get("/admin/").status_code == 302  # admin's own login: not staff
    client.force_login(factories.user(Role.OPERATOR, None, is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


def test_only_the_longest_matching_navigation_entry_is_current():
    entries = [{"url": u, "active": False} for u in ["/", "/measures/", "/measures/barriers/"]]
    mark_current(entries, "/measures/barriers/7/")
    assert [e["url"] for e in entries if e["active"]] == ["/measures/barriers/"]
    entries = [{"url": u, "active": False} for u in ["/", "/measures/"]]
    mark_current(entries, "/")
    assert [e["url"] for e in entries if e["active"]] == ["/"]
