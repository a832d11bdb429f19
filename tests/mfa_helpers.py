"""Completing the second factor in tests, through the real code page."""

from __future__ import annotations

import time

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ankunft.core import mfa
from ankunft.core.models import User


def device_for(user: User) -> TOTPDevice:
    """The user's confirmed device, created when there is none."""
    return mfa.confirmed_device(user) or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )


def pass_second_factor(client: Client, username: str) -> None:
    """After the password step: type the app's code on the code page, when the user's role
    requires a second factor or the user has one (a device is created when missing)."""
    user = User.objects.get(username=username)
    if not (mfa.required(user) or mfa.confirmed_device(user)):
        return
    device = device_for(user)
    response = client.post("/accounts/two-factor/verify/", {"code": mfa.next_code(device)})
    assert response.status_code == 302, response.content[:500]


# A code typed into a browser, or sent through a real server, is checked a few seconds after
# it was computed (more on a loaded CI machine).
TYPING_SECONDS = 10


def code_to_type(device: TOTPDevice) -> str:
    """`mfa.next_code`, still valid when it arrives: the earliest code a fresh device accepts
    is the previous step's, which expires when the current step ends; with less than
    `TYPING_SECONDS` left, wait for the next step (a code computed at 29 s into a step and
    checked after the boundary was refused, and the login hung on the code page)."""
    left = device.step - (time.time() - device.t0) % device.step
    if left < TYPING_SECONDS:
        time.sleep(left + 0.2)
    return mfa.next_code(device)
