"""Session lifetime: idle and absolute timeouts, browser-close cookies unless "remember me",
and a disabled account or a changed password ends every session of the user."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from ankunft.core import security
from ankunft.core.models import Role, User
from ankunft.core.services import api_token_create

PASSWORD = "Kaffeebohnen-im-Rathaus-2026"


pytestmark = pytest.mark.usefixtures("fast_hasher")


@pytest.fixture
def worker(make_user):
    return make_user(Role.CASE_WORKER, username="fallarbeit", password=PASSWORD)


def _login(remember: bool = False) -> Client:
    c = Client()
    data = {"username": "fallarbeit", "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = c.post("/accounts/login/", data)
    assert response.status_code == 302
    return c


def _age(c: Client, *, auth: int = 0, seen: int = 0) -> None:
    """Move the session's login and last-request times back by the given seconds."""
    session = c.session
    session[security.AUTH_AT_KEY] -= auth
    session[security.SEEN_AT_KEY] -= seen
    session.save()


def test_idle_session_ends_after_thirty_minutes(worker, settings):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    c = _login()
    _age(c, seen=30 * 60 + 1)
    response = c.get("/api-access/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/api-access/"
    login_page = c.get(response["Location"]).content.decode()
    assert "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an." in login_page
    assert c.get("/api-access/").status_code == 302


def test_activity_keeps_the_session_alive(worker):
    c = _login()
    _age(c, seen=29 * 60)
    assert c.get("/api-access/").status_code == 200
    # The request counted as activity: 29 more minutes later it is still alive.
    _age(c, seen=29 * 60)
    assert c.get("/api-access/").status_code == 200


def test_idle_timeout_is_a_setting(worker, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    c = _login()
    _age(c, seen=5 * 60 + 1)
    assert c.get("/api-access/").status_code == 302


def test_absolute_timeout_ends_an_active_session(worker, settings):
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60
    c = _login(remember=True)
    _age(c, auth=12 * 60 * 60 + 1)
    assert c.get("/api-access/").status_code == 302


def test_api_session_idle_answers_401(worker):
    c = _login()
    assert c.get("/api/me").status_code == 200
    _age(c, seen=31 * 60)
    assert c.get("/api/me").status_code == 401


def test_session_cookie_ends_with_the_browser_without_remember_me(worker, settings):
    c = _login()
    cookie = c.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert c.session.get_expire_at_browser_close() is True


def test_remember_me_keeps_the_cookie_until_the_absolute_timeout(worker, settings):
    c = _login(remember=True)
    cookie = c.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 12 * 60 * 60
    assert c.session.get_expire_at_browser_close() is False


def test_login_form_offers_remember_me():
    body = Client().get("/accounts/login/").content.decode()
    assert 'name="remember"' in body
    assert "Auf diesem Gerät angemeldet bleiben" in body


def test_disabling_a_user_ends_all_their_sessions(worker, make_user):
    first, second = _login(), _login()
    other = make_user(Role.CASE_WORKER, username="kollegin", password=PASSWORD)
    colleague = Client()
    colleague.post("/accounts/login/", {"username": "kollegin", "password": PASSWORD})
    _token, key = api_token_create(user=worker, name="script")
    assert Session.objects.count() == 3

    worker.is_active = False
    worker.save()

    assert Session.objects.count() == 1  # only the colleague's
    assert first.get("/api-access/").status_code == 302
    assert second.get("/api/me").status_code == 401
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert colleague.get("/api-access/").status_code == 200
    # Enabled again, the old sessions stay ended.
    worker.is_active = True
    worker.save()
    assert first.get("/api-access/").status_code == 302
    assert other.is_active


def test_a_password_set_elsewhere_ends_the_sessions(worker):
    """An operator setting a new password (admin, command line) logs the user out."""
    c = _login()
    user = User.objects.get(pk=worker.pk)
    user.set_password("Stadtbahn-nach-Marxloh-7391")
    user.save()
    assert c.get("/api-access/").status_code == 302


def test_login_issues_a_new_session_key(worker, settings):
    """A session id planted before the login does not carry over (session fixation)."""
    c = Client()
    c.get("/accounts/login/")
    session = c.session
    session["planted"] = "x"
    session.save()
    before = session.session_key
    c.cookies[settings.SESSION_COOKIE_NAME] = before
    c.post("/accounts/login/", {"username": "fallarbeit", "password": PASSWORD})
    assert c.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert not Session.objects.filter(session_key=before).exists()
