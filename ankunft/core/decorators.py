"""View decorators that apply the permission layer."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

from ankunft.core import permissions
from ankunft.core.models import User

View = Callable[..., HttpResponse]


class HtmxHttpRequest(HttpRequest):
    """A page request after django-htmx's middleware: `htmx` tells whether htmx sent it."""

    htmx: HtmxDetails


def permission_required(name: str) -> Callable[[View], View]:
    """Refuse the view (403) unless the user's role holds `name`.

    Login itself is enforced for every page by LoginRequiredMiddleware; this adds the role.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            permissions.require(request.user, name)
            return view(request, *args, **kwargs)

        wrapper.__dict__["permission_name"] = name  # read by the access tests
        return wrapper

    return decorator


def actor(request: HttpRequest) -> User:
    """The logged-in user of a request, typed; refuses anonymous requests."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
