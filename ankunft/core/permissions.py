"""The one permission layer: "may this user do this (to this object)?"

Deny by default. A permission names the roles that hold it; `can` adds the tenant check
(the object's municipality must be the user's) and any object rule a module registers
(team, assignment, ownership). Views, API, CLI and tests all call these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ankunft.core.classification import DataClass, field_class
from ankunft.core.models import Role

CASE_ROLES = frozenset({Role.CASE_WORKER, Role.TEAM_LEAD})
KI_STAFF = frozenset({Role.CASE_WORKER, Role.TEAM_LEAD, Role.HEAD_OF_KI})
TENANT_ROLES = frozenset(set(Role) - {Role.OPERATOR})


@dataclass(frozen=True)
class Permission:
    name: str
    roles: frozenset[str]
    description: Promise | str


_REGISTRY: dict[str, Permission] = {}
ObjectRule = Callable[[Any, str, Any], bool]
_OBJECT_RULES: dict[type[models.Model], ObjectRule] = {}

# Which data classes each role may see at field level. Special-category data (health,
# religion, origin) only for those who work the case.
_DATA_CLASSES_BY_ROLE: dict[str, frozenset[DataClass]] = {
    Role.CASE_WORKER: frozenset(DataClass),
    Role.TEAM_LEAD: frozenset(DataClass),
}
_DEFAULT_DATA_CLASSES = frozenset({DataClass.NOT_PERSONAL, DataClass.PERSONAL})


def register(name: str, roles: Iterable[str], description: Promise | str) -> None:
    """Declare a permission and the roles that hold it (called from apps' `ready`)."""
    _REGISTRY[name] = Permission(name, frozenset(roles), description)


def register_object_rule(model: type[models.Model], rule: ObjectRule) -> None:
    """Add an object-level rule `rule(user, permission, obj) -> bool` for a model."""
    _OBJECT_RULES[model] = rule


def all_permissions() -> dict[str, Permission]:
    return dict(_REGISTRY)


def has_perm(user: Any, name: str) -> bool:
    """Whether the user's role holds the permission. Unknown names are denied."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    perm = _REGISTRY.get(name)
    return perm is not None and user.role in perm.roles


def same_tenant(user: Any, obj: Any) -> bool:
    """The object belongs to the user's municipality (or is the user's municipality)."""
    municipality_id = getattr(obj, "municipality_id", None)
    if municipality_id is None and obj.__class__.__name__ == "Municipality":
        municipality_id = obj.pk
    return municipality_id is not None and municipality_id == user.municipality_id


def can(user: Any, name: str, obj: Any = None) -> bool:
    """May `user` do `name` (to `obj`)? Role, then tenant, then the model's object rule."""
    if not has_perm(user, name):
        return False
    if obj is None:
        return True
    if user.role != Role.OPERATOR and not same_tenant(user, obj):
        return False
    rule = _OBJECT_RULES.get(type(obj))
    return rule is None or rule(user, name, obj)


def require(user: Any, name: str, obj: Any = None) -> None:
    """Raise unless allowed: 404 for an object the user may not know exists, else 403."""
    if not has_perm(user, name):
        raise PermissionDenied(_("You do not have permission for this."))
    if obj is not None and not can(user, name, obj):
        raise Http404


def data_classes_for(user: Any) -> frozenset[DataClass]:
    return _DATA_CLASSES_BY_ROLE.get(getattr(user, "role", ""), _DEFAULT_DATA_CLASSES)


def may_see_field(user: Any, model: type[models.Model] | models.Model, field: str) -> bool:
    return field_class(model, field) in data_classes_for(user)


def redact(user: Any, model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """Blank the fields of `data` the user may not see (field-level access by class)."""
    return {k: (v if may_see_field(user, model, k) else None) for k, v in data.items()}


def register_core_permissions() -> None:
    register("core.view_home", set(Role), _("See the start page"))
    register("core.view_audit", {Role.DPO}, _("Read and filter the audit log"))
    register(
        "core.view_data_register",
        {Role.DPO, Role.OPERATOR, Role.HEAD_OF_KI},
        _("Read the register of fields and retention rules"),
    )
    register(
        "core.view_staff",
        {Role.HEAD_OF_KI, Role.TEAM_LEAD, Role.OPERATOR},
        _("See the staff of the municipality"),
    )
    register("core.manage_staff", {Role.HEAD_OF_KI, Role.OPERATOR}, _("Create staff accounts"))
    register("core.use_api_tokens", set(Role) - {Role.PROVIDER}, _("Create personal API tokens"))
    register("core.admin", {Role.OPERATOR}, _("Use the operators' admin"))
    register("core.manage_municipalities", {Role.OPERATOR}, _("List and set up municipalities"))
    register_object_rule(_user_model(), _staff_rule)


def _user_model() -> type[models.Model]:
    from ankunft.core.models import User  # noqa: PLC0415

    return User


def _staff_rule(user: Any, name: str, obj: Any) -> bool:
    # A team lead sees the members of their own team; the head of KI sees all staff.
    if user.role == Role.TEAM_LEAD and name == "core.view_staff":
        return obj.pk == user.pk or (user.team_id is not None and obj.team_id == user.team_id)
    return True
