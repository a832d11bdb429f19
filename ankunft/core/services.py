"""Writes of core data: accounts and API tokens. Each is atomic and audited."""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.core import permissions
from ankunft.core.audit import audit
from ankunft.core.models import ApiToken, AuditAction, Municipality, Role, Team, User
from ankunft.core.roles import role_key_exists

TOKEN_PREFIX = "ank_"  # noqa: S105 - a marker, not a secret


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    municipality: Municipality | None,
    team: Team | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    check_password: bool = True,
) -> User:
    """Create an account. `actor=None` is the command line run by an operator on the server."""
    if actor is not None:
        permissions.require(actor, "core.manage_staff")
        if actor.role != Role.OPERATOR and (
            municipality is None or municipality.pk != actor.municipality_id
        ):
            raise ValidationError(_("You may only create accounts in your own municipality."))
        if actor.role != Role.OPERATOR and role == Role.OPERATOR:
            raise ValidationError(_("Only operators may create operator accounts."))
    if not role_key_exists(municipality.pk if municipality else None, role):
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("The user name %(name)s is taken.") % {"name": username})
    user = User(
        username=username,
        role=role,
        municipality=municipality,
        team=team,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.OPERATOR,
        is_superuser=role == Role.OPERATOR,
    )
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit(actor, AuditAction.CREATE, user, fields=["username", "first_name", "last_name", "email"])
    return user


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the user; the key is returned once and only its digest is kept."""
    permissions.require(user, "core.use_api_tokens")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "token",
        digest=ApiToken.digest_of(key),
        prefix=key[len(TOKEN_PREFIX) :][:8],
    )
    return token, key


def api_token_revoke(*, user: User, token_id: int) -> bool:
    deleted, _counts = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def api_token_authenticate(key: str) -> User | None:
    """The active user a token belongs to, or None. Marks the token as used."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    # The token's user with their role's permissions in one query (none per check).
    user = (
        permissions.with_role_permissions(
            User.objects.filter(api_tokens__digest=ApiToken.digest_of(key))
        )
        .annotate(token_pk=F("api_tokens__pk"))
        .first()
    )
    if user is None or not user.is_active:
        return None
    ApiToken.objects.filter(pk=user.token_pk).update(last_used_at=timezone.now())
    return user
