"""Second factor (issue 12, ASVS 6.3.3, 6.4.3, 6.5.x, 7.5.1): TOTP with django-otp and hashed
single-use recovery codes; the login's code step; the policy per municipality and role;
enrolment; re-authentication before the factor changes; throttling of wrong codes; a password
reset that does not skip the factor; the API for unverified sessions."""

from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from ankunft.core import mfa, permissions
from ankunft.core.models import (
    ApiToken,
    AuditAction,
    AuditEntry,
    RecoveryCode,
    Role,
    RoleDefinition,
    User,
)
from ankunft.core.roles import seed_default_roles
from tests.mfa_helpers import device_for, pass_second_factor

PASSWORD = "Kaffeebohnen-im-Rathaus-2026"
NEW = "Stadtbahn-nach-Marxloh-7391"
IP = "203.0.113.7"


pytestmark = pytest.mark.usefixtures("fast_hasher")


@pytest.fixture
def head(make_user):
    return make_user(Role.HEAD_OF_KI, username="kopf", password=PASSWORD, email="k@example.org")


@pytest.fixture
def worker(make_user):
    return make_user(Role.CASE_WORKER, username="fall", password=PASSWORD)


def _login(client: Client, username: str = "kopf", password: str = PASSWORD):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=IP
    )


def _verify(client: Client, code: str):
    return client.post("/accounts/two-factor/verify/", {"code": code}, REMOTE_ADDR=IP)


def _code_at_step(device: TOTPDevice, step: int) -> str:
    return mfa.totp_code(device, device.t0 + step * device.step + 1)


# ---------------------------------------------------------------------------------------------
# Policy
# ---------------------------------------------------------------------------------------------


def test_default_policy_requires_head_dpo_finance_and_operators(town, make_user, settings):
    """Seeded roles: head of KI, DPO and finance require a second factor, the others not;
    operators (no municipality) by the setting, which can turn it off."""
    required = {r.key for r in RoleDefinition.objects.filter(municipality=town, requires_mfa=True)}
    assert required == {Role.HEAD_OF_KI, Role.DPO, Role.FINANCE}
    operator = make_user(Role.OPERATOR, m=None)
    assert mfa.required(operator) is True
    assert mfa.required(make_user(Role.CASE_WORKER)) is False
    settings.MFA_OPERATORS = False
    assert mfa.required(operator) is False


def test_policy_is_per_municipality(town, other_town, make_user):
    """Musterstadt turns it off for its finance role; Duisburg's finance still needs it."""
    seed_default_roles(other_town)
    RoleDefinition.objects.filter(municipality=other_town, key=Role.FINANCE).update(
        requires_mfa=False
    )
    assert mfa.required(make_user(Role.FINANCE)) is True
    assert mfa.required(make_user(Role.FINANCE, m=other_town)) is False


def test_role_page_turns_the_policy_on_and_members_must_enrol_at_their_next_request(
    client, head, worker, town
):
    """The head ticks "second factor required" for case workers; the case worker's session,
    open since before, is sent to the enrolment page at its next request (no new login)."""
    other = Client()
    _login(other, "fall")
    assert other.get("/").status_code == 200
    client.force_login(head)
    page = client.get("/roles/case_worker/")
    assert 'name="requires_mfa"' in page.content.decode()
    record = RoleDefinition.objects.get(municipality=town, key=Role.CASE_WORKER)
    grantable = set(permissions.role_permissions(head))
    response = client.post(
        "/roles/case_worker/",
        {
            "key": "case_worker",
            "permissions": [p for p in record.permissions if p in grantable],
            "requires_mfa": "on",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.requires_mfa is True
    blocked = other.get("/cases/worklist/")
    assert blocked.status_code == 302
    assert blocked["Location"] == "/accounts/two-factor/?next=/cases/worklist/"


# ---------------------------------------------------------------------------------------------
# Login with a device
# ---------------------------------------------------------------------------------------------


def test_password_alone_reaches_nothing_but_the_code_page(client, head):
    """After the password, pages redirect to the code page, the API answers 403 JSON, the
    admin is closed; public pages see an anonymous visitor."""
    device_for(head)
    response = _login(client)
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert home["Location"] == "/accounts/two-factor/verify/"
    assert (
        client.get("/cases/worklist/")["Location"]
        == "/accounts/two-factor/verify/?next=/cases/worklist/"
    )
    assert client.get("/api-access/")["Location"].startswith("/accounts/two-factor/verify/")
    assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/verify/")
    api = client.get("/api/me")
    assert api.status_code == 403
    assert "/accounts/two-factor/verify/" in api.json()["detail"]
    page = client.get("/accounts/two-factor/verify/")
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    assert client.get("/health").status_code == 200


def test_right_code_verifies_the_session_with_a_new_key(client, head):
    device = device_for(head)
    _login(client)
    before = client.session.session_key
    response = _verify(client, mfa.next_code(device))
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session.session_key != before
    assert client.get("/").status_code == 200
    assert client.get("/api/me").status_code == 200
    # Verified: the code page sends on.
    assert client.get("/accounts/two-factor/verify/").status_code == 302


def test_next_is_kept_and_foreign_targets_are_refused(client, head):
    device = device_for(head)
    _login(client)
    response = client.post(
        "/accounts/two-factor/verify/", {"code": mfa.next_code(device), "next": "/cases/worklist/"}
    )
    assert response["Location"] == "/cases/worklist/"
    other = Client()
    _login(other)
    response = other.post(
        "/accounts/two-factor/verify/",
        {"code": mfa.next_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_a_code_is_accepted_once(client, head):
    """The same code in a second session is refused (django-otp remembers its time step)."""
    device = device_for(head)
    code = mfa.next_code(device)
    _login(client)
    assert _verify(client, code).status_code == 302
    second = Client()
    _login(second)
    again = _verify(second, code)
    assert again.status_code == 400
    assert 'class="error" role="alert"' in again.content.decode()
    assert second.get("/")["Location"].startswith("/accounts/two-factor/verify/")


def test_drift_window_is_one_step_either_side(client, head):
    """Codes of the previous and the next 30-second step are accepted; two steps away not."""
    device = device_for(head)
    now = int(time.time() - device.t0) // device.step
    _login(client)
    assert _verify(client, _code_at_step(device, now + 2)).status_code == 400
    device.throttle_reset()
    assert _verify(client, _code_at_step(device, now - 1)).status_code == 302


def test_wrong_codes_count_as_failed_logins_and_lock(client, head):
    """Wrong codes are failures for axes (username and address): with the password's own
    failure limit of 5, the fifth wrong code locks the pair and ends the half-logged-in
    session; the right code is then refused too."""
    device = device_for(head)
    _login(client)
    for _ in range(4):
        assert _verify(client, "000000").status_code == 400
    fifth = _verify(client, "000000")
    assert fifth.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="kopf").failures_since_start == 5
    again = Client()
    assert _login(again).status_code == 429
    assert "_auth_user_id" not in again.session
    assert device.last_t == -1  # no code was accepted


def test_device_brakes_after_a_wrong_code(client, head):
    """django-otp's own brake: right after a wrong code even the right one waits a second."""
    device = device_for(head)
    _login(client)
    assert _verify(client, "000000").status_code == 400
    assert _verify(client, mfa.next_code(device)).status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    assert _verify(client, mfa.next_code(device)).status_code == 302


def test_user_without_device_and_no_requirement_logs_in_with_the_password(client, worker):
    assert _login(client, "fall").status_code == 302
    assert client.get("/").status_code == 200


def _queries(c: Client, path: str) -> int:
    c.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert c.get(path).status_code == 200
    return len(queries)


def test_the_check_costs_no_query_per_request(worker):
    """The request's user comes with their role's policy and device in one query: with a
    verified second factor a page costs as many queries as without one."""
    c = Client()
    _login(c, "fall")
    without = _queries(c, "/api/me")
    device_for(worker)
    _login(c, "fall")
    pass_second_factor(c, "fall")
    assert _queries(c, "/api/me") == without


# ---------------------------------------------------------------------------------------------
# Enrolment
# ---------------------------------------------------------------------------------------------


def _secret(page: str) -> str:
    match = re.search(r'<code id="mfa-secret">([A-Z2-7 ]+)</code>', page)
    assert match is not None
    return match.group(1).replace(" ", "")


def test_required_role_without_device_is_sent_to_enrolment(client, head):
    assert _login(client)["Location"] == "/"
    assert client.get("/")["Location"] == "/accounts/two-factor/"
    assert client.get("/budget/")["Location"] == "/accounts/two-factor/?next=/budget/"
    assert client.get("/accounts/two-factor/verify/")["Location"].startswith(
        "/accounts/two-factor/"
    )
    api = client.get("/api/me")
    assert api.status_code == 403
    assert "/accounts/two-factor/" in api.json()["detail"]


def test_enrolment_shows_secret_and_qr_then_codes_once(client, head):
    """The page shows the secret as grouped text and as an SVG QR code (no script, no style
    attribute); the first code and the password confirm it; 10 recovery codes are shown
    once and stored only as SHA-256 digests."""
    _login(client)
    page = client.get("/accounts/two-factor/").content.decode()
    secret = _secret(page)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert "style=" not in svg
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    device = TOTPDevice.objects.get(user=head, confirmed=False)
    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    # A wrong code, and the right code with a wrong password, are refused.
    wrong = client.post("/accounts/two-factor/", {"code": "123456", "password": PASSWORD})
    assert wrong.status_code == 400
    device.throttle_reset()
    no_pw = client.post(
        "/accounts/two-factor/", {"code": mfa.next_code(device), "password": "nope-nope-nope"}
    )
    assert no_pw.status_code == 400
    assert not TOTPDevice.objects.filter(user=head, confirmed=True).exists()
    done = client.post(
        "/accounts/two-factor/", {"code": mfa.next_code(device), "password": PASSWORD}
    )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(len(c.replace("-", "")) == 24 for c in codes)
    stored = set(RecoveryCode.objects.filter(user=head).values_list("digest", flat=True))
    assert len(stored) == 10
    assert not any(c.replace("-", "") in d for c in codes for d in stored)
    assert client.get("/").status_code == 200  # this session is verified
    # The codes are not shown again.
    manage = client.get("/accounts/two-factor/").content.decode()
    assert codes[0] not in manage
    assert 'name="remove-password"' in manage


def test_confirming_a_device_no_longer_pending_is_a_refusal_not_a_crash(head):
    """Two tabs of the enrolment page: the first confirms the device (and drops the other
    pending ones); the second's confirmation finds no pending device and is refused."""
    device = TOTPDevice.objects.create(user=head, name="app", confirmed=False)
    code = mfa.next_code(device)
    assert mfa.confirm_enrolment(user=head, device=device, code=code) is not None
    assert mfa.confirm_enrolment(user=head, device=device, code=code) is None
    assert RecoveryCode.objects.filter(user=head).count() == 10


def test_recovery_code_logs_in_once(client, head):
    device_for(head)
    codes = mfa.new_recovery_codes(head)
    _login(client)
    response = _verify(client, codes[0].upper().replace("-", " "))
    assert response.status_code == 302
    assert RecoveryCode.objects.filter(user=head).count() == 9
    second = Client()
    _login(second)
    assert _verify(second, codes[0]).status_code == 400


# ---------------------------------------------------------------------------------------------
# Changing the factor: re-authentication
# ---------------------------------------------------------------------------------------------


def _verified_client(username: str = "kopf") -> Client:
    c = Client()
    _login(c, username)
    pass_second_factor(c, username)
    return c


def test_new_recovery_codes_need_password_and_code(head):
    device = device_for(head)
    old = mfa.new_recovery_codes(head)
    c = _verified_client()
    no_code = c.post(
        "/accounts/two-factor/",
        {"regenerate-password": PASSWORD, "regenerate-code": "000000"},
        REMOTE_ADDR=IP,
    )
    assert no_code.status_code == 400
    device.throttle_reset()
    wrong_pw = c.post(
        "/accounts/two-factor/",
        {"regenerate-password": "nope-nope-nope", "regenerate-code": mfa.next_code(device)},
        REMOTE_ADDR=IP,
    )
    assert wrong_pw.status_code == 400
    assert AccessAttempt.objects.get(username="kopf").failures_since_start == 2
    done = c.post(
        "/accounts/two-factor/",
        {"regenerate-password": PASSWORD, "regenerate-code": old[0]},
        REMOTE_ADDR=IP,
    )
    assert done.status_code == 200
    new = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", done.content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    fresh = Client()
    _login(fresh)
    assert _verify(fresh, old[1]).status_code == 400
    assert _verify(fresh, new[0]).status_code == 302


def test_removing_the_app_needs_reauth_and_ends_other_sessions(head, worker):
    device = device_for(head)
    here = _verified_client()
    elsewhere = _verified_client()
    refused = here.post(
        "/accounts/two-factor/", {"remove-password": PASSWORD, "remove-code": "000000"}
    )
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=head).exists()
    device.throttle_reset()
    done = here.post(
        "/accounts/two-factor/",
        {"remove-password": PASSWORD, "remove-code": mfa.next_code(device)},
    )
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=head, confirmed=True).exists()
    assert not RecoveryCode.objects.filter(user=head).exists()
    # The head must use a second factor: this session goes to the enrolment, the other one
    # has ended.
    assert here.get("/")["Location"] == "/accounts/two-factor/"
    assert "_auth_user_id" not in elsewhere.session
    assert elsewhere.get("/cases/worklist/")["Location"].startswith("/accounts/login/")


def test_a_removed_device_no_longer_verifies_a_session(head):
    """A session verified by a device that is gone is not verified (the device id is
    compared at every request)."""
    c = _verified_client()
    TOTPDevice.objects.filter(user=head).delete()
    TOTPDevice.objects.create(user=head, name="new", confirmed=True)
    assert c.get("/")["Location"] == "/accounts/two-factor/verify/"


# ---------------------------------------------------------------------------------------------
# Password reset, API tokens
# ---------------------------------------------------------------------------------------------


def test_password_reset_does_not_log_in_nor_skip_the_code(client, head, mailoutbox):
    """The reset sets the password and does not log in; the next login with the new
    password still asks for the code."""
    device_for(head)
    client.post("/accounts/password-reset/", {"email": "k@example.org"})
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mailoutbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == "/accounts/password-reset/done/"
    assert "_auth_user_id" not in client.session
    assert _login(client, password=NEW).status_code == 302
    assert client.get("/")["Location"] == "/accounts/two-factor/verify/"


def test_token_api_works_and_tokens_are_made_by_verified_sessions(client, head):
    """An unverified session cannot open the token page; a token made by a verified session
    authenticates the API on its own (no session)."""
    device_for(head)
    _login(client)
    assert client.get("/api-access/").status_code == 302
    c = _verified_client()
    page = c.post("/api-access/", {"name": "Skript"})
    key = re.search(r'id="new-token">([^<]+)<', page.content.decode())
    assert key is not None
    assert ApiToken.objects.filter(user=head).count() == 1
    api = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key.group(1)}")
    assert api.status_code == 200
    assert api.json()["username"] == "kopf"


# ---------------------------------------------------------------------------------------------
# Logout, messages, test clients, demo
# ---------------------------------------------------------------------------------------------


def test_logout_clears_site_data_and_messages_use_no_cookie(client, worker):
    _login(client, "fall")
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "messages" not in response.cookies


def test_force_login_of_the_suite_completes_the_factor_like_the_code_page(client, head):
    """The suite's client: `force_login` of a required role gives a real device and a
    session verified by `mfa.mark_verified`."""
    client.force_login(head)
    device = TOTPDevice.objects.get(user=head, confirmed=True)
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get("/").status_code == 200


def test_demo_logins_of_required_roles_have_the_published_secret(db, settings):
    from io import StringIO  # noqa: PLC0415

    from django.core.management import call_command  # noqa: PLC0415

    from ankunft.core import demo  # noqa: PLC0415

    demo.load()
    assert set(demo.second_factor_logins()) == {"head", "finance", "dpo", "operator", "muster-head"}
    out = StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    c = Client()
    _login(c, "head", demo.DEMO_PASSWORD)
    assert c.get("/")["Location"].startswith("/accounts/two-factor/verify/")
    assert _verify(c, code).status_code == 302
    assert User.objects.get(username="caseworker").totpdevice_set.count() == 0


# ---------------------------------------------------------------------------------------------
# One's own sessions (ASVS 7.5.2)
# ---------------------------------------------------------------------------------------------


def test_sessions_page_lists_own_sessions_and_ends_another(worker, make_user):
    """The page lists the user's live sessions (not others'), names them by a digest (no
    session key in the page), and "end" logs the other browser out."""
    here = _verified_client("fall")
    elsewhere = _verified_client("fall")
    stranger = make_user(Role.CASE_WORKER, username="fremd", password=PASSWORD)
    _verified_client(stranger.username)
    page = here.get("/accounts/sessions/").content.decode()
    handles = re.findall(r'name="session" value="([0-9a-f]{24})"', page)
    assert len(handles) == 1  # the other session; this one has no button
    assert here.session.session_key not in page
    assert elsewhere.cookies["sessionid"].value not in page
    response = here.post("/accounts/sessions/", {"session": handles[0]})
    assert response.status_code == 302
    assert "_auth_user_id" not in elsewhere.session
    assert here.get("/accounts/sessions/").status_code == 200
    # A handle of someone else's session (or a made-up one) ends nothing.
    assert here.post("/accounts/sessions/", {"session": "0" * 24}).status_code == 302


def test_ending_an_own_session_is_audited_and_a_gone_one_is_refused(worker):
    """Ending one of one's sessions is an audited change of the own account; a handle that
    names no session of the user ends nothing, audits nothing and says so."""
    here = _verified_client("fall")
    _verified_client("fall")
    page = here.get("/accounts/sessions/").content.decode()
    (handle,) = re.findall(r'name="session" value="([0-9a-f]{24})"', page)
    here.post("/accounts/sessions/", {"session": handle})
    entry = AuditEntry.objects.get(
        object_type="core.user", object_id=str(worker.pk), action=AuditAction.UPDATE
    )
    assert (entry.actor_id, entry.fields) == (worker.pk, ["sessions"])
    answer = here.post(
        "/accounts/sessions/", {"session": handle}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "This session had already ended; nothing was changed." in answer.text
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE).count() == 1


def test_the_admin_shows_no_totp_secrets():
    """Operators' admin does not register django-otp's device admin (it shows the keys)."""
    from django.contrib import admin  # noqa: PLC0415

    assert not admin.site.is_registered(TOTPDevice)


def test_operator_command_resets_a_lost_second_factor(head):
    """`ankunft mfa-reset`: device and codes gone, sessions ended, the reset in the log."""
    from io import StringIO  # noqa: PLC0415

    from django.core.management import call_command  # noqa: PLC0415

    from ankunft.core.models import AuditEntry  # noqa: PLC0415

    device_for(head)
    mfa.new_recovery_codes(head)
    c = _verified_client()
    call_command("mfa_reset", "kopf", stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=head).exists()
    assert not RecoveryCode.objects.filter(user=head).exists()
    assert "_auth_user_id" not in c.session
    entry = AuditEntry.objects.filter(object_type="core.user", object_id=str(head.pk)).first()
    assert entry is not None
    assert entry.fields == ["second_factor"]
