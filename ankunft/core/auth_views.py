"""Login (with "remember me"), password change and password reset by e-mail.

Django's auth views with the app's templates; the login is throttled by django-axes
(`core.security`), and every password set here passes `AUTH_PASSWORD_VALIDATORS`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ankunft.core import security, services
from ankunft.core.decorators import actor


class LoginForm(AuthenticationForm):
    remember = forms.BooleanField(
        label=gettext_lazy("Stay logged in on this device"),
        required=False,
        help_text=gettext_lazy("Otherwise the session ends when the browser is closed."),
    )


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        # Without "remember me" the cookie ends with the browser; with it, it lasts until the
        # absolute timeout. The idle and absolute timeouts apply either way.
        remember = bool(form.cleaned_data.get("remember"))
        self.request.session.set_expiry(settings.SESSION_ABSOLUTE_TIMEOUT if remember else 0)
        return response


class LogoutView(auth_views.LogoutView):
    """Django's logout; the browser also drops this site's cookies, storage and cache."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Asks for the old password; keeps this session (`update_session_auth_hash`) and ends
    every other session of the user (their auth hash no longer matches)."""

    template_name = "core/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    """Sends a one-time link by e-mail when the address belongs to an active user; answers
    the same either way so that it does not reveal which addresses have accounts."""

    email_template_name = "core/password_reset_email.txt"
    subject_template_name = "core/password_reset_subject.txt"
    template_name = "core/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Sets the new password and does NOT log in: the next login asks for the password and
    then, for a user with a second factor, for the code (a reset never skips it)."""

    post_reset_login = False
    template_name = "core/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


@require_http_methods(["GET", "POST"])
def session_list(request: HttpRequest) -> HttpResponse:
    """One's own live sessions (other browsers and devices), each with "end" (ASVS 7.5.2)."""
    user = actor(request)
    if request.method == "POST":
        handle = request.POST.get("session", "")
        if services.session_end(actor=user, handle=handle):
            messages.success(request, _("The session has ended."))
        else:
            messages.error(request, _("This session had already ended; nothing was changed."))
        return redirect("sessions")
    rows = security.user_sessions(user.pk, request.session.session_key)
    return render(request, "core/session_list.html", {"rows": rows})
