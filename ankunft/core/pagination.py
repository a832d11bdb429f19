"""Keyset pagination for pages and the API: one order, a bounded page size, an opaque cursor.

A list is ordered by a few keys that end in a unique one (`("-date", "-id")`); a page is
the rows after the last row of the previous page in that order, so a page costs the same
at row 10 as at row 100,000, no COUNT(*) runs, and a row written meanwhile neither repeats
nor skips a row. Null values sort last in both directions.

The cursor is the last row's keys as signed JSON (URL-safe base64): opaque to clients and
refused when changed (`CursorError`), never a 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import Any, Generic, TypeVar
from uuid import UUID

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpRequest
from django.utils.translation import gettext as _

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# The largest integer a database column holds (PostgreSQL bigint, SQLite INTEGER).
DB_INT_MAX = 2**63 - 1
_SALT = "ankunft.pagination"
_M = TypeVar("_M", bound=Model)


class CursorError(ValueError):
    """The cursor was not issued for this list, or it was changed."""


@dataclass(frozen=True)
class Page(Generic[_M]):
    """One page of rows; `next` is the cursor of the following page (None on the last)."""

    items: list[_M]
    next: str | None
    limit: int
    notice: str = ""


def query_id(value: str | None) -> int | None:
    """An id from a page's query string; anything else, also a number no column holds
    (which SQLite refuses with an OverflowError), is None: no filter."""
    if not value or not value.isdigit():
        return None
    number = int(value)
    return number if number <= DB_INT_MAX else None


def clean_limit(value: object, *, clamp: bool = False) -> tuple[int, str]:
    """`value` as a page size and a message for the reader.

    A missing or unreadable value is the default; a value outside 1…MAX_LIMIT raises
    `ValueError`, or with `clamp` (pages) becomes the nearest bound with a message.
    """
    try:
        limit = int(str(value)) if value not in (None, "") else DEFAULT_LIMIT
    except ValueError:
        if not clamp:
            raise
        return DEFAULT_LIMIT, _("The page size is not a number; %(n)s rows are shown.") % {
            "n": DEFAULT_LIMIT
        }
    if 1 <= limit <= MAX_LIMIT:
        return limit, ""
    if not clamp:
        raise ValueError(limit)
    bounded = min(max(limit, 1), MAX_LIMIT)
    return bounded, _("At most %(max)s rows fit on a page; %(n)s are shown.") % {
        "max": MAX_LIMIT,
        "n": bounded,
    }


def _order_by(key: str) -> OrderBy:
    name = key.removeprefix("-")
    if key.startswith("-"):
        return F(name).desc(nulls_last=True)
    return F(name).asc(nulls_last=True)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _value(row: Model, key: str) -> Any:
    value: Any = row
    for part in key.removeprefix("-").split("__"):
        value = getattr(value, part) if value is not None else None
        if isinstance(value, Model):
            value = value.pk
    return _encode(value)


def _after(keys: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows after `values` in the order of `keys` (nulls last): an OR of "equal on the
    first i keys, then beyond on key i"."""
    alternatives: list[Q] = []
    equal = Q()
    for key, value in zip(keys, values, strict=True):
        name = key.removeprefix("-")
        if value is None:
            # Nothing sorts after a null (nulls are last); equal means null too.
            equal &= Q(**{f"{name}__isnull": True})
            continue
        lookup = "lt" if key.startswith("-") else "gt"
        beyond = Q(**{f"{name}__{lookup}": value}) | Q(**{f"{name}__isnull": True})
        alternatives.append(equal & beyond)
        equal &= Q(**{name: value})
    return reduce(lambda a, b: a | b, alternatives, Q(pk__in=[]))


def cursor_for(row: Model, keys: Sequence[str]) -> str:
    """The cursor that continues after `row`."""
    payload = {"k": list(keys), "v": [_value(row, key) for key in keys]}
    return signing.dumps(payload, salt=_SALT, compress=True)


def _decode(cursor: str, keys: Sequence[str]) -> list[Any]:
    try:
        payload = signing.loads(cursor, salt=_SALT)
    except (signing.BadSignature, ValueError, UnicodeError) as exc:
        raise CursorError(cursor) from exc
    if not isinstance(payload, dict) or payload.get("k") != list(keys):
        raise CursorError(cursor)
    values = payload.get("v")
    if not isinstance(values, list) or len(values) != len(keys):
        raise CursorError(cursor)
    return values


def keyset_page(
    rows: QuerySet[_M], *, keys: Sequence[str], cursor: str = "", limit: int = DEFAULT_LIMIT
) -> Page[_M]:
    """The page of `rows` after `cursor`, ordered by `keys` (the last key must be unique).

    Raises `CursorError` for a cursor this list did not issue and `ValueError` for a
    `limit` outside 1…MAX_LIMIT.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(limit)
    ordered = rows.order_by(*(_order_by(key) for key in keys))
    if cursor:
        try:
            ordered = ordered.filter(_after(keys, _decode(cursor, keys)))
        except ValidationError as exc:  # a signed value the field cannot read
            raise CursorError(cursor) from exc
    found = list(ordered[: limit + 1])
    if len(found) <= limit:
        return Page(found, None, limit)
    shown = found[:limit]
    return Page(shown, cursor_for(shown[-1], keys), limit)


@dataclass(frozen=True)
class PageRequest:
    """What a list page asks for: the cursor, a page size within bounds, and a notice when
    the asked size was clamped."""

    cursor: str = ""
    limit: int = DEFAULT_LIMIT
    notice: str = ""


def page_request(request: HttpRequest, *, cursor_param: str = "after") -> PageRequest:
    """The page a list page asks for with `?after=…&limit=…` (a limit out of bounds is
    clamped, with a notice)."""
    limit, notice = clean_limit(request.GET.get("limit"), clamp=True)
    return PageRequest(request.GET.get(cursor_param, ""), limit, notice)


def forgiving_page(rows: QuerySet[_M], *, keys: Sequence[str], page: PageRequest) -> Page[_M]:
    """Like `keyset_page`, for pages: a cursor that is not valid starts the list again, with
    a notice for the reader (an old bookmark is no error)."""
    try:
        found = keyset_page(rows, keys=keys, cursor=page.cursor, limit=page.limit)
    except CursorError:
        found = keyset_page(rows, keys=keys, limit=page.limit)
        return Page(
            found.items,
            found.next,
            found.limit,
            _("The link to this page is no longer valid; the list starts again."),
        )
    return Page(found.items, found.next, found.limit, page.notice)


def page_for_request(
    rows: QuerySet[_M], request: HttpRequest, *, keys: Sequence[str], cursor_param: str = "after"
) -> Page[_M]:
    """The page of `rows` a list page asks for (see `page_request`, `forgiving_page`)."""
    return forgiving_page(rows, keys=keys, page=page_request(request, cursor_param=cursor_param))
