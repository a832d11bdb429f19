"""Content-Security-Policy: strict header on every page, the nonce matches the page's script,
and the map page alone may load images from its tile server."""

from __future__ import annotations

import re

import pytest

from ankunft.core.models import Role
from ankunft.core.security import csp_origin
from ankunft.directory.models import DirectorySettings

STRICT = (
    "default-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


def _policy(response) -> dict[str, str]:
    return {
        d.split(" ", 1)[0]: d
        for d in (p.strip() for p in response["Content-Security-Policy"].split(";"))
    }


def test_pages_send_a_strict_policy_with_the_scripts_nonce(client, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.get("/")
    policy = _policy(response)
    for directive in STRICT:
        assert policy[directive.split(" ", 1)[0]] == directive
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"])
    assert nonce is not None
    assert policy["script-src"] == f"script-src 'self' 'nonce-{nonce.group(1)}'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert f'nonce="{nonce.group(1)}"' in response.content.decode()
    # A new nonce for every response.
    assert client.get("/")["Content-Security-Policy"] != response["Content-Security-Policy"]


def test_login_and_public_pages_have_the_policy(client, town):
    for path in ["/accounts/login/", f"/offers/{town.slug}/"]:
        assert _policy(client.get(path))["frame-ancestors"] == "frame-ancestors 'none'"


def test_map_page_allows_only_its_tile_server(client, town):
    DirectorySettings.objects.create(
        municipality=town, tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    )
    policy = _policy(client.get(f"/offers/{town.slug}/map/"))
    assert policy["img-src"] == "img-src 'self' data: https://*.tiles.example.org"
    assert _policy(client.get(f"/offers/{town.slug}/"))["img-src"] == "img-src 'self' data:"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8080/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
        ("javascript:alert(1)", None),
        ("https://{a}{b}.example.org/x", None),
        ("/tiles/{z}/{x}/{y}.png", None),
    ],
)
def test_csp_origin(url, origin):
    assert csp_origin(url) == origin
