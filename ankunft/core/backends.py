"""Authentication backend: the user of a session comes with their role's permissions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from ankunft.core import permissions
from ankunft.core.models import User


class RoleBackend(ModelBackend):
    """Django's model backend, loading the user and their role record in one query, so that
    permission checks during the request cost no query."""

    def get_user(self, user_id: Any) -> User | None:
        user = permissions.with_role_permissions(User.objects.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None
