"""Core API: the current user, staff, the audit log, the municipality."""

# No `from __future__ import annotations` here: django-ninja reads the annotations at
# import time to build its parameter models.

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ankunft.core import permissions, roles, selectors
from ankunft.core.audit import SlicedRows, audit_many
from ankunft.core.models import AuditAction, AuditEntry, RoleDefinition, User

router = Router(tags=["core"])


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    role: str
    municipality: str | None
    team: str | None
    permissions: list[str]


class StaffOut(Schema):
    id: int
    username: str | None
    first_name: str | None
    last_name: str | None
    email: str | None
    role: str
    team: str | None


class AuditOut(Schema):
    id: int
    at: dt.datetime
    actor_name: str
    action: str
    interface: str
    object_type: str
    object_id: str
    subject_key: str
    # From the live record at read time; "erased" when it no longer exists.
    label: str
    erased: bool
    fields: list[str]
    ip_address: str | None
    request_id: str


class AuditFilter(Schema):
    actor_name: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    interface: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


class MunicipalityOut(Schema):
    id: int
    name: str
    slug: str
    content_languages: list[str]
    districts: list[dict[str, str | int | None]]
    teams: list[str]


def _staff_out(actor: User, user: User) -> StaffOut:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
    }
    return StaffOut(
        id=user.pk,
        role=user.role,
        team=str(user.team) if user.team else None,
        **permissions.redact(actor, User, data),
    )


@router.get("/me", response=MeOut, summary="The authenticated user and their permissions")
def me(request: HttpRequest) -> MeOut:
    user: User = request.auth  # type: ignore[attr-defined]
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.get_full_name(),
        role=user.role,
        municipality=str(user.municipality) if user.municipality else None,
        team=str(user.team) if user.team else None,
        permissions=sorted(
            n for n in permissions.all_permissions() if permissions.has_perm(user, n)
        ),
    )


@router.get(
    "/municipality",
    response=MunicipalityOut,
    summary="The user's municipality with districts and teams",
)
def municipality(request: HttpRequest) -> MunicipalityOut:
    user: User = request.auth  # type: ignore[attr-defined]
    m = selectors.municipality_get(actor=user)
    return MunicipalityOut(
        id=m.pk,
        name=m.name,
        slug=m.slug,
        content_languages=m.content_languages,
        districts=[
            {"id": d.pk, "name": d.name, "kind": d.kind, "parent_id": d.parent_id}
            for d in selectors.district_list(actor=user)
        ],
        teams=[t.name for t in selectors.team_list(actor=user)],
    )


@router.get("/staff", response=list[StaffOut], summary="Staff the user may see")
@paginate(LimitOffsetPagination)
def staff_list(request: HttpRequest) -> SlicedRows[StaffOut]:
    user: User = request.auth  # type: ignore[attr-defined]
    permissions.require(user, "core.view_staff")

    def shown(people: list[User]) -> list[StaffOut]:
        # Only the page returned is audited (one INSERT), not everything that matches.
        audit_many(user, AuditAction.READ, people, fields=selectors.STAFF_FIELDS)
        return [_staff_out(user, p) for p in people]

    return SlicedRows(selectors.staff_list(actor=user), shown)


@router.get("/staff/{staff_id}", response=StaffOut, summary="One staff member")
def staff_detail(request: HttpRequest, staff_id: int) -> StaffOut:
    user: User = request.auth  # type: ignore[attr-defined]
    return _staff_out(user, selectors.staff_get(actor=user, pk=staff_id))


@router.get(
    "/audit",
    response=list[AuditOut],
    summary="Audit log of the municipality (data protection officer)",
)
@paginate(LimitOffsetPagination)
def audit_list(request: HttpRequest, filters: Query[AuditFilter]) -> SlicedRows[AuditEntry]:
    user: User = request.auth  # type: ignore[attr-defined]
    entries = selectors.audit_entry_list(actor=user, **filters.dict())
    return SlicedRows(
        entries, lambda page: selectors.audit_entries_labelled(actor=user, entries=page)
    )


class RoleOut(Schema):
    key: str
    name: str
    default: bool
    permissions: list[str]


class RoleIn(Schema):
    key: str
    name: str
    permissions: list[str] = []


class RolePatch(Schema):
    name: str | None = None
    permissions: list[str] | None = None


def _role_out(record: RoleDefinition) -> RoleOut:
    return RoleOut(
        key=record.key,
        name=record.label,
        default=record.is_default,
        permissions=list(record.permissions),
    )


@router.get("/roles", response=list[RoleOut], summary="The municipality's roles (head of the KI)")
def role_list(request: HttpRequest) -> list[RoleOut]:
    user: User = request.auth  # type: ignore[attr-defined]
    permissions.require(user, roles.MANAGE)
    return [_role_out(r) for r in roles.role_list(actor=user)]


@router.post(
    "/roles",
    response={201: RoleOut},
    summary="Add an own role, with permissions the user's role holds",
)
def role_create(request: HttpRequest, payload: RoleIn) -> Status[RoleOut]:
    user: User = request.auth  # type: ignore[attr-defined]
    record = roles.role_create(
        actor=user, key=payload.key, name=payload.name, permission_names=payload.permissions
    )
    return Status(201, _role_out(record))


@router.patch(
    "/roles/{key}",
    response=RoleOut,
    summary="Change a role's name or permissions (within what the user's role holds)",
)
def role_update(request: HttpRequest, key: str, payload: RolePatch) -> RoleOut:
    user: User = request.auth  # type: ignore[attr-defined]
    record = roles.role_get(actor=user, key=key)
    record = roles.role_update(
        actor=user, record=record, name=payload.name, permission_names=payload.permissions
    )
    return _role_out(record)
