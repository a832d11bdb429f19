"""The second factor's pages under /accounts/two-factor/: the code step of the login, and
setting up, renewing the recovery codes of and removing one's authenticator app.

The rules are in `core.mfa`; these views are thin. Every wrong password or code here counts
as a failed login for django-axes; a locked-out username and address get no code checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import DEVICE_ID_SESSION_KEY

from ankunft.core import mfa
from ankunft.core.decorators import actor
from ankunft.core.mfa_forms import EnrolForm, PasswordMixin, ReauthForm, VerifyForm
from ankunft.core.models import User

_T = TypeVar("_T")


def _wrong_code() -> str:
    return _("This code is not valid (a code works once). Try the next one.")


def _wrong_password() -> str:
    return _("The password is not right.")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _failed(request: HttpRequest, user: User) -> HttpResponse | None:
    """Count a failure; the lockout answer when it was the last one allowed."""
    mfa.record_failure(request, user)
    if getattr(request, "axes_locked_out", False):
        return mfa.lockout(request)
    return None


def _reauthenticated(
    form: PasswordMixin, check: Callable[[str], _T | None]
) -> tuple[_T | None, bool]:
    """The password first, then `check(code)`: (its result, False) when both are right,
    (None, True) after a wrong password or code (the error is on its field; it counts as a
    failed login), (None, False) when the form is incomplete."""
    if form.password_ok():
        result = check(form.cleaned_data["code"])
        if result is None:
            form.add_error("code", _wrong_code())
            return None, True
        return result, False
    if form.is_valid():
        form.add_error("password", _wrong_password())
        return None, True
    return None, False


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The login's second step: a code of the user's app or one of their recovery codes."""
    user = actor(request)
    if mfa.state(request, user) != "verify":
        return redirect(_next_url(request))
    form = VerifyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if mfa.locked(request, user):
            return mfa.lockout(request)
        if form.is_valid():
            device, method = mfa.check_code(user, form.cleaned_data["code"])
            if device is not None and method is not None:
                mfa.mark_verified(request, device, method)
                if method == "recovery":
                    messages.warning(
                        request,
                        _(
                            "You used a recovery code; %(left)d are left. Renew them on the "
                            "two-factor page when you have your app again."
                        )
                        % {"left": mfa.recovery_codes_left(user)},
                    )
                return redirect(_next_url(request))
            locked_out = _failed(request, user)
            if locked_out is not None:
                return locked_out
            form.add_error("code", _wrong_code())
        status = 400
    context = {"form": form, "next": _next_url(request), "nav_items": []}
    return render(request, "core/mfa_verify.html", context, status=status)


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app (no device yet) or manage it (renew codes, remove)."""
    user = actor(request)
    if mfa.confirmed_device(user) is None:
        return _enrol(request, user)
    return _manage(request, user)


def _enrol(request: HttpRequest, user: User) -> HttpResponse:
    device = mfa.pending_device(user)
    form = EnrolForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if mfa.locked(request, user):
            return mfa.lockout(request)
        codes, failed = _reauthenticated(
            form, lambda code: mfa.confirm_enrolment(user=user, device=device, code=code)
        )
        if codes is not None:
            device.refresh_from_db()
            mfa.mark_verified(request, device)
            return _show_codes(request, codes, first=True)
        locked_out = _failed(request, user) if failed else None
        if locked_out is not None:
            return locked_out
        status = 400
    required = mfa.required(user)
    context = {
        "form": form,
        "secret": mfa.grouped_secret(device),
        "qr": mfa.qr_svg(device),
        "required": required,
        # A user who must set it up first sees no navigation (every link leads back here).
        **({"nav_items": []} if required else {}),
    }
    return render(request, "core/mfa_setup.html", context, status=status)


def _manage(request: HttpRequest, user: User) -> HttpResponse:
    regenerate = ReauthForm(prefix="regenerate", user=user)
    remove = ReauthForm(prefix="remove", user=user)
    status = 200
    if request.method == "POST":
        if mfa.locked(request, user):
            return mfa.lockout(request)
        action = "remove" if "remove-password" in request.POST else "regenerate"
        form = ReauthForm(request.POST, prefix=action, user=user)
        if action == "remove":
            remove = form
        else:
            regenerate = form
        device, failed = _reauthenticated(form, lambda code: mfa.check_code(user, code)[0])
        done = device is not None
        if done and action == "regenerate":
            return _show_codes(request, mfa.regenerate_recovery_codes(user=user), first=False)
        if done:
            mfa.remove_device(user=user, keep_session=request.session.session_key)
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            messages.success(request, _("The authenticator app is removed from your account."))
            return redirect("mfa_setup")
        locked_out = _failed(request, user) if failed else None
        if locked_out is not None:
            return locked_out
        status = 400
    context = {
        "regenerate": regenerate,
        "remove": remove,
        "left": mfa.recovery_codes_left(user),
        "required": mfa.required(user),
    }
    return render(request, "core/mfa_manage.html", context, status=status)


def _show_codes(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    """The new recovery codes, shown this once (the page is not cached: `NoStoreMiddleware`)."""
    context = {"codes": codes, "first": first, "next": reverse("core:home")}
    return render(request, "core/mfa_codes.html", context)
