"""What every API module shares: the typed request, the error body, bounded integers and
keyset pages (`core.pagination`) as query parameters and response schemas.

No `from __future__ import annotations` here: django-ninja reads the annotations.
"""

from functools import cache
from typing import Annotated, Any, Protocol, TypeVar, cast

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import AfterValidator, create_model

from ankunft.core.models import User
from ankunft.core.pagination import (
    DB_INT_MAX,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    CursorError,
    Page,
    keyset_page,
)
from ankunft.core.parsing import search_text

# A number in a path or query larger than a column holds is a 422, not an overflow deep in
# the database driver.
DbId = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
DbInt = Annotated[int, Field(ge=-DB_INT_MAX, le=DB_INT_MAX)]
Year = Annotated[int, Field(ge=1, le=9999)]
# Free text and codes in a query (a search, a status): bounded like the columns they match.
SearchText = Annotated[str, Field(max_length=200), AfterValidator(search_text)]
Code = Annotated[str, Field(max_length=40)]

_M = TypeVar("_M", bound=Model)


class ApiRequest(Protocol):
    """A request that passed the API's authentication: `auth` is the user."""

    auth: User


def api_user(request: HttpRequest) -> User:
    """The authenticated user of an API request (session or token)."""
    user = cast(ApiRequest, request).auth
    if not isinstance(user, User):  # pragma: no cover - ninja authenticates first
        raise TypeError(user)
    return user


class Error(Schema):
    """Every error answer: a message in the request's language, maybe the details."""

    detail: str
    errors: list[Any] | None = None


class PageQuery(Schema):
    """Keyset page parameters: `cursor` from the previous page's `next`, `limit` rows."""

    cursor: str = Field("", max_length=2000, description="`next` of the previous page")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page")


@cache
def page_of(item: type[Schema]) -> type[Schema]:
    """The response schema of a list: `{"items": [item, …], "next": cursor | null}`."""
    model = create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        items=(cast(Any, list)[item], ...),
        next=(str | None, None),
    )
    return model


def api_page(rows: "QuerySet[_M]", *, keys: tuple[str, ...], query: PageQuery) -> Page[_M]:
    """The page of `rows` that `query` asks for; a changed cursor is a 422."""
    try:
        return keyset_page(rows, keys=keys, cursor=query.cursor, limit=query.limit)
    except CursorError as exc:
        raise NinjaValidationError(
            [
                {
                    "type": "cursor",
                    "loc": ["query", "cursor"],
                    "msg": _("The cursor is not valid; start again from the first page."),
                }
            ]
        ) from exc
