"""The one permission layer: "may this user do this (to this object / these records)?"

Deny by default. A permission names the default roles that hold it; what a user's role
holds in their municipality is read from the role's record (`RoleDefinition`, seeded from
these defaults, editable by the head of the KI), once per request.

Each model's access beyond the role is defined once, as a scope: `register_scope(Model,
fn)` with `fn(user, permission) -> Q`. The same rule gives the list (`visible(user, perm,
queryset)`) and the single-object check (`can(user, perm, obj)`, which evaluates that `Q`
on the object), so lists and detail pages cannot disagree. Views, API, CLI and tests all
call these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ankunft.core.classification import DataClass, field_class
from ankunft.core.models import Role

CASE_ROLES = frozenset({Role.CASE_WORKER, Role.TEAM_LEAD})
KI_STAFF = frozenset({Role.CASE_WORKER, Role.TEAM_LEAD, Role.HEAD_OF_KI})
TENANT_ROLES = frozenset(set(Role) - {Role.OPERATOR})

_M = TypeVar("_M", bound=models.Model)


@dataclass(frozen=True)
class Permission:
    name: str
    roles: frozenset[str]
    description: Promise | str


@dataclass(frozen=True)
class _Scope:
    rule: Callable[[Any, str], Q]
    operators_see_all: bool


_REGISTRY: dict[str, Permission] = {}
_SCOPES: dict[type[models.Model], _Scope] = {}
_CACHE_ATTR = "_ankunft_permissions"
#: The annotation `with_role_permissions` puts on users (their role record's permissions).
ANNOTATION = "role_permission_names"
_MISSING = object()

# Which data classes each role may see at field level. Special-category data (health,
# religion, origin) only for those who work the case.
_DATA_CLASSES_BY_ROLE: dict[str, frozenset[DataClass]] = {
    Role.CASE_WORKER: frozenset(DataClass),
    Role.TEAM_LEAD: frozenset(DataClass),
}
_DEFAULT_DATA_CLASSES = frozenset({DataClass.NOT_PERSONAL, DataClass.PERSONAL})


def register(name: str, roles: Iterable[str], description: Promise | str) -> None:
    """Declare a permission and the default roles that hold it (from apps' `ready`).

    A name is declared once: a second declaration is a programming error, not an update.
    """
    if name in _REGISTRY:
        raise ImproperlyConfigured(f"Permission {name!r} is already registered.")
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ImproperlyConfigured(f"Permission {name!r} names unknown roles {sorted(unknown)}.")
    _REGISTRY[name] = Permission(name, frozenset(roles), description)


def register_scope(
    model: type[models.Model],
    rule: Callable[[Any, str], Q],
    *,
    operators_see_all: bool = False,
) -> None:
    """The access rule of a model beyond role and tenant: `rule(user, permission) -> Q`.

    The rule applies to the model and its subclasses. `Q()` means "all of the tenant's
    records"; `Q(pk__in=[])` means none. Keep rules to plain field lookups (`exact`, `in`,
    `isnull`, across foreign keys), so that `can` evaluates them without a query.
    `operators_see_all`: operators are not limited to a municipality (the staff accounts).
    """
    if model in _SCOPES:
        raise ImproperlyConfigured(f"A scope for {model.__name__} is already registered.")
    _SCOPES[model] = _Scope(rule, operators_see_all)


def all_permissions() -> dict[str, Permission]:
    return dict(_REGISTRY)


def default_permissions(role: str) -> frozenset[str]:
    """The permissions a default role holds by code (the seed of its record)."""
    return frozenset(p.name for p in _REGISTRY.values() if role in p.roles)


def with_role_permissions(queryset: QuerySet[_M]) -> QuerySet[_M]:
    """Users with their role record's permissions in the same query (no query per check)."""
    from ankunft.core.models import RoleDefinition  # noqa: PLC0415

    record = RoleDefinition.objects.filter(
        municipality_id=models.OuterRef("municipality_id"), key=models.OuterRef("role")
    ).values("permissions")[:1]
    annotated: QuerySet[_M] = queryset.annotate(
        **{ANNOTATION: models.Subquery(record, output_field=models.JSONField())}
    )
    return annotated


def role_permissions(user: Any) -> frozenset[str]:
    """What the user's role holds in their municipality, cached on the user object (the
    request's user lives as long as the request). Operators and roles without a record in
    the municipality hold the code's defaults; unknown custom roles hold nothing."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    names: Any = getattr(user, ANNOTATION, _MISSING)
    if names is _MISSING and user.role != Role.OPERATOR and user.municipality_id is not None:
        from ankunft.core.models import RoleDefinition  # noqa: PLC0415

        names = (
            RoleDefinition.objects.filter(municipality_id=user.municipality_id, key=user.role)
            .values_list("permissions", flat=True)
            .first()
        )
    if isinstance(names, list) and user.role != Role.OPERATOR:
        result = frozenset(n for n in names if n in _REGISTRY)
    else:
        result = default_permissions(user.role)
    setattr(user, _CACHE_ATTR, result)
    return result


def forget(user: Any) -> None:
    """Drop the cached permissions of a user object (after their role record changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    if hasattr(user, ANNOTATION):
        delattr(user, ANNOTATION)


def has_perm(user: Any, name: str) -> bool:
    """Whether the user's role holds the permission. Unknown names are denied."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return name in _REGISTRY and name in role_permissions(user)


def _scope_for(model: type[models.Model]) -> _Scope | None:
    for klass in model.__mro__:
        if klass in _SCOPES:
            return _SCOPES[klass]
    return None


def _tenant_q(user: Any, model: type[models.Model], scope: _Scope | None) -> Q:
    if user.role == Role.OPERATOR and scope is not None and scope.operators_see_all:
        return Q()
    if user.municipality_id is None:
        return Q(pk__in=[])
    if model.__name__ == "Municipality":
        return Q(pk=user.municipality_id)
    if any(f.name == "municipality" for f in model._meta.get_fields()):
        return Q(municipality_id=user.municipality_id)
    return Q(pk__in=[])


def scope_q(user: Any, name: str, model: type[models.Model]) -> Q:
    """The filter of the records of `model` the user may `name`: tenant and model rule."""
    if not has_perm(user, name):
        return Q(pk__in=[])
    scope = _scope_for(model)
    q = _tenant_q(user, model, scope)
    return q & scope.rule(user, name) if scope is not None else q


def visible(user: Any, name: str, records: QuerySet[_M] | type[_M]) -> QuerySet[_M]:
    """The records the user may `name` (the list scope; `can` is the same rule per object)."""
    qs: QuerySet[_M] = records._default_manager.all() if isinstance(records, type) else records
    return qs.filter(scope_q(user, name, qs.model))


def same_tenant(user: Any, obj: Any) -> bool:
    """The object belongs to the user's municipality (or is the user's municipality)."""
    municipality_id = getattr(obj, "municipality_id", None)
    if municipality_id is None and obj.__class__.__name__ == "Municipality":
        municipality_id = obj.pk
    return municipality_id is not None and municipality_id == user.municipality_id


def can(user: Any, name: str, obj: Any = None) -> bool:
    """May `user` do `name` (to `obj`)? Role, then the model's scope evaluated on `obj`."""
    if not has_perm(user, name):
        return False
    if obj is None:
        return True
    q = scope_q(user, name, type(obj))
    found = matches(obj, q)
    if found is None:  # a rule the Python twin cannot read: ask the database
        found = type(obj)._default_manager.filter(q, pk=obj.pk).exists()
    return found


def require(user: Any, name: str, obj: Any = None) -> None:
    """Raise unless allowed: 404 for an object the user may not know exists, else 403."""
    if not has_perm(user, name):
        raise PermissionDenied(_("You do not have permission for this."))
    if obj is not None and not can(user, name, obj):
        raise Http404


# The Python twin of a scope: evaluates a Q of plain lookups on one object ----------------

_LOOKUPS = {"exact", "in", "isnull"}


def _readable(model: type[models.Model], path: list[str]) -> bool:
    """Whether `path` names fields (across foreign keys) rather than a lookup or transform."""
    for i, part in enumerate(path):
        if part == "pk":
            return i == len(path) - 1
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return False
        if i < len(path) - 1:
            if field.related_model is None or isinstance(field.related_model, str):
                return False
            model = field.related_model
    return True


def _resolve(obj: Any, path: list[str]) -> Any:
    value = obj
    for part in path:
        if value is None:
            return None
        value = value.pk if part == "pk" else getattr(value, part)
    return value


def _leaf(obj: Any, lookup: str, expected: Any) -> bool | None:
    parts = lookup.split("__")
    op = parts.pop() if len(parts) > 1 and parts[-1] in _LOOKUPS else "exact"
    if not _readable(type(obj), parts):
        return None
    if isinstance(expected, models.Model):
        expected = expected.pk
    value = _resolve(obj, parts)
    if isinstance(value, models.Model):
        value = value.pk
    if op == "isnull":
        return (value is None) == bool(expected)
    if op == "in":
        return value in {e.pk if isinstance(e, models.Model) else e for e in expected}
    if expected is None:
        return value is None
    return value is not None and value == expected


def matches(obj: Any, q: Q) -> bool | None:
    """Whether `obj` satisfies `q` (None: the `Q` uses something only the database knows)."""
    if q.connector not in {Q.AND, Q.OR}:
        return None
    results: list[bool] = []
    for child in q.children:
        if isinstance(child, Q):
            result = matches(obj, child)
        elif isinstance(child, tuple) and not hasattr(child[1], "resolve_expression"):
            result = _leaf(obj, child[0], child[1])
        else:
            return None
        if result is None:
            return None
        results.append(result)
    found = all(results) if q.connector == Q.AND else any(results)
    if not q.children:
        found = True
    return not found if q.negated else found


# Field level ------------------------------------------------------------------------------


def data_classes_for(user: Any) -> frozenset[DataClass]:
    return _DATA_CLASSES_BY_ROLE.get(getattr(user, "role", ""), _DEFAULT_DATA_CLASSES)


def may_see_field(user: Any, model: type[models.Model] | models.Model, field: str) -> bool:
    return field_class(model, field) in data_classes_for(user)


def redact(user: Any, model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """Blank the fields of `data` the user may not see (field-level access by class)."""
    return {k: (v if may_see_field(user, model, k) else None) for k, v in data.items()}


# Core's own permissions and the staff scope ------------------------------------------------


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
    register(
        "core.manage_roles",
        {Role.HEAD_OF_KI},
        _("Edit the municipality's roles (within the permissions one holds)"),
    )
    register(
        "core.use_api_tokens",
        set(Role) - {Role.PROVIDER, Role.INTERPRETER},
        _("Create personal API tokens"),
    )
    register("core.admin", {Role.OPERATOR}, _("Use the operators' admin"))
    register("core.manage_municipalities", {Role.OPERATOR}, _("List and set up municipalities"))
    register_scope(_user_model(), staff_scope, operators_see_all=True)


def _user_model() -> type[models.Model]:
    from ankunft.core.models import User  # noqa: PLC0415

    return User


def staff_scope(user: Any, name: str) -> Q:
    """A team lead sees the members of their own team (and themself); the head of the KI
    all staff of the municipality; operators every account."""
    if user.role == Role.TEAM_LEAD and name == "core.view_staff":
        own = Q(pk=user.pk)
        return own | Q(team_id=user.team_id) if user.team_id is not None else own
    return Q()
