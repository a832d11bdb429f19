"""Request context for the audit trail and the user's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from ankunft.core.audit import access_context, clean_request_id
from ankunft.core.models import Interface


def client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy the operator sets REMOTE_ADDR via the proxy's real-IP module;
    # X-Forwarded-For is not trusted because clients can forge it.
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
