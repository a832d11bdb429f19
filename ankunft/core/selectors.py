"""Reads of core data, each through the permission layer; personal reads are audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from ankunft import __version__
from ankunft.core import classification, permissions
from ankunft.core.audit import EntryLabel, audit, audit_many, entry_labels
from ankunft.core.models import AuditAction, AuditEntry, District, Municipality, Team, User
from ankunft.core.pagination import Page, PageRequest, forgiving_page

STAFF_FIELDS = ("username", "first_name", "last_name", "email", "phone", "role", "team")


def staff_list(*, actor: User) -> QuerySet[User]:
    """Staff the actor may see: the municipality's (head of KI), the own team (team lead),
    everyone (operator). Empty for everyone else. The rule is `permissions.staff_scope`."""
    return permissions.visible(
        actor, "core.view_staff", User.objects.select_related("team", "municipality")
    )


STAFF_KEYS = ("last_name", "first_name", "id")


def staff_list_audited(*, actor: User, page: PageRequest | None = None) -> Page[User]:
    """A keyset page of the visible staff by name, with one audit entry per person shown."""
    shown = forgiving_page(staff_list(actor=actor), keys=STAFF_KEYS, page=page or PageRequest())
    audit_many(actor, AuditAction.READ, shown.items, fields=STAFF_FIELDS)
    return shown


def staff_get(*, actor: User, pk: int) -> User:
    """One staff record, if the actor may see it (else 404, so existence does not leak)."""
    permissions.require(actor, "core.view_staff")
    user = staff_list(actor=actor).filter(pk=pk).first()
    if user is None:
        raise Http404
    audit(actor, AuditAction.READ, user, fields=STAFF_FIELDS)
    return user


def audit_entry_list(
    *,
    actor: User,
    actor_name: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    interface: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """The audit log of the actor's municipality, filtered (data protection officer only)."""
    permissions.require(actor, "core.view_audit")
    if actor.municipality_id is None:
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.filter(municipality_id=actor.municipality_id)
    filters: dict[str, Any] = {}
    if actor_name:
        filters["actor_name__iexact"] = actor_name
    if object_type:
        filters["object_type"] = object_type
    if object_id:
        filters["object_id"] = object_id
    if action:
        filters["action"] = action
    if interface:
        filters["interface"] = interface
    if since:
        filters["at__date__gte"] = since
    if until:
        filters["at__date__lte"] = until
    return qs.filter(**filters)


def audit_entries_labelled(*, actor: User, entries: list[AuditEntry]) -> list[AuditEntry]:
    """The entries of one page, each with `label` and `erased` from its live record.

    One query per record type on the page (a bounded number). A name shown here is a read
    of that person's record, so the personal records labelled are audited (one INSERT).
    """
    permissions.require(actor, "core.view_audit")
    labels, shown = entry_labels(entries, municipality_id=actor.municipality_id)
    for e in entries:
        label = labels.get(e.pk, EntryLabel("", erased=True))
        e.label, e.erased = label.text, label.erased  # type: ignore[attr-defined]
    personal = [r for r in shown if classification.is_personal(r)]
    audit_many(actor, AuditAction.READ, personal, fields=["label"])
    return entries


def audit_readers_of(*, actor: User, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    """ "Who read this person's record?" — one query over the indexed object columns."""
    return audit_entry_list(
        actor=actor, object_type=object_type, object_id=object_id, action=AuditAction.READ
    )


def database_status() -> dict[str, Any]:
    """Whether the database answers, its engine and version (for /health and /ready)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        version = ".".join(str(p) for p in connection.get_database_version())
    except Exception as exc:
        return {"ok": False, "engine": connection.vendor, "error": exc.__class__.__name__}
    return {"ok": True, "engine": connection.vendor, "version": version}


def health_status() -> dict[str, Any]:
    db = database_status()
    return {"status": "ok" if db["ok"] else "degraded", "version": __version__, "database": db}


def municipality_get(*, actor: User) -> Municipality:
    """The actor's own municipality (operators have none: 404)."""
    if actor.municipality_id is None:
        raise Http404
    return Municipality.objects.get(pk=actor.municipality_id)


def district_list(*, actor: User) -> QuerySet[District]:
    return District.objects.for_user(actor).order_by("kind", "name")


def team_list(*, actor: User) -> QuerySet[Team]:
    return Team.objects.for_user(actor)


def municipality_list(*, actor: User) -> QuerySet[Municipality]:
    """Every municipality, for the operators' page (tenants are not personal data)."""
    permissions.require(actor, "core.manage_municipalities")
    return Municipality.objects.order_by("name")


def public_municipalities() -> list[Municipality]:
    """Name and short name of every municipality, for the public start at the site root."""
    return list(Municipality.objects.order_by("name").only("name", "slug"))
