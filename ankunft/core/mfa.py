"""Second factor: TOTP (django-otp) with single-use recovery codes, and who must use it.

- Policy: a role record's `requires_mfa` (set on the roles page; new municipalities' roles are
  seeded from `MFA_DEFAULT_ROLES`); operators have no municipality and follow `MFA_OPERATORS`.
- A user has at most one confirmed `TOTPDevice`. Logging in with the password alone leaves
  the session unverified; `SecondFactorMiddleware` then lets through only the code page (or,
  for a user who must use a second factor and has none yet, the enrolment page), logout and
  pages without login. The API answers 403 JSON.
- The session is verified by `django_otp.login` (its device's persistent id in the session).
  It counts only while that device is the user's confirmed device: removing the device (or
  replacing it) unverifies every other session at its next request.
- The request's user is loaded with its role's policy and its device id in the same query
  (`RoleBackend`), so the check costs no query per request.
- Recovery codes: 10 codes of 118 random bits, stored as SHA-256 digests (`RecoveryCode`),
  deleted when used. django-otp's `otp_static` plugin is not used: it stores codes in clear.
- Wrong codes count as failed logins for django-axes (username and address) and for
  django-otp's own brake on the device; a locked-out pair gets no code checked, even a right one.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from base64 import b32encode
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import quote

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.html import escape
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ankunft.core import security
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, RecoveryCode, Role, RoleDefinition, User

#: Annotations `RoleBackend` puts on the request's user.
REQUIRED_ANNOTATION = "mfa_role_required"
DEVICE_ANNOTATION = "mfa_device_id"
RECOVERY_CODE_COUNT = 10
#: 24 characters of a 31-letter alphabet: 118 bits (ASVS 6.5.2 asks for 112 or more).
RECOVERY_CODE_LENGTH = 24
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # 31 letters and digits: no 0/o, 1/l/i
#: How the session was verified: "totp" or "recovery".
METHOD_KEY = "_mfa_method"

State = Literal["verified", "free", "verify", "enrol"]


# ---------------------------------------------------------------------------------------------
# Policy
# ---------------------------------------------------------------------------------------------


def default_required(role: str) -> bool:
    """Whether a default role needs a second factor by the installation's settings."""
    if role == Role.OPERATOR:
        return bool(settings.MFA_OPERATORS)
    return role in settings.MFA_DEFAULT_ROLES


def role_requires(municipality_id: int | None, role: str) -> bool:
    """The municipality's policy for a role (one query), the default without a record."""
    if role == Role.OPERATOR or municipality_id is None:
        return default_required(role)
    record = (
        RoleDefinition.objects.filter(municipality_id=municipality_id, key=role)
        .values_list("requires_mfa", flat=True)
        .first()
    )
    return default_required(role) if record is None else bool(record)


def required(user: User) -> bool:
    """Whether the user must log in with a second factor (no query when loaded by
    `RoleBackend`)."""
    if user.role == Role.OPERATOR or user.municipality_id is None:
        return default_required(user.role)
    value = getattr(user, REQUIRED_ANNOTATION, None)
    if value is None and not hasattr(user, REQUIRED_ANNOTATION):
        return role_requires(user.municipality_id, user.role)
    return default_required(user.role) if value is None else bool(value)


def with_mfa_state(queryset: models.QuerySet[User]) -> models.QuerySet[User]:
    """Users with their role's policy and their confirmed device's id (same query)."""
    policy = RoleDefinition.objects.filter(
        municipality_id=models.OuterRef("municipality_id"), key=models.OuterRef("role")
    ).values("requires_mfa")[:1]
    device = TOTPDevice.objects.filter(user_id=models.OuterRef("pk"), confirmed=True).values("pk")[
        :1
    ]
    return queryset.annotate(
        **{
            REQUIRED_ANNOTATION: models.Subquery(policy, output_field=models.BooleanField()),
            DEVICE_ANNOTATION: models.Subquery(device, output_field=models.BigIntegerField()),
        }
    )


# ---------------------------------------------------------------------------------------------
# Devices
# ---------------------------------------------------------------------------------------------


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _device_id(user: User) -> int | None:
    if hasattr(user, DEVICE_ANNOTATION):
        value = getattr(user, DEVICE_ANNOTATION)
        return int(value) if value is not None else None
    device = confirmed_device(user)
    return device.pk if device is not None else None


def _persistent_id(device_pk: int) -> str:
    return f"{TOTPDevice.model_label()}/{device_pk}"


def state(request: HttpRequest, user: User) -> State:
    """Where the session stands: verified by the user's device, free (no device and none
    required), waiting for the code, or waiting for enrolment."""
    device_pk = _device_id(user)
    if device_pk is not None:
        if request.session.get(DEVICE_ID_SESSION_KEY) == _persistent_id(device_pk):
            return "verified"
        return "verify"
    return "enrol" if required(user) else "free"


def pending_device(user: User) -> TOTPDevice:
    """The user's unconfirmed device for enrolment (its secret stays until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def grouped_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, as authenticator apps take it typed in."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth URI as an SVG QR code (no script, no style attribute: CSP-safe)."""
    code = segno.make(device.config_url, error="m")
    svg: str = code.svg_inline(
        scale=4,
        border=2,
        dark="#000",
        light="#fff",
        title=_("QR code of the secret for an authenticator app"),
        svgclass="qr",
        lineclass=None,
    )
    label = _("QR code of the secret for an authenticator app")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def _six_digits(code: str) -> str:
    """The code without spaces when it has the shape of an app's code (6 digits), else ""."""
    code = code.replace(" ", "")
    return code if code.isdigit() and len(code) == 6 else ""  # noqa: PLR2004


def _verify_totp(user: User, code: str) -> TOTPDevice | None:
    """The user's confirmed device if the code is its next valid one (used once: the step
    is remembered in `last_t`; the row is locked so two requests cannot both use it)."""
    code = _six_digits(code)
    if not code:
        return None
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is not None and device.verify_token(code):
            return device
    return None


def _normalise_recovery(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


def _digest(code: str) -> str:
    return hashlib.sha256(_normalise_recovery(code).encode()).hexdigest()


def _use_recovery_code(user: User, code: str) -> bool:
    """Delete the user's matching recovery code; True when there was one (single use: of
    two requests with the same code only one deletes the row)."""
    if len(_normalise_recovery(code)) != RECOVERY_CODE_LENGTH:
        return False
    deleted, _counts = RecoveryCode.objects.filter(user=user, digest=_digest(code)).delete()
    return deleted > 0


def check_code(user: User, code: str) -> tuple[TOTPDevice | None, str | None]:
    """Check a code from the app or a recovery code: (the device, "totp"|"recovery") or
    (None, None)."""
    device = _verify_totp(user, code)
    if device is not None:
        return device, "totp"
    if _use_recovery_code(user, code):
        return confirmed_device(user), "recovery"
    return None, None


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes by 10 new ones; returns them (shown once)."""
    codes = [
        "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_digest(c)) for c in codes)
    return [format_recovery_code(c) for c in codes]


def format_recovery_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user).count()


def mark_verified(request: HttpRequest, device: TOTPDevice, method: str = "totp") -> None:
    """Mark the session as verified by the device (django-otp's `login`), with a new session
    key as at every change of privilege."""
    request.session.cycle_key()
    otp_login(request, device)
    request.session[METHOD_KEY] = method


def totp_code(device: TOTPDevice, at: float | None = None) -> str:
    """The device's code at a time (now by default): for the demo and the tests."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def next_code(device: TOTPDevice) -> str:
    """The earliest code the device accepts now (the drift window allows `tolerance` steps
    either side; a step once used is not accepted again): for the demo and the tests."""
    device.refresh_from_db()
    now = time.time()
    current = int(now - device.t0) // device.step + device.drift
    step = max(device.last_t + 1, current - device.tolerance)
    return totp_code(device, now + (step - current) * device.step)


@transaction.atomic
def confirm_enrolment(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending device with its first code; returns the new recovery codes, or
    None for a wrong code, or when the device is no longer pending (another tab confirmed
    it, or replaced it, while this one was open). Other pending devices are dropped."""
    pending = (
        TOTPDevice.objects.select_for_update()
        .filter(pk=device.pk, user=user, confirmed=False)
        .first()
    )
    code = _six_digits(code)
    if pending is None or not (code and pending.verify_token(code)):
        return None
    pending.confirmed = True
    pending.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit(user, AuditAction.CREATE, user, fields=["second_factor"])
    return new_recovery_codes(user)


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    codes = new_recovery_codes(user)
    audit(user, AuditAction.UPDATE, user, fields=["recovery_codes"])
    return codes


@transaction.atomic
def remove_device(*, user: User, keep_session: str | None) -> None:
    """Remove the user's second factor and recovery codes; end their other sessions."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    audit(user, AuditAction.DELETE, user, fields=["second_factor"])
    security.end_sessions(user.pk, keep=keep_session)


@transaction.atomic
def reset_second_factor(*, user: User) -> None:
    """An operator's reset for a user who lost both the app and the recovery codes
    (`ankunft mfa-reset`): the device and codes go, every session of the user ends; the next
    login goes to the enrolment (or, without a requirement, works with the password)."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    audit(None, AuditAction.DELETE, user, fields=["second_factor"])
    security.end_sessions(user.pk)


# ---------------------------------------------------------------------------------------------
# Throttling (django-axes)
# ---------------------------------------------------------------------------------------------


def _credentials(user: User) -> dict[str, str]:
    return {"username": user.get_username()}


def locked(request: HttpRequest, user: User) -> bool:
    """Whether axes has locked this username and address (or the address) for logins."""
    return bool(AxesProxyHandler.is_locked(request, _credentials(user)))


def record_failure(request: HttpRequest, user: User) -> None:
    """A wrong code is a failed login for axes; at the limit the pair is locked and
    `AxesMiddleware` answers with the lockout page."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


def lockout(request: HttpRequest) -> HttpResponse:
    """End the half-logged-in session and answer with the lockout page."""
    logout(request)
    return security.lockout_response(request)


# ---------------------------------------------------------------------------------------------
# Middleware
# ---------------------------------------------------------------------------------------------

#: Pages an unverified session may open as itself.
OPEN_WHILE_VERIFYING = frozenset({"logout", "mfa_verify"})
OPEN_WHILE_ENROLLING = frozenset({"logout", "mfa_setup"})
#: Pages without login that show a logged-in user their own start: these wait too.
STAFF_ENTRANCES = frozenset({"core:home", "login"})


class SecondFactorMiddleware(MiddlewareMixin):
    """Stops a logged-in session that still owes its second factor.

    Pages redirect to the code page (or to the enrolment page for a user who must use a
    second factor and has none), the API answers 403 JSON, and the admin is closed. Public
    pages (those without login: the directory, public reports, password reset) stay open
    but see the request as anonymous, so nothing there acts for the unverified account.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        user = request.user
        if not user.is_authenticated or not isinstance(user, User):
            return None
        current = state(request, user)
        if current in {"verified", "free"}:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": pending_message(current)}, status=403)
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            name = ""
        if name in (OPEN_WHILE_VERIFYING if current == "verify" else OPEN_WHILE_ENROLLING):
            return None
        public = getattr(view_func, "login_required", True) is False
        if public and name not in STAFF_ENTRANCES and not request.path.startswith("/admin/"):
            request.user = AnonymousUser()
            return None
        target = reverse("mfa_verify" if current == "verify" else "mfa_setup")
        if request.method == "GET" and name not in STAFF_ENTRANCES:
            target += "?next=" + quote(request.get_full_path())
        return redirect(target)


def pending_message(current: State) -> str:
    if current == "enrol":
        return _(
            "Your role requires a second factor. Set it up first at /accounts/two-factor/ "
            "(an authenticator app)."
        )
    return _("Enter the code of your authenticator app first: /accounts/two-factor/verify/.")
