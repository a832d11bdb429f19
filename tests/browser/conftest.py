"""Real headless Chromium (Debian's package) driven by Playwright against live_server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.mfa_helpers import code_to_type

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# test body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(
        locale="de-DE", viewport={"width": 360, "height": 800}, base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # a loaded CI machine (two suites side by side) is slow
    yield page
    context.close()


def login(page: Page, username: str, password: str) -> None:
    """Log in through the login page; for a user whose role requires a second factor (or
    who has one) also through the code page, typing the code of their app: a confirmed TOTP
    device is created first when the user has none, and the code is computed from its key."""
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

    from ankunft.core import mfa  # noqa: PLC0415
    from ankunft.core.models import User  # noqa: PLC0415

    user = User.objects.filter(username=username).first()
    device = None
    if user is not None and user.check_password(password):
        device = mfa.confirmed_device(user)
        if device is None and mfa.required(user):
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    if device is not None:
        page.wait_for_url("**/accounts/two-factor/verify/**")
        page.fill("#id_code", code_to_type(device))
        page.click("button[type=submit].primary")
        page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)
