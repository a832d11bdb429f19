"""Brute force: django-axes locks a (username, address) pair after 5 failures for 15
minutes and an address after 20; the login page, the admin and the API are covered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import translation

from ankunft.core.models import Role

PASSWORD = "Kaffeebohnen-im-Rathaus-2026"
LOCKED_DE = "Zu viele fehlgeschlagene Anmeldeversuche"
WRONG_DE = "Bitte Benutzername und Passwort eingeben"


def _login(client, username, password, ip="203.0.113.7", path="/accounts/login/"):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


def _cool_off_passes():
    """A fixed clock moved forward: every recorded failure now lies 16 minutes back."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=16)
        attempt.save()


pytestmark = pytest.mark.usefixtures("fast_hasher")


@pytest.fixture
def head(make_user):
    return make_user(Role.HEAD_OF_KI, username="kopf", password=PASSWORD)


def test_sixth_wrong_password_is_locked_and_right_one_fails_until_cool_off(client, head):
    """Four wrong passwords get the usual error; the fifth failure locks the pair: the sixth
    attempt is answered 429 with a translated message, even with the right password; after the
    cool-off the right password works again."""
    for _ in range(4):
        response = _login(client, "kopf", "falsch-falsch-falsch")
        assert response.status_code == 200
        assert WRONG_DE in response.content.decode()
    fifth = _login(client, "kopf", "falsch-falsch-falsch")
    assert fifth.status_code == 429
    sixth = _login(client, "kopf", "falsch-falsch-falsch")
    assert sixth.status_code == 429
    assert LOCKED_DE in sixth.content.decode()
    assert "15 Minuten" in sixth.content.decode()
    right = _login(client, "kopf", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session

    _cool_off_passes()
    after = _login(client, "kopf", PASSWORD)
    assert after.status_code == 302
    assert after["Location"] == "/"
    assert client.session["_auth_user_id"] == str(head.pk)


def test_lockout_message_in_english(client, head):
    with translation.override("en"):
        for _ in range(5):
            response = client.post(
                "/accounts/login/",
                {"username": "kopf", "password": "wrong-wrong-wrong"},
                REMOTE_ADDR="203.0.113.7",
                HTTP_ACCEPT_LANGUAGE="en",
            )
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()


def test_attacker_address_does_not_lock_out_the_real_user(client, head):
    """Failures from one address lock only that address: the user logs in from another."""
    for _ in range(6):
        _login(client, "kopf", "falsch-falsch-falsch", ip="198.51.100.66")
    assert _login(client, "kopf", PASSWORD, ip="198.51.100.66").status_code == 429
    response = _login(client, "kopf", PASSWORD, ip="192.0.2.10")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(head.pk)


def test_address_is_locked_after_twenty_failures_across_usernames(client, head):
    """Spraying many usernames from one address: after 20 failures (4 per name, so no pair
    is locked) the address itself is locked, for every username."""
    for n in range(5):
        for _ in range(4):
            assert _login(client, f"user{n}", "falsch-falsch-falsch").status_code in {200, 429}
    assert _login(client, "kopf", PASSWORD).status_code == 429
    assert _login(client, "kopf", PASSWORD, ip="192.0.2.10").status_code == 302


def test_nineteen_failures_across_usernames_do_not_lock_the_address(client, head):
    for n in range(19):
        assert _login(client, f"user{n}", "falsch-falsch-falsch").status_code == 200
    assert _login(client, "kopf", PASSWORD).status_code == 302


def test_admin_login_is_throttled(client, make_user):
    make_user(
        Role.OPERATOR,
        m=None,
        username="betrieb",
        password=PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
    for _ in range(5):
        _login(client, "betrieb", "falsch-falsch-falsch", path="/admin/login/")
    locked = _login(client, "betrieb", PASSWORD, path="/admin/login/")
    assert locked.status_code == 429
    assert LOCKED_DE in locked.content.decode()
    # The pair is locked for the app's login page too.
    assert _login(client, "betrieb", PASSWORD).status_code == 429


def test_failures_on_the_admin_and_the_page_add_up(client, head):
    for _ in range(3):
        _login(client, "kopf", "falsch-falsch-falsch", path="/admin/login/")
    for _ in range(2):
        _login(client, "kopf", "falsch-falsch-falsch")
    assert _login(client, "kopf", PASSWORD).status_code == 429


def test_api_has_no_password_endpoint_and_refuses_basic_auth(client, head):
    """The API takes no passwords (session or personal token only): a password sent as
    HTTP Basic is not accepted, so it offers nothing to guess passwords with."""
    import base64  # noqa: PLC0415

    basic = base64.b64encode(f"kopf:{PASSWORD}".encode()).decode()
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 401
    assert response["Cache-Control"] == "no-store"
