"""The one audit call: record reads and writes of personal records.

Who acts, through which interface, in which request, from which address and path: all of
that is the *audit context*, kept in one `ContextVar`. The request middleware sets the
interface, request id, address and path (and the page's user), the API sets its
authenticated user, the `ankunft` command line sets the system actor, and background work
runs in `task_context(name, actor=...)`. Callers only say what was done to which record.

Entries carry no names of data subjects: the record's type and id, and a stable
pseudonymous `subject_key` (an HMAC, see `subject_key`). Labels are joined from the live
record when the log is read (`entry_labels`), so an erased record shows as erased.

There is no implicit actor: `actor=None` means "the actor of the context", and when the
context has none, `audit()` raises `MissingActorError`. The system itself acts as `SYSTEM`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ankunft.core.models import AuditAction, AuditEntry, Interface


class SystemActor:
    """The deployment itself: commands an operator runs on the server, migrations, tasks
    started by the scheduler. Not a user account; entries name it "system"."""

    is_authenticated = False
    is_anonymous = False
    pk = None
    municipality_id = None

    def get_username(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


class MissingActorError(RuntimeError):
    """`audit()` was called without an actor outside any context that names one."""


@dataclass(frozen=True)
class AccessContext:
    interface: str = Interface.SYSTEM
    ip_address: str | None = None
    path: str = ""
    request_id: str = ""
    # A User, SYSTEM, an AnonymousUser, or None (nobody named: audit() then needs an actor).
    actor: Any = None


# AccessContext is frozen, so sharing the default instance is safe.
_context: ContextVar[AccessContext] = ContextVar(
    "audit_context",
    default=AccessContext(),  # noqa: B039
)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str:
    """A client's `X-Request-ID` if it is a short token, else a new id (never raw input)."""
    if value and _REQUEST_ID.match(value):
        return value
    return new_request_id()


@contextmanager
def access_context(
    interface: str,
    ip_address: str | None = None,
    path: str = "",
    *,
    request_id: str = "",
    actor: Any = None,
) -> Iterator[AccessContext]:
    """Run a block as one interface (the middleware, the API and the CLI use this)."""
    ctx = AccessContext(interface, ip_address, path[:300], request_id[:64], actor)
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)


@contextmanager
def task_context(name: str, *, actor: Any = SYSTEM) -> Iterator[AccessContext]:
    """Run background work (a report, a scheduled job) with its own audit context.

    Entries written inside name the task in `path` ("task:<name>"), carry a fresh request
    id and interface `task`, and are attributed to `actor` (a user who asked for the work,
    or `SYSTEM`).
    """
    with access_context(
        Interface.TASK, None, f"task:{name}", request_id=new_request_id(), actor=actor
    ) as ctx:
        yield ctx


def set_actor(actor: Any) -> None:
    """Name the actor of the current context (the API does this once it authenticated)."""
    _context.set(replace(_context.get(), actor=actor))


def current_context() -> AccessContext:
    return _context.get()


@cache
def _subject_secret() -> bytes:
    dedicated = getattr(settings, "AUDIT_SUBJECT_KEY", "")
    if dedicated:
        return str(dedicated).encode()
    # Derived, so that the raw SECRET_KEY never keys anything but this derivation.
    return hmac.new(
        str(settings.SECRET_KEY).encode(), b"ankunft.audit.subject-key", hashlib.sha256
    ).digest()


def subject_key(object_type: str, object_id: object) -> str:
    """Stable pseudonym of a record: HMAC-SHA256("<type>:<id>") under the subject secret.

    The same record always gets the same key (entries about one person can be found and
    handed over together); without the secret the key reveals neither type nor id.
    """
    message = f"{object_type}:{object_id}".encode()
    return hmac.new(_subject_secret(), message, hashlib.sha256).hexdigest()


def _resolve_actor(actor: Any) -> Any:
    if actor is not None:
        return actor
    ctx_actor = _context.get().actor
    if ctx_actor is None:
        raise MissingActorError(
            "audit() needs an actor: pass the user, or run inside a request, the CLI or "
            "task_context(name, actor=SYSTEM)."
        )
    return ctx_actor


def _actor_name(actor: Any, *, authenticated: bool) -> str:
    if authenticated or isinstance(actor, SystemActor):
        return str(actor.get_username())[:150]
    return "anonymous"


def _entry(
    actor: Any, action: str, obj: models.Model, fields: Sequence[str], interface: str | None
) -> AuditEntry:
    ctx = _context.get()
    authenticated = bool(getattr(actor, "is_authenticated", False))
    object_type = obj._meta.label_lower
    return AuditEntry(
        municipality_id=getattr(obj, "municipality_id", None)
        or (getattr(actor, "municipality_id", None) if authenticated else None),
        actor=actor if authenticated else None,
        actor_name=_actor_name(actor, authenticated=authenticated),
        action=action,
        interface=interface or ctx.interface,
        object_type=object_type,
        object_id=str(obj.pk),
        subject_key=subject_key(object_type, obj.pk),
        fields=sorted(fields),
        ip_address=ctx.ip_address,
        path=ctx.path,
        request_id=ctx.request_id,
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
    entry = _entry(_resolve_actor(actor), action, obj, list(fields), interface)
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
    """Append one entry per record, all in ONE INSERT (a page, an API page, an export).

    Pass exactly the records the response shows, not everything that was fetched. A record
    shown twice is one entry.
    """
    field_list = list(fields)
    unique: dict[tuple[str, object], models.Model] = {}
    for o in objs:
        unique.setdefault((o._meta.label_lower, o.pk), o)
    if not unique:
        return 0
    who = _resolve_actor(actor)
    entries = [_entry(who, action, o, field_list, interface) for o in unique.values()]
    # No batch_size: one statement per response, whatever its length.
    AuditEntry.objects.bulk_create(entries)
    return len(entries)


def audit_rows(
    actor: Any,
    action: AuditAction | str,
    object_type: str,
    records: Iterable[tuple[object, int | None]],
    *,
    fields: Iterable[str] = (),
    interface: str | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The entries `audit_many` would write for records of one type given as (pk,
    municipality id), as column values by attribute name (`at` left to the writer), for a
    bulk writer that streams them (COPY) instead of building an instance per entry: the
    values common to all entries, and each entry's own."""
    who = _resolve_actor(actor)
    ctx = _context.get()
    authenticated = bool(getattr(who, "is_authenticated", False))
    common = {
        "actor_id": who.pk if authenticated else None,
        "actor_name": _actor_name(who, authenticated=authenticated),
        "action": str(action),
        "interface": str(interface or ctx.interface),
        "object_type": object_type,
        "fields": sorted(fields),
        "ip_address": ctx.ip_address,
        "path": ctx.path,
        "request_id": ctx.request_id,
    }
    fallback = getattr(who, "municipality_id", None) if authenticated else None
    return common, [
        {
            "municipality_id": municipality_id or fallback,
            "object_id": str(pk),
            "subject_key": subject_key(object_type, pk),
        }
        for pk, municipality_id in dict(records).items()
    ]


T = TypeVar("T")


class SlicedRows(Generic[T]):
    """A lazy list for a paginator: only the slice it takes is fetched, shown and audited.

    `render(rows)` gets exactly the records of the page (it audits them, in one INSERT, and
    returns what the response shows); `count()` counts the whole result without fetching
    it. django-ninja's pagination and Django's `Paginator` both take it as a list.
    """

    def __init__(self, queryset: models.QuerySet[Any], render: Callable[[list[Any]], list[T]]):
        self.queryset = queryset
        self.render = render

    def all(self) -> SlicedRows[T]:
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[T]:
        if not isinstance(key, slice):
            raise TypeError("SlicedRows takes slices only")
        return self.render(list(self.queryset[key]))


# --- labels for the log, joined from the live records --------------------------------------


@dataclass(frozen=True)
class EntryLabel:
    text: str
    erased: bool


def _model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _valid_keys(model: type[models.Model], ids: Iterable[str]) -> list[object]:
    """The ids that can be keys of `model` (an entry's id is text)."""
    field = model._meta.pk
    keys: list[object] = []
    for raw in ids:
        try:
            keys.append(field.to_python(raw) if field is not None else raw)
        except ValidationError:
            continue
    return keys


def entry_labels(
    entries: Sequence[AuditEntry], *, municipality_id: int | None
) -> tuple[dict[int, EntryLabel], list[models.Model]]:
    """A label for each entry from its live record: one query per record type on the page.

    Records that no longer exist (or belong to another municipality) show as erased. Also
    returns the live records whose label is shown: showing a name is a read of it, so the
    caller audits them.
    """
    wanted: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        wanted[e.object_type].add(e.object_id)
    live: dict[tuple[str, str], models.Model] = {}
    for object_type, ids in wanted.items():
        model = _model_for(object_type)
        if model is None:
            continue
        pks = _valid_keys(model, ids)
        if not pks:
            continue
        qs = model._default_manager.filter(pk__in=pks)
        if municipality_id is not None and any(
            f.name == "municipality" for f in model._meta.get_fields()
        ):
            qs = qs.filter(municipality_id=municipality_id)
        for record in qs:
            live[(object_type, str(record.pk))] = record
    erased = _("erased")
    labels: dict[int, EntryLabel] = {}
    for e in entries:
        found = live.get((e.object_type, e.object_id))
        labels[e.pk] = (
            EntryLabel(str(found)[:200], erased=False)
            if found is not None
            else EntryLabel(erased, erased=True)
        )
    return labels, list(live.values())
