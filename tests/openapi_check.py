"""Every API response in the tests is checked against the OpenAPI document (Zulip-style).

`ContractClient` is Django's test client; after each request to an operation under /api/ it
looks the operation up in `/api/openapi.json` and validates the JSON body against the schema
the document declares for that status. An undeclared status, a body that does not match, or
a path that is no operation fails the test.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django.test import Client
from openapi_schema_validator import OAS31Validator

from ankunft.api import api

# Not operations: the document itself, the interactive docs.
_NOT_OPERATIONS = {"/api/openapi.json", "/api/docs"}


class ContractError(AssertionError):
    pass


@cache
def spec() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    return document


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    found = []
    for template in spec()["paths"]:
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        found.append((re.compile(f"^{pattern}$"), template))
    # Literal paths before templated ones ("/chain" before "/chain/{id}").
    return sorted(found, key=lambda p: p[1].count("{"))


def operation_of(method: str, path: str) -> dict[str, Any] | None:
    for pattern, template in _templates():
        if pattern.match(path):
            operation = spec()["paths"][template].get(method.lower())
            if operation is not None:
                return operation
    return None


def check(method: str, path: str, status: int, body: bytes, content_type: str) -> None:
    """Raise `ContractError` unless the answer matches the document."""
    operation = operation_of(method, path)
    if operation is None:
        known_path = any(pattern.match(path) for pattern, _template in _templates())
        expected = 405 if known_path else 404  # a method the path does not take; no path
        if status == expected and body and json.loads(body).get("detail"):
            return
        raise ContractError(f"{method} {path}: no such operation in the OpenAPI document")
    declared = operation["responses"].get(str(status))
    if declared is None:
        raise ContractError(
            f"{method} {path} answered {status}, which the document does not declare "
            f"({', '.join(sorted(operation['responses']))}): {body[:300]!r}"
        )
    schema = declared.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return
    if not content_type.startswith("application/json"):
        raise ContractError(f"{method} {path} answered {status} with {content_type}, not JSON")
    validator = OAS31Validator({**schema, "components": spec()["components"]})
    errors = sorted(validator.iter_errors(json.loads(body)), key=lambda e: list(e.path))
    if errors:
        raise ContractError(
            f"{method} {path} {status}: the body does not match the document: "
            + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
        )


def _second_factor_on_force_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """The test clients' `force_login` (any `Client`, not only this module's) also completes
    the second factor for a user whose role requires one (or who has one): the user gets a
    confirmed TOTP device and the session is marked verified by `core.mfa.mark_verified`, as
    the code page of the real login does. Only `force_login` logs in with a bare
    `HttpRequest` (real requests are `WSGIRequest`s), so real logins keep their code step."""
    if type(request) is not HttpRequest or request.path or "REMOTE_ADDR" in request.META:
        return
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

    from ankunft.core import mfa  # noqa: PLC0415

    device = mfa.confirmed_device(user)
    if device is None and not mfa.required(user):
        return
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    request.user = user
    mfa.mark_verified(request, device)


user_logged_in.connect(_second_factor_on_force_login, dispatch_uid="tests_force_login_mfa")


class ContractClient(Client):
    """Django's test client that checks every API answer against the OpenAPI document."""

    def request(self, **request: Any) -> Any:
        response = super().request(**request)
        path = request.get("PATH_INFO", "")
        if path.startswith("/api/") and path not in _NOT_OPERATIONS:
            check(
                request.get("REQUEST_METHOD", "GET"),
                path,
                response.status_code,
                response.content,
                response.get("Content-Type", ""),
            )
        return response
