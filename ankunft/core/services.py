"""Writes of core data: municipalities, accounts and API tokens. Each is atomic and audited."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.core import permissions
from ankunft.core.audit import audit
from ankunft.core.models import (
    DEFAULT_CONTENT_LANGUAGES,
    ApiToken,
    AuditAction,
    Municipality,
    Role,
    Team,
    User,
)
from ankunft.core.roles import role_key_exists, seed_default_roles

TOKEN_PREFIX = "ank_"  # noqa: S105 - a marker, not a secret
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AGS_PATTERN = re.compile(r"^(?:\d{8}|\d{12})$")


def _municipality_errors(
    name: str, slug: str, official_key: str, languages: Sequence[str]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the municipality's name.")]
    elif len(name) > Municipality._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = [_("The name is too long (at most 200 characters).")]
    elif Municipality.objects.filter(name__iexact=name).exists():
        errors["name"] = [_("A municipality named %(name)s exists already.") % {"name": name}]
    if not SLUG_PATTERN.match(slug) or len(slug) > 60:  # noqa: PLR2004 - the column's length
        errors["slug"] = [
            _(
                "The short name is part of the addresses (e.g. /offers/duisburg/): up to 60 "
                "lower-case letters a-z, digits and single hyphens, e.g. duisburg or "
                "kreis-wesel."
            )
        ]
    elif Municipality.objects.filter(slug=slug).exists():
        errors["slug"] = [_("The short name %(slug)s is taken.") % {"slug": slug}]
    if official_key and not AGS_PATTERN.match(official_key):
        errors["official_key"] = [
            _(
                "The official municipality key (AGS) has 8 digits, e.g. 05112000 for Duisburg "
                "(or 12 digits for the regional key ARS)."
            )
        ]
    known = [code for code, _label in settings.LANGUAGES]
    unknown = [code for code in languages if code not in known]
    duplicates = sorted({code for code in languages if list(languages).count(code) > 1})
    if not languages:
        errors["content_languages"] = [_("Give at least one language code.")]
    elif unknown:
        errors["content_languages"] = [
            _("Unknown language codes: %(codes)s (known: %(known)s).")
            % {"codes": ", ".join(unknown), "known": ", ".join(known)}
        ]
    elif duplicates:
        errors["content_languages"] = [
            _("Each language once: %(codes)s appears twice.") % {"codes": ", ".join(duplicates)}
        ]
    elif "de" not in languages:
        errors["content_languages"] = [
            _("German (de) must be among the languages: the UI and the official texts are German.")
        ]
    return errors


@transaction.atomic
def municipality_create(
    *,
    actor: User | None,
    name: str,
    slug: str,
    official_key: str = "",
    languages: Sequence[str] | None = None,
) -> Municipality:
    """Set up a municipality (a tenant) without the demo: operators only.

    `actor=None` is the command line run by an operator on the server (audited as the
    system). Bad input raises one ValidationError naming every wrong field; nothing is
    written then. Content languages keep the given order with German first.
    """
    if actor is not None:
        permissions.require(actor, "core.manage_municipalities")
    name, slug, official_key = name.strip(), slug.strip(), official_key.strip()
    codes = [c.strip() for c in (DEFAULT_CONTENT_LANGUAGES if languages is None else languages)]
    errors = _municipality_errors(name, slug, official_key, codes)
    if errors:
        raise ValidationError(errors)
    codes = ["de", *(c for c in codes if c != "de")]
    municipality = Municipality(
        name=name, slug=slug, official_key=official_key, content_languages=codes
    )
    municipality.full_clean()
    municipality.save()
    seed_default_roles(municipality)
    audit(
        actor,
        AuditAction.CREATE,
        municipality,
        fields=["name", "slug", "official_key", "content_languages"],
    )
    return municipality


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


@transaction.atomic
def staff_sessions_end(*, actor: User, pk: int) -> int:
    """End every session of a staff account (ASVS 7.4.5: a lost laptop, a leaver); returns
    how many. Only for accounts the actor may see (else 404, as the staff page)."""
    from ankunft.core import security, selectors  # noqa: PLC0415  # both import this module's models

    permissions.require(actor, "core.manage_staff")
    user = selectors.staff_list(actor=actor).filter(pk=pk).first()
    if user is None:
        raise Http404
    ended = security.end_sessions(user.pk)
    audit(actor, AuditAction.UPDATE, user, fields=["sessions"])
    return ended


@transaction.atomic
def session_end(*, actor: User, handle: str) -> bool:
    """End one of the actor's own sessions, named by its handle on the session page (ASVS
    7.5.2); False (and nothing audited) when the actor has no such session."""
    from ankunft.core import security  # noqa: PLC0415  # as in staff_sessions_end

    if not security.end_session(actor.pk, handle):
        return False
    audit(actor, AuditAction.UPDATE, actor, fields=["sessions"])
    return True
