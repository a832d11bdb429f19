"""The JSON API at /api/: one NinjaAPI, session or token auth, errors as JSON.

Modules add their routers in `ROUTERS`; each operation goes through the same permission
layer as the pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from ankunft import __version__
from ankunft.core.audit import set_actor
from ankunft.core.services import api_token_authenticate

ROUTERS = [
    ("/", "ankunft.core.api.router"),
    ("/council/", "ankunft.council.api.router"),
    ("/budget/", "ankunft.budget.api.router"),
    ("/measures/", "ankunft.measures.api.router"),
    ("/directory/", "ankunft.directory.api.router"),
]


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ank_…` with a personal token from the "API access" page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            set_actor(user)
        return user


class ActiveSessionAuth(SessionAuth):
    """Django session login (with CSRF on unsafe methods), active users only."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        set_actor(user)
        return user


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="ankunft API",
        version=__version__,
        description=(
            "JSON API of ankunft. Authenticate with the session cookie (browser) or a "
            "personal token: `Authorization: Bearer <token>`. Errors are JSON objects with "
            "a `detail` message in the request's language."
        ),
        auth=[ActiveSessionAuth(), TokenAuth()],
        urls_namespace="api",
    )
    for prefix, router in ROUTERS:
        api.add_router(prefix, router)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(
            request,
            {"detail": _("Authentication required: log in or send a token.")},
            status=401,
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("You do not have permission for this.")}, status=403
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("The input is not valid."), "errors": exc.messages}, status=400
        )

    @api.exception_handler(NinjaValidationError)
    def malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("The input is not valid."), "errors": exc.errors}, status=422
        )

    return api


api = build_api()
