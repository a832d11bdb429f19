"""A user never reads another municipality's records, on pages or through the API."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from ankunft.core.models import District, Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_for_user_returns_only_own_municipality(town, other_town, make_user):
    """The tenant scope keeps other municipalities' districts out."""
    factories.district(town, "Marxloh")
    factories.district(other_town, "Fremdbezirk")
    head = make_user(Role.HEAD_OF_KI)
    names = set(District.objects.for_user(head).values_list("name", flat=True))
    assert names == {"Marxloh"}


def test_scope_is_empty_for_anonymous_and_global_users(town, make_user):
    """No municipality, no tenant records: an operator does not see the KI's data."""
    factories.district(town)
    operator = factories.user(Role.OPERATOR, None)
    assert District.objects.for_user(AnonymousUser()).count() == 0
    assert District.objects.for_user(operator).count() == 0


def test_staff_page_of_other_municipality_is_404(client, town, other_town, make_user):
    """The detail page of a foreign staff member answers 404, not 403: existence stays hidden."""
    head = make_user(Role.HEAD_OF_KI)
    stranger = make_user(Role.CASE_WORKER, other_town)
    client.force_login(head)
    assert client.get(f"/staff/{stranger.pk}/").status_code == 404
    assert client.get(f"/staff/{head.pk}/").status_code == 200


def test_staff_list_page_shows_only_own_municipality(client, town, other_town, make_user):
    head = make_user(Role.HEAD_OF_KI, last_name="Eigen")
    make_user(Role.CASE_WORKER, other_town, last_name="Fremd")
    client.force_login(head)
    body = client.get("/staff/").content.decode()
    assert "Eigen" in body
    assert "Fremd" not in body


def test_api_staff_of_other_municipality_is_404(client, town, other_town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    stranger = make_user(Role.CASE_WORKER, other_town)
    client.force_login(head)
    response = client.get(f"/api/staff/{stranger.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}


def test_api_staff_list_is_scoped(client, town, other_town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    mine = make_user(Role.CASE_WORKER)
    make_user(Role.CASE_WORKER, other_town)
    client.force_login(head)
    ids = {row["id"] for row in client.get("/api/staff").json()["items"]}
    assert ids == {head.pk, mine.pk}


def test_team_lead_sees_only_own_team(client, town, make_user):
    """Team leads see their team's members, not the whole KI."""
    team_a, team_b = factories.team(town, "A"), factories.team(town, "B")
    lead = make_user(Role.TEAM_LEAD, team=team_a)
    member = make_user(Role.CASE_WORKER, team=team_a)
    outsider = make_user(Role.CASE_WORKER, team=team_b)
    client.force_login(lead)
    assert client.get(f"/staff/{member.pk}/").status_code == 200
    assert client.get(f"/staff/{outsider.pk}/").status_code == 404
