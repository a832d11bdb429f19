"""The JSON API at /api/: one NinjaAPI, token or session auth, errors as JSON.

Modules add their routers in `ROUTERS`; each operation goes through the same permission
layer as the pages. Every error is a JSON `Error` (`{"detail": …, "errors": […]}`), also
for an unknown path under /api/ and for a server error; the OpenAPI document declares the
error answers of every operation (`_error_responses`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth
from ninja.types import DictStrAny

from ankunft import __version__
from ankunft.core.audit import set_actor
from ankunft.core.jsonbody import JsonBodyError, load_json
from ankunft.core.services import api_token_authenticate

logger = logging.getLogger(__name__)

ROUTERS = [
    ("/", "ankunft.core.api.router"),
    ("/council/", "ankunft.council.api.router"),
    ("/budget/", "ankunft.budget.api.router"),
    ("/measures/", "ankunft.measures.api.router"),
    ("/directory/", "ankunft.directory.api.router"),
    ("/cases/", "ankunft.cases.api.router"),
    ("/reports/", "ankunft.reports.api.router"),
]

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA: DictStrAny = {
    "title": "Error",
    "description": "Every error answer: a message in the request's language, maybe details.",
    "type": "object",
    "properties": {
        "detail": {"title": "Detail", "type": "string"},
        "errors": {"title": "Errors", "anyOf": [{"type": "array", "items": {}}, {"type": "null"}]},
    },
    "required": ["detail"],
}
_DESCRIPTIONS = {
    400: "Bad input: the request was read but refused; nothing was changed",
    401: "Authentication required: log in or send a token",
    403: "Permission denied (or a session write without CSRF token)",
    404: "Not found, or not visible to the user",
    422: "A parameter or the body does not match the schema",
}
_WRITES = {"post", "put", "patch", "delete"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ank_…` with a personal token from the "API access" page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            set_actor(user)
        return user


class ActiveSessionAuth(SessionAuth):
    """Django session login, active users only, with CSRF on unsafe methods.

    CSRF protects cookies a browser sends by itself; a request without a session cookie has
    nothing to protect, so it is not refused here (a token client then gets its answer, an
    anonymous one 401).
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        set_actor(user)
        return user


class BoundedParser(Parser):
    """JSON bodies with a bounded nesting depth (deeply nested JSON is a 400, not a crash)."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        data: DictStrAny = load_json(request.body)
        return data


def _error_responses(operation: DictStrAny, path: str, method: str) -> dict[int, DictStrAny]:
    """The error answers an operation can give, from what it takes and who may call it."""
    codes: set[int] = set()
    if operation.get("security"):
        codes |= {401, 403}
    if "{" in path:
        codes.add(404)
    if operation.get("parameters") or operation.get("requestBody"):
        codes.add(422)
    if method in _WRITES:
        codes |= {400, 403}
    if operation.get("requestBody"):
        codes.add(400)  # a body that is not JSON
    return {
        code: {
            "description": _DESCRIPTIONS[code],
            "content": {"application/json": {"schema": ERROR_REF}},
        }
        for code in sorted(codes)
    }


class AnkunftAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"].setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                responses = operation["responses"]
                for code, answer in _error_responses(operation, path, method).items():
                    responses.setdefault(code, answer)
        return schema


def _json(status: int, body: DictStrAny) -> HttpResponse:
    return HttpResponse(json.dumps(body), status=status, content_type="application/json")


@csrf_exempt
def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under /api/ that is no operation: a JSON 404, never the HTML page."""
    return _json(404, {"detail": _("Not found.")})


def build_api() -> NinjaAPI:
    api = AnkunftAPI(
        title="ankunft API",
        version=__version__,
        description=(
            "JSON API of ankunft. Authenticate with a personal token: "
            "`Authorization: Bearer <token>`, or the session cookie (browser; writes then need "
            "the CSRF token). Errors are JSON objects with a `detail` message in the "
            "request's language and, for bad input, the `errors`. Lists come in keyset "
            "pages: `{items, next}`; pass `next` as `cursor` for the following page."
        ),
        auth=[TokenAuth(), ActiveSessionAuth()],
        parser=BoundedParser(),
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

    @api.exception_handler(JsonBodyError)
    def unreadable(request: HttpRequest, exc: JsonBodyError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("The body is not valid JSON."), "errors": [str(exc)]}, status=400
        )

    @api.exception_handler(NinjaValidationError)
    def malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("The input is not valid."), "errors": exc.errors}, status=422
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403:  # noqa: PLR2004 - ninja's CSRF refusal
            detail = _("CSRF check failed: send the CSRF token with a session, or use a token.")
        elif exc.status_code == 400:  # noqa: PLR2004 - ninja: body not readable
            detail = _("The body is not valid JSON.")
        else:
            detail = str(exc)
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    @api.exception_handler(OverflowError)
    def out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # A number in a body larger than a database column holds (parameters are bounded).
        return api.create_response(
            request,
            {"detail": _("The input is not valid."), "errors": [_("A number is out of range.")]},
            status=422,
        )

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # E.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE: Django's own answer would be 400.
        return api.create_response(
            request, {"detail": _("The request is too large or malformed.")}, status=400
        )

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged and signalled like any unhandled error (the test client re-raises it).
        logger.error("API error at %s", request.path, exc_info=exc)
        got_request_exception.send(sender=None, request=request)
        return api.create_response(
            request, {"detail": _("Something went wrong on our side.")}, status=500
        )

    return api


api = build_api()


def _json_errors(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Ninja answers a method an operation does not take with a plain-text 405: as JSON."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(  # noqa: PLR2004
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = _json(405, {"detail": _("This method is not allowed here.")})
            response["Allow"] = allowed
        return response

    return wrapper


def urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URLs (errors as JSON), then a JSON 404 for every other path under /api/."""
    patterns, app_name, namespace = api.urls
    wrapped: list[URLPattern | URLResolver] = [
        URLPattern(p.pattern, _json_errors(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]
    # ninja's root view answers an HTML 404: /api/ itself gets the JSON one (name kept, the
    # docs page reverses it).
    wrapped = [
        URLPattern(p.pattern, unknown_path, p.default_args, p.name)
        if isinstance(p, URLPattern) and p.name == "api-root"
        else p
        for p in wrapped
    ]
    catch_all = re_path(r"^(?P<rest>.*)$", unknown_path, name="unknown_path")
    return [*wrapped, catch_all], app_name, namespace
