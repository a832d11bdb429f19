"""The work list page by page (50 items, next due first), with keyset cursors.

The list merges seven kinds of records. Each kind's query is ordered by a value its items'
due date grows with (`ORDER`: the goal's due date, the last contact, the answer's time …),
so one page is: from each kind the next `size + 1` records after the cursor, in that order
(an index range scan: `ORDER BY … LIMIT 51`), merged in Python by (due, kind, value, pk).
The cursor is the last item's (due, kind, value, pk), signed. A page therefore costs the
same on page 1 and page 400 and for a team of 200 or 200,000 cases; nothing is counted but
a bounded count for the heading (`COUNT_CAP`).

Every query is the kind's own (`worklist.KINDS`): through the permission layer as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.core import signing
from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ankunft.cases import access
from ankunft.cases.selectors import worklist as wl
from ankunft.core import permissions

PAGE_SIZE = 50
COUNT_CAP = 1000  # the heading says "1,000 or more" beyond; counting all would read all
_SALT = "ankunft.cases.worklist"
RANK = {kind: i for i, (kind, _q, _m) in enumerate(wl.KINDS)}


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _same(day: dt.date) -> dt.date:
    return day


def _order(kind: str, p: wl.Period) -> tuple[Any, Callable[[dt.date], Any]]:
    """The kind's order expression, and the least value of it whose item is due on a day."""
    k = wl.Kind
    if kind == k.APPOINTMENT:
        return F("starts_at"), _midnight
    if kind == k.REFERRAL:
        return F("answered_at"), _midnight
    if kind == k.NO_CONTACT:
        weeks = dt.timedelta(weeks=p.no_contact_weeks)
        return Coalesce("last_contact_on", "opened_on"), lambda day: day - weeks
    if kind == k.LEGAL_DOMAIN:  # due: the end when it is still ahead, else the start
        return Case(When(end__gte=p.today, then=F("end")), default=F("start")), _same
    return F(wl.DUE_ORDER[kind]), _same


@dataclass(frozen=True)
class Key:
    due: dt.date
    rank: int
    value: dt.date | dt.datetime
    pk: int


@dataclass(frozen=True)
class WorklistPage:
    items: list[wl.Item]
    next: str | None
    total: int  # at most COUNT_CAP
    capped: bool
    first: bool


def _encode(key: Key) -> str:
    kind = "t" if isinstance(key.value, dt.datetime) else "d"
    data = [key.due.isoformat(), key.rank, kind, key.value.isoformat(), key.pk]
    return signing.dumps(data, salt=_SALT, compress=True)


def decode(cursor: str | None) -> Key | None:
    """The cursor's key; None for no cursor or one that was not issued here (first page)."""
    if not cursor:
        return None
    try:
        due, rank, kind, value, pk = signing.loads(cursor, salt=_SALT)
        parsed = dt.datetime.fromisoformat(value) if kind == "t" else dt.date.fromisoformat(value)
        return Key(dt.date.fromisoformat(due), int(rank), parsed, int(pk))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _after(rank: int, after: Key, low: Callable[[dt.date], Any]) -> Q:
    if rank < after.rank:
        return Q(wl_order__gte=low(after.due + dt.timedelta(days=1)))
    if rank > after.rank:
        return Q(wl_order__gte=low(after.due))
    return Q(wl_order__gt=after.value) | Q(wl_order=after.value, pk__gt=after.pk)


def _key(item: wl.Item) -> tuple[Any, ...]:
    return (item.due, item.rank, item.order, item.source_pk)


def worklist_page(
    user: Any,
    scope: str = wl.MINE,
    cursor: str | None = None,
    *,
    size: int = PAGE_SIZE,
    today: dt.date | None = None,
    count: bool = True,
) -> WorklistPage:
    """One page of what is due for `user`, after `cursor` (None: the first page)."""
    permissions.require(user, access.VIEW)
    scope = scope if scope in wl.SCOPES else wl.MINE
    p = wl.periods(user, today)
    after = decode(cursor)
    items: list[wl.Item] = []
    total = 0
    for kind, query, make in wl._kinds(user):
        rank = RANK[kind]
        expression, low = _order(kind, p)
        qs = query(user, scope, p)
        if count and after is None:
            total += qs.order_by()[:COUNT_CAP].count()
        qs = qs.annotate(wl_order=expression)
        if after is not None:
            qs = qs.filter(_after(rank, after, low))
        items += [
            replace(make(r, p), rank=rank, order=r.wl_order, source_pk=r.pk)
            for r in qs.order_by("wl_order", "pk")[: size + 1]
        ]
    found = sorted(wl._fill_cases(user, scope, items), key=_key)
    shown = found[:size]
    last = shown[-1] if shown and len(found) > size else None
    following = _encode(Key(last.due, last.rank, last.order, last.source_pk)) if last else None
    capped = total >= COUNT_CAP
    return WorklistPage(shown, following, min(total, COUNT_CAP), capped, after is None)
