"""The site root: visitors find the public directory in their language, staff their start."""

from __future__ import annotations

import pytest

from ankunft.core.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_one_municipality_sends_visitors_to_its_directory(town):
    response = client_get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/offers/{town.slug}/"


def test_the_language_chosen_by_link_is_kept(town):
    assert client_get("/?lang=ar")["Location"] == f"/offers/{town.slug}/?lang=ar"
    assert client_get("/?lang=xx")["Location"] == f"/offers/{town.slug}/"


def test_several_municipalities_get_a_chooser_with_the_staff_login(town, other_town):
    response = client_get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en"' in body
    assert "<h1>Offers</h1>" in body
    assert f'<a class="tile" href="/offers/{town.slug}/">Help in {town.name}</a>' in body
    assert (
        f'<a class="tile" href="/offers/{other_town.slug}/">Help in {other_town.name}</a>' in body
    )
    assert '<a href="/accounts/login/">Staff: log in</a>' in body
    assert "Accept-Language" in response["Vary"]


def test_the_chooser_speaks_the_language_of_the_link(town, other_town):
    """German by default; Arabic (a content language, not a UI language) with ?lang=ar."""
    body = client_get("/?lang=de").content.decode()
    assert "<h1>Angebote</h1>" in body
    assert f'<a class="tile" href="/offers/{town.slug}/?lang=de">Hilfe in {town.name}</a>' in body
    body = client_get("/?lang=ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert f'href="/offers/{town.slug}/?lang=ar">مساعدة في {town.name}</a>' in body
    assert '<a href="/accounts/login/">للموظفين: تسجيل الدخول</a>' in body


def test_without_any_municipality_the_root_offers_the_login():
    body = client_get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No public directory is set up here yet." in body
    assert 'href="/accounts/login/"' in body


def test_the_directory_links_to_the_staff_login(town):
    body = client_get(f"/offers/{town.slug}/?lang=en").content.decode()
    assert '<a href="/accounts/login/">Staff: log in</a>' in body


@pytest.mark.parametrize("role", list(Role))
def test_staff_get_their_start_page(client, town, role):
    client.force_login(factories.user(role, None if role == Role.OPERATOR else town))
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "core/home.html"


def client_get(path: str, **headers: str):
    from django.test import Client  # noqa: PLC0415

    return Client().get(path, **headers)
