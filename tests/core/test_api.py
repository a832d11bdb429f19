"""The JSON API: OpenAPI document, authentication, permissions, JSON errors."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from ankunft.core.models import ApiToken, Role
from ankunft.core.services import api_token_create
from tests import factories

pytestmark = pytest.mark.django_db


def test_openapi_document_validates(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert "/api/staff/{staff_id}" in spec["paths"]


def test_interactive_docs_are_served_without_cdn(client):
    body = client.get("/api/docs").content.decode()
    assert "swagger" in body.lower()
    assert "cdn." not in body


@pytest.mark.parametrize(
    "path", ["/api/me", "/api/staff", "/api/staff/1", "/api/audit", "/api/municipality"]
)
def test_unauthenticated_calls_get_401_json(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required: log in or send a token."}


def test_forbidden_call_gets_403_json(client, town, make_user):
    client.force_login(make_user(Role.CASE_WORKER))
    response = client.get("/api/staff", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission for this."}


def test_forbidden_object_does_not_leak_existence(client, town, other_town, make_user):
    """A foreign record and a missing one answer alike."""
    client.force_login(make_user(Role.HEAD_OF_KI))
    foreign = make_user(Role.CASE_WORKER, other_town)
    a = client.get(f"/api/staff/{foreign.pk}")
    b = client.get("/api/staff/999999")
    assert (a.status_code, a.json()) == (b.status_code, b.json())
    assert a.status_code == 404


def test_token_authentication(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    token, key = api_token_create(user=head, name="script")
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == head.username
    assert "core.view_staff" in body["permissions"]
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert key not in {t.digest for t in ApiToken.objects.all()}  # only the digest is kept


def test_wrong_or_inactive_token_gets_401(client, town, make_user):
    user = make_user(Role.HEAD_OF_KI)
    _token, key = api_token_create(user=user, name="x")
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer ank_wrong").status_code == 401
    user.is_active = False
    user.save()
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_validation_errors_are_json(client, town, make_user):
    client.force_login(make_user(Role.DPO))
    response = client.get("/api/audit", {"since": "not-a-date"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["detail"] == "The input is not valid."


def test_municipality_endpoint(client, town, make_user):
    factories.district(town, "Marxloh")
    client.force_login(make_user(Role.CASE_WORKER))
    body = client.get("/api/municipality").json()
    assert body["name"] == town.name
    assert [d["name"] for d in body["districts"]] == ["Marxloh"]
    assert body["content_languages"][0] == "de"


def test_token_page_shows_key_once(client, town, make_user):
    client.force_login(make_user(Role.FINANCE))
    response = client.post("/api-access/", {"name": "Bericht"})
    assert 'id="new-token">ank_' in response.content.decode()
    assert "ank_" not in client.get("/api-access/").content.decode().split("<table>")[1]


def test_passwords_are_hashed_with_argon2(town):
    user = factories.user(Role.DPO, town, password=factories.PASSWORD)
    assert user.password.startswith("argon2$")
    assert user.check_password(factories.PASSWORD)
