"""Reads that tolerate a second's lag go to PostgreSQL streaming replicas (issue 13).

Settings: `DATABASE_REPLICA_URLS` (comma-separated) becomes the aliases `replica1`, `replica2`
… (see `replica_databases`); `DATABASE_REPLICA_ALIASES` lists them for the router.

A read goes to a replica only when all of these hold:

- the current request is marked lag-tolerant: its view carries `@lag_tolerant` (the public
  directory, the dashboards, the report pages; the modules mark their own views, core does
  not import them) and it is a GET or HEAD;
- the user is not pinned to the primary: after a write of theirs (POST/PUT/PATCH/DELETE
  answered below 400) `ReadYourWritesMiddleware` sets a signed cookie for
  `DATABASE_PIN_SECONDS` (default 5), so they see what they just wrote;
- no transaction is open on the primary (a read inside one belongs to it);
- the model is not one of the login machinery's (sessions, users, lockouts, second factors,
  the task queue): those must never be a second behind;
- the replica answers its cheap health check (an open or openable connection). A replica that
  fails it, or fails during the view, is skipped for `DATABASE_REPLICA_RETRY_SECONDS` (default
  5) and the read falls back to the primary; a view that failed on a replica is run once more
  on the primary (it is a GET, so running it again is safe).

Writes always go to the primary, as do migrations.
"""

from __future__ import annotations

import contextvars
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from functools import wraps
from typing import Any, TypeVar, cast

import dj_database_url
from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase

logger = logging.getLogger("ankunft.replicas")

PIN_COOKIE = "ankunft_primary"
_PIN_SALT = "ankunft.core.db_router.pin"
SAFE_METHODS = frozenset({"GET", "HEAD"})
#: Never read from a replica: what logging in, staying logged in and the queue depend on.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "otp_totp", "otp_static", "django_tasks_db"})
PRIMARY_ONLY_MODELS = frozenset({"core.user", "core.apitoken"})

#: Set for the duration of a lag-tolerant view: the replica aliases it may read from.
_tolerant: contextvars.ContextVar[bool] = contextvars.ContextVar("lag_tolerant", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("pinned", default=False)
#: The replicas the current view read from (to retry it on the primary when one failed).
_used: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("used", default=None)

# alias → time.monotonic() until which it is skipped; shared by the threads of a process.
_down: dict[str, float] = {}
_down_lock = threading.Lock()


def replica_databases(urls: str, default: Mapping[str, Any]) -> dict[str, dj_database_url.DBConfig]:
    """`DATABASE_REPLICA_URLS` → {"replica1": settings, …}, with the primary's options; in
    tests each replica mirrors the primary (Django's TEST MIRROR)."""
    result = {}
    for n, url in enumerate((u.strip() for u in urls.split(",") if u.strip()), start=1):
        config = dj_database_url.parse(url, conn_max_age=default.get("CONN_MAX_AGE", 0))
        config["CONN_HEALTH_CHECKS"] = True
        config["OPTIONS"] = {**default.get("OPTIONS", {}), **config.get("OPTIONS", {})}
        # A dead replica must not hold a request for the default of minutes.
        if config["ENGINE"].endswith("postgresql"):
            config["OPTIONS"].setdefault("connect_timeout", 2)
        config["TEST"] = {"MIRROR": DEFAULT_DB_ALIAS}
        result[f"replica{n}"] = config
    return result


def _aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICA_ALIASES", ()))


def mark_down(alias: str) -> None:
    seconds = float(getattr(settings, "DATABASE_REPLICA_RETRY_SECONDS", 5))
    with _down_lock:
        _down[alias] = time.monotonic() + seconds
    logger.warning("replica %s unavailable; reads go to the primary for %.0f s", alias, seconds)


def is_down(alias: str) -> bool:
    with _down_lock:
        until = _down.get(alias)
        if until is not None and until <= time.monotonic():
            del _down[alias]
            until = None
    return until is not None


def _healthy(alias: str) -> bool:
    """The cheap check: the connection is open or can be opened (a kept connection was
    already checked by CONN_HEALTH_CHECKS at the request's start)."""
    try:
        connections[alias].ensure_connection()
    except (OperationalError, InterfaceError):
        mark_down(alias)
        return False
    return True


def _in_app_transaction() -> bool:
    """An atomic block the app opened on the primary (a test case's own wrapping
    transaction, marked by Django, does not count: it stands for autocommit)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return False
    return any(not getattr(a, "_from_testcase", False) for a in connection.atomic_blocks)


def choose_replica(model: type[Model] | None = None) -> str | None:
    """The replica alias a read should go to now, or None for the primary."""
    if not _tolerant.get() or _pinned.get():
        return None
    if model is not None and (
        model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.label_lower in PRIMARY_ONLY_MODELS
    ):
        return None
    candidates = [a for a in _aliases() if not is_down(a)]
    if not candidates or _in_app_transaction():
        return None
    random.shuffle(candidates)  # spreading load, not a secret
    for alias in candidates:
        if _healthy(alias):
            used = _used.get()
            if used is not None:
                used.add(alias)
            return alias
    return None


class ReplicaRouter:
    """Django's database router: see the module's docstring."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return choose_replica(model)

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


@contextmanager
def reading_from_replicas(*, pinned: bool = False) -> Iterator[set[str]]:
    """Mark the code inside as lag-tolerant (also for tasks and commands); yields the set of
    replicas it read from."""
    used: set[str] = set()
    tokens = (_tolerant.set(True), _pinned.set(pinned), _used.set(used))
    try:
        yield used
    finally:
        _used.reset(tokens[2])
        _pinned.reset(tokens[1])
        _tolerant.reset(tokens[0])


V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def lag_tolerant(view: V) -> V:
    """Mark a view whose GET reads may be a second behind: they may go to a replica."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in SAFE_METHODS or not _aliases():
            return view(request, *args, **kwargs)
        with reading_from_replicas(pinned=is_pinned(request)) as used:
            try:
                return view(request, *args, **kwargs)
            except (OperationalError, InterfaceError):
                if not used:
                    raise
                failed = set(used)
        # A replica failed during the view (stopped, lag too large to serve the query):
        # skip it and answer from the primary.
        for alias in failed:
            mark_down(alias)
            with suppress(OperationalError, InterfaceError):
                connections[alias].close()
        return view(request, *args, **kwargs)

    wrapper.__dict__["lag_tolerant"] = True
    return cast("V", wrapper)


def pin_seconds() -> int:
    return int(getattr(settings, "DATABASE_PIN_SECONDS", 5))


def is_pinned(request: HttpRequest) -> bool:
    value = request.COOKIES.get(PIN_COOKIE)
    if not value:
        return False
    try:
        signing.TimestampSigner(salt=_PIN_SALT).unsign(value, max_age=pin_seconds())
    except signing.BadSignature:
        return False
    return True


class ReadYourWritesMiddleware:
    """After a successful write, the writer's reads go to the primary for a few seconds (a
    signed, short-lived cookie; none is set when no replica is configured)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method not in SAFE_METHODS
            and request.method != "OPTIONS"
            and response.status_code < 400  # noqa: PLR2004
            and _aliases()
        ):
            response.set_cookie(
                PIN_COOKIE,
                signing.TimestampSigner(salt=_PIN_SALT).sign("1"),
                max_age=pin_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
