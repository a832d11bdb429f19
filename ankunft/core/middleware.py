"""Request context for the audit trail and the user's language."""

from __future__ import annotations

import contextlib
import errno
import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from ankunft.core.audit import access_context, clean_request_id
from ankunft.core.models import Interface

logger = logging.getLogger("ankunft.outage")
#: Errors that may mean "the database cannot be reached", not "the query is wrong".
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
#: SQLite raises OperationalError for wrong SQL too ("no such table"): only these are outages.
_SQLITE_OUTAGES = ("database is locked", "unable to open database", "disk i/o error")


def is_database_down(exc: BaseException | None) -> bool:
    if not isinstance(exc, DATABASE_DOWN_ERRORS):
        return False
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return any(text in str(exc).lower() for text in _SQLITE_OUTAGES)
    return True


def client_ip(request: HttpRequest) -> str | None:
    # Behind a trusted proxy `security.TrustedProxyMiddleware` has already put the client's
    # address into REMOTE_ADDR; X-Forwarded-For from anyone else is dropped there (forgeable).
    return request.META.get("REMOTE_ADDR") or None


REQUEST_ID_HEADER = "X-Request-ID"


class RequestContextMiddleware:
    """Sets the audit context of each request: page, API or operator admin, address, path,
    request id and (for pages) the logged-in user; the API names its user once it has
    authenticated the request.

    The request id is the client's `X-Request-ID` when it is a short token, else a new one;
    it is echoed in the response's `X-Request-ID` header and stored in every entry.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            interface, user = Interface.API, None
        else:
            admin = request.path.startswith("/admin/")
            interface = Interface.ADMIN if admin else Interface.PAGE
            user = getattr(request, "user", None)
        request_id = clean_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        with access_context(
            interface, client_ip(request), request.path, request_id=request_id, actor=user
        ):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


class LanguageMiddleware(LocaleMiddleware):
    """Django's locale negotiation (cookie, then Accept-Language), plus `?lang=xx`.

    `?lang=` lets a link (and the language menu without JavaScript) switch the language of
    public pages; the choice is kept in the language cookie by `set_language`.
    """

    def process_request(self, request: HttpRequest) -> None:
        lang = request.GET.get("lang")
        codes = {code for code, _name in settings.LANGUAGES}
        if lang in codes:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
            return
        super().process_request(request)


class LoginRequired(LoginRequiredMiddleware):
    """Every page needs login unless marked `login_not_required`.

    The API answers for itself: each operation requires session or token auth and returns
    401 JSON instead of a redirect to the login page.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


# ---------------------------------------------------------------------------------------------
# Outages: 503 + Retry-After when the database cannot be reached, 507 when the disk is full
# (issue 12, fault drills), instead of a 500
# ---------------------------------------------------------------------------------------------

#: Seconds a client is asked to wait when the database cannot be reached.
RETRY_AFTER = 5
_OUTAGE = "_ankunft_outage"
STORAGE_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def outage_of(exc: BaseException | None) -> int | None:
    """503 for a database that cannot be reached, 507 for a full disk, else None."""
    if is_database_down(exc):
        return 503
    if isinstance(exc, OSError) and exc.errno in STORAGE_FULL_ERRNOS:
        return 507
    return None


def _mark_outage(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Django turns an exception into a 500 at the layer that raised it (and the API's
    handler does the same); this receiver of `got_request_exception` notes on the request
    when the cause was an outage, for `OutageMiddleware`."""
    status = outage_of(sys.exc_info()[1])
    if request is not None and status is not None:
        setattr(request, _OUTAGE, status)


got_request_exception.connect(_mark_outage, dispatch_uid="ankunft_outage")


def outage_response(request: HttpRequest, status: int) -> HttpResponse:
    """The answer in the visitor's language: JSON for the API, a small page that needs
    neither the database nor a template (no session, no context processors) otherwise."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if status == 507:  # noqa: PLR2004
            title = _("No room to store this")
            message = _(
                "The server's storage is full, so nothing was saved. Please try again "
                "later and tell the administrators."
            )
        else:
            title = _("Briefly unavailable")
            message = _("The service is briefly unavailable. Please try again in a few seconds.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=status)
        else:
            page = (
                f'<!doctype html><html lang="{escape(language)}"><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{escape(title)}</title><main><h1>{escape(title)}</h1>"
                f"<p>{escape(message)}</p></main></html>"
            )
            response = HttpResponse(page, status=status, content_type="text/html; charset=utf-8")
    if status == 503:  # noqa: PLR2004
        response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class OutageMiddleware:
    """The outermost middleware. A request that failed because the database could not be
    reached (`OperationalError`, `InterfaceError`: a restart, a lost connection) gets 503
    with `Retry-After`; one that failed because the disk is full (ENOSPC, EDQUOT: an upload)
    gets 507 with a clear message; both instead of a 500. Django closes a broken connection
    at the end of the request and, with `CONN_HEALTH_CHECKS`, checks a kept one before
    reusing it, so the app recovers by itself once the database is back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except (*DATABASE_DOWN_ERRORS, OSError) as exc:
            status = outage_of(exc)
            if status is None:
                raise
            if status == 507:  # noqa: PLR2004
                discard_upload_spool(request)
            logger.warning("outage (%d) at %s", status, request.path, exc_info=True)
            return outage_response(request, status)
        status = getattr(request, _OUTAGE, None)
        if status is not None and response.status_code >= 500:  # noqa: PLR2004
            if status == 507:  # noqa: PLR2004
                discard_upload_spool(request)
            return outage_response(request, status)
        return response


def discard_upload_spool(request: HttpRequest) -> None:
    """Close (and so delete) the temporary file Django was spooling an upload into when the
    disk filled up: the failed parse keeps it referenced, so it would stay until garbage
    collection (the disk-full drill found it left behind)."""
    for handler in getattr(request, "_upload_handlers", None) or []:
        spool = getattr(handler, "file", None)
        if spool is not None:
            with contextlib.suppress(OSError):
                spool.close()
