"""The one audit call: record reads and writes of personal records.

The interface (page, API, CLI, export) and the client address come from context set by
the request middleware, the API and the CLI, so callers only say who did what to which
record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models

from ankunft.core.models import AuditAction, AuditEntry, Interface


@dataclass(frozen=True)
class AccessContext:
    interface: str = Interface.SYSTEM
    ip_address: str | None = None
    path: str = ""


# AccessContext is frozen, so sharing the default instance is safe.
_context: ContextVar[AccessContext] = ContextVar(
    "audit_context",
    default=AccessContext(),  # noqa: B039
)


@contextmanager
def access_context(
    interface: str, ip_address: str | None = None, path: str = ""
) -> Iterator[AccessContext]:
    """Run a block as one interface (the middleware, the API and the CLI use this)."""
    ctx = AccessContext(interface, ip_address, path[:300])
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)


def current_context() -> AccessContext:
    return _context.get()


def _actor_name(actor: Any, *, authenticated: bool) -> str:
    if authenticated:
        return str(actor.get_username())[:150]
    # No actor: the system itself or an operator's command on the server.
    return "system" if actor is None else "anonymous"


def _entry(
    actor: Any, action: str, obj: models.Model, fields: Iterable[str], interface: str | None
) -> AuditEntry:
    ctx = _context.get()
    authenticated = getattr(actor, "is_authenticated", False)
    return AuditEntry(
        municipality_id=getattr(obj, "municipality_id", None)
        or (getattr(actor, "municipality_id", None) if authenticated else None),
        actor=actor if authenticated else None,
        actor_name=_actor_name(actor, authenticated=authenticated),
        action=action,
        interface=interface or ctx.interface,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        fields=sorted(fields),
        ip_address=ctx.ip_address,
        path=ctx.path,
    )


def audit(
    actor: Any,
    action: AuditAction | str,
    obj: models.Model,
    *,
    fields: Iterable[str] = (),
    interface: str | None = None,
) -> AuditEntry:
    """Append one entry: `actor` did `action` to `obj` (touching `fields`)."""
    entry = _entry(actor, action, obj, fields, interface)
    entry.save()
    return entry


def audit_many(
    actor: Any,
    action: AuditAction | str,
    objs: Iterable[models.Model],
    *,
    fields: Iterable[str] = (),
    interface: str | None = None,
) -> int:
    """Append one entry per record in one INSERT (lists and exports read many at once)."""
    field_list = list(fields)
    entries = [_entry(actor, action, o, field_list, interface) for o in objs]
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)
