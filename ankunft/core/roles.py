"""Roles as data: each municipality's roles, seeded from the code's defaults.

The code declares permissions and the default roles that hold them
(`core.permissions.register`); `seed_default_roles` turns those defaults into records of one
municipality. The head of the KI edits them and adds the municipality's own roles, but never
grants more than the head's own role holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ankunft.core import permissions
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, Municipality, Role, RoleDefinition, User

MANAGE = "core.manage_roles"
KEY_LENGTH = 20
NAME_LENGTH = 100
#: The roles seeded per municipality; operators are global and keep the code's defaults.
MUNICIPAL_ROLES = [r for r in Role if r != Role.OPERATOR]


def seed_default_roles(municipality: Municipality) -> list[RoleDefinition]:
    """Create the default roles of a municipality (idempotent).

    A role that exists keeps what the head of the KI chose; only permissions the code added
    since the role was last seeded or saved are granted, if the default role holds them.
    """
    registered = set(permissions.all_permissions())
    existing = {r.key: r for r in RoleDefinition.objects.filter(municipality=municipality)}
    result = []
    for role in MUNICIPAL_ROLES:
        defaults = permissions.default_permissions(role)
        record = existing.get(role)
        if record is None:
            record = RoleDefinition.objects.create(
                municipality=municipality,
                key=role,
                permissions=sorted(defaults),
                known_permissions=sorted(registered),
                requires_mfa=role in settings.MFA_DEFAULT_ROLES,
            )
        else:
            new = registered - set(record.known_permissions)
            if new:
                record.permissions = sorted(set(record.permissions) | (new & defaults))
                record.known_permissions = sorted(registered)
                record.save(update_fields=["permissions", "known_permissions", "changed_at"])
        result.append(record)
    return result


def seed_all() -> None:
    """Seed the default roles of every municipality (after migrations)."""
    for municipality in Municipality.objects.all():
        seed_default_roles(municipality)


def grantable(actor: User) -> frozenset[str]:
    """The permissions the actor may give a role: those the actor's own role holds."""
    if not permissions.has_perm(actor, MANAGE):
        return frozenset()
    return permissions.role_permissions(actor)


def role_list(*, actor: User) -> QuerySet[RoleDefinition]:
    return permissions.visible(actor, MANAGE, RoleDefinition).order_by("key")


def role_get(*, actor: User, key: str) -> RoleDefinition:
    permissions.require(actor, MANAGE)
    record = role_list(actor=actor).filter(key=key).first()
    if record is None:
        raise Http404
    return record


@dataclass(frozen=True)
class RoleRow:
    """One role for the roles page: the record, its members, and what the actor may do."""

    record: RoleDefinition
    members: int
    editable: bool


def role_rows(*, actor: User) -> list[RoleRow]:
    from django.db.models import Count, OuterRef, Subquery  # noqa: PLC0415
    from django.db.models.functions import Coalesce  # noqa: PLC0415

    members = (
        User.objects.filter(municipality_id=OuterRef("municipality_id"), role=OuterRef("key"))
        .values("role")
        .annotate(n=Count("pk"))
        .values("n")
    )
    records = role_list(actor=actor).annotate(members=Coalesce(Subquery(members), 0))
    return [RoleRow(r, r.members, r.key != actor.role) for r in records]


def _check_permissions(actor: User, record: RoleDefinition | None, chosen: set[str]) -> set[str]:
    """The role's new permissions: the actor decides only about the ones the actor holds."""
    unknown = chosen - set(permissions.all_permissions())
    if unknown:
        raise ValidationError(
            _("Unknown permissions: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    allowed = grantable(actor)
    beyond = chosen - allowed
    kept = set(record.permissions) - allowed if record is not None else set()
    if beyond - kept:
        raise ValidationError(
            _("You may not grant permissions your own role does not hold: %(names)s")
            % {"names": ", ".join(sorted(beyond - kept))}
        )
    return (chosen & allowed) | kept


@transaction.atomic
def role_create(
    *,
    actor: User,
    key: str,
    name: str,
    permission_names: list[str],
    requires_mfa: bool = False,
) -> RoleDefinition:
    """A municipality's own role. Its key is what `User.role` holds."""
    permissions.require(actor, MANAGE)
    key = key.strip().lower()
    name = name.strip()
    errors: dict[str, str] = {}
    try:
        validate_slug(key)
    except ValidationError:
        errors["key"] = _("Use letters, digits, hyphens and underscores only.")
    if not errors and (len(key) > KEY_LENGTH or key in Role.values):
        errors["key"] = _("Choose another key: it is too long or names a default role.")
    municipality_id = _tenant(actor)
    if (
        not errors
        and RoleDefinition.objects.filter(municipality_id=municipality_id, key=key).exists()
    ):
        errors["key"] = _("A role with this key exists already.")
    if not name:
        errors["name"] = _("Give the role a name.")
    elif len(name) > NAME_LENGTH:
        errors["name"] = _("The name is too long (at most 100 characters).")
    if errors:
        raise ValidationError(errors)
    chosen = _check_permissions(actor, None, set(permission_names))
    record = RoleDefinition.objects.create(
        municipality_id=municipality_id,
        key=key,
        name=name,
        permissions=sorted(chosen),
        known_permissions=sorted(permissions.all_permissions()),
        requires_mfa=requires_mfa,
    )
    # Who may see personal data is decided here: every change of a role is in the log.
    fields = ["key", "name", "permissions"] + ["requires_mfa"] * requires_mfa
    audit(actor, AuditAction.CREATE, record, fields=fields)
    return record


@transaction.atomic
def role_update(
    *,
    actor: User,
    record: RoleDefinition,
    name: str | None = None,
    permission_names: list[str] | None = None,
    requires_mfa: bool | None = None,
) -> RoleDefinition:
    """Change a role's name (own roles only), permissions (within what the actor holds) or
    whether its members must log in with a second factor (at their next request).

    Nobody changes the role they hold themselves: that would be a way to grant oneself
    more, or to lock the municipality out of its roles page.
    """
    permissions.require(actor, MANAGE, record)
    if record.key == actor.role:
        raise ValidationError(_("You cannot change the role you hold yourself."))
    if name is not None:
        name = name.strip()
        if record.is_default and name:
            raise ValidationError({"name": _("The default roles keep their names.")})
        if not record.is_default and not name:
            raise ValidationError({"name": _("Give the role a name.")})
        if len(name) > NAME_LENGTH:
            raise ValidationError({"name": _("The name is too long (at most 100 characters).")})
        record.name = name
    if permission_names is not None:
        record.permissions = sorted(_check_permissions(actor, record, set(permission_names)))
    mfa_changed = requires_mfa is not None and requires_mfa != record.requires_mfa
    if requires_mfa is not None:
        record.requires_mfa = requires_mfa
    record.known_permissions = sorted(permissions.all_permissions())
    record.save()
    changed = (
        ["name"] * (name is not None)
        + ["permissions"] * (permission_names is not None)
        + ["requires_mfa"] * mfa_changed
    )
    audit(actor, AuditAction.UPDATE, record, fields=changed)
    return record


def _tenant(actor: User) -> int:
    if actor.municipality_id is None:
        raise Http404
    return actor.municipality_id


def role_key_exists(municipality_id: int | None, key: str) -> bool:
    """Whether `key` names a role a user of the municipality may hold."""
    if key in Role.values:
        return True
    if municipality_id is None:
        return False
    return RoleDefinition.objects.filter(municipality_id=municipality_id, key=key).exists()
