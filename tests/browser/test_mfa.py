"""The second factor in Chromium at 360 px: a head of KI without an app is sent to the
enrolment page, reads the secret off the page, types the code computed from it (as an
authenticator app would) and gets the recovery codes; the next login asks for the code.
axe-core (WCAG 2.2 AA) finds nothing on the enrolment, codes and code pages."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from ankunft.core.models import Role
from tests import factories
from tests.browser.test_staff_a11y import check, report
from tests.mfa_helpers import code_to_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Kaffeebohnen-im-Rathaus-2026"


def _code(secret: str) -> str:
    """What an authenticator app shows now for the secret (RFC 6238, 30 s, 6 digits)."""
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time()
    return f"{totp.token():06d}"


def _password_step(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")


def test_enrol_then_log_in_with_a_typed_code(page: Page, town):
    factories.user(Role.HEAD_OF_KI, town, username="kopf", password=PASSWORD)
    problems: dict[str, object] = {}

    _password_step(page, "kopf")
    page.wait_for_url("**/accounts/two-factor/")
    assert page.locator("svg.qr").count() == 1
    check(page, problems, "enrolment")
    secret = page.locator("#mfa-secret").inner_text().replace(" ", "")
    page.fill("#id_code", _code(secret))
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    codes = page.locator("ul.recovery-codes code")
    codes.first.wait_for()
    assert codes.count() == 10
    check(page, problems, "recovery codes")
    page.get_by_role("link", name="Continue").or_(page.get_by_role("link", name="Weiter")).click()
    page.wait_for_url("**/")
    assert page.locator("nav.main-nav").count() == 1

    # Log out and in again: the password alone leads to the code page.
    page.locator("form[action='/accounts/logout/'] button").first.click()
    page.wait_for_url("**/accounts/login/**")
    _password_step(page, "kopf")
    page.wait_for_url("**/accounts/two-factor/verify/**")
    check(page, problems, "code page")
    # The enrolment used this step's code: type the next code the device accepts.
    device = TOTPDevice.objects.get(user__username="kopf", confirmed=True)
    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    page.fill("#id_code", code_to_type(device))
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: "/accounts/" not in url)
    assert page.locator("nav.main-nav").count() == 1
    assert problems == {}, report(problems)


def test_a_wrong_code_is_refused_next_to_the_field(page: Page, town):
    from tests.mfa_helpers import device_for  # noqa: PLC0415

    user = factories.user(Role.DPO, town, username="dsb", password=PASSWORD)
    device_for(user)
    _password_step(page, "dsb")
    page.wait_for_url("**/accounts/two-factor/verify/**")
    page.fill("#id_code", "000000")
    page.click("button[type=submit].primary")
    page.locator(".field.has-error .error").wait_for()
    assert "/accounts/two-factor/verify/" in page.url
