"""Forms of the second-factor pages (`core.mfa_views`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ankunft.core.models import User


def _code_field(*, recovery: bool) -> forms.CharField:
    help_text = (
        _("The 6 digits your authenticator app shows now, or one of your recovery codes.")
        if recovery
        else _("The 6 digits your authenticator app shows now.")
    )
    return forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                **({} if recovery else {"inputmode": "numeric"}),
            }
        ),
    )


class VerifyForm(forms.Form):
    """The second step of the login: a code from the app or a recovery code."""

    code = _code_field(recovery=True)


class PasswordMixin(forms.Form):
    """Asks for the current password again (re-authentication within the request)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def password_ok(self) -> bool:
        return self.is_valid() and self.user.check_password(self.cleaned_data["password"])


class EnrolForm(PasswordMixin):
    """Confirm a new authenticator app with its first code and the password."""

    code = _code_field(recovery=False)
    field_order = ["code", "password"]


class ReauthForm(PasswordMixin):
    """Password and current code before the second factor is changed (ASVS 7.5.1)."""

    code = _code_field(recovery=True)
    field_order = ["password", "code"]
