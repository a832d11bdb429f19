"""Authentication backend: the user of a session comes with their role's permissions and
their second-factor state (`core.mfa`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from ankunft.core import permissions
from ankunft.core.models import User


class RoleBackend(ModelBackend):
    """Django's model backend, loading the user, their role record and their confirmed
    second-factor device in one query, so that permission checks and the second-factor
    check during the request cost no query."""

    def get_user(self, user_id: Any) -> User | None:
        from ankunft.core import mfa  # noqa: PLC0415 - mfa imports the OTP models

        users = mfa.with_mfa_state(User.objects.filter(pk=user_id))
        user = permissions.with_role_permissions(users).first()
        return user if user is not None and self.user_can_authenticate(user) else None
