"""No cache keeps personal data: `Cache-Control: no-store` on pages for logged-in users and on
every API response; public directory pages keep their own caching headers."""

from __future__ import annotations

import pytest

from ankunft.core.models import Role


@pytest.mark.parametrize("path", ["/", "/staff/", "/api-access/", "/accounts/password/"])
def test_pages_for_logged_in_users_are_not_stored(client, make_user, path):
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "Expires" not in response


@pytest.mark.parametrize("path", ["/api/me", "/api/staff", "/api/municipality"])
def test_api_responses_are_not_stored(client, make_user, path):
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_api_errors_and_token_requests_are_not_stored(client, db):
    assert client.get("/api/me")["Cache-Control"] == "no-store"
    response = client.get("/api/me", HTTP_AUTHORIZATION="Bearer ank_nothing")
    assert response.status_code == 401
    assert response["Cache-Control"] == "no-store"


def test_public_directory_pages_keep_their_headers(client, town):
    response = client.get(f"/offers/{town.slug}/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_response_declared_public_keeps_its_headers(rf, make_user):
    """The middleware leaves a response alone that its view declared `public`."""
    from django.http import HttpResponse  # noqa: PLC0415

    from ankunft.core.security import NoStoreMiddleware  # noqa: PLC0415

    def view(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "public, max-age=300"
        return response

    request = rf.get("/offers/x/")
    request.user = make_user(Role.CASE_WORKER)
    assert NoStoreMiddleware(view)(request)["Cache-Control"] == "public, max-age=300"
    request = rf.get("/staff/")
    request.user = make_user(Role.CASE_WORKER)
    assert NoStoreMiddleware(lambda r: HttpResponse("x"))(request)["Cache-Control"] == "no-store"
