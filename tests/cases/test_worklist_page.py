"""The work list page by page (keyset cursors): every item once, in the whole list's order,
a page costing a fixed number of queries; a cursor not issued here is the first page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ankunft.cases.selectors import worklist as wl
from ankunft.cases.selectors import worklist_page as wp
from tests.cases.test_worklist import ALL_KINDS, _every_kind, _world

pytestmark = pytest.mark.django_db


def _ident(i: wl.Item) -> tuple[object, ...]:
    return (i.kind, i.case_id, i.due, i.detail)


def test_pages_give_every_item_once_in_order(town, make_user):
    w = _world(town, make_user)
    for n in range(4):
        _every_kind(town, w.cw, w.offer, family=f"Familie{n}")
    whole = wl.worklist(w.cw, wl.TEAM)
    seen, cursor, pages = [], None, 0
    while True:
        with CaptureQueriesContext(connection) as queries:
            page = wp.worklist_page(w.cw, wl.TEAM, cursor, size=5)
        assert len(queries.captured_queries) <= 2 + 2 * len(ALL_KINDS)
        seen += page.items
        pages += 1
        cursor = page.next
        if cursor is None:
            break
    assert pages == 6  # 28 items, 5 a page
    assert [_ident(i) for i in seen] == [_ident(i) for i in whole]
    assert [i.due for i in seen] == sorted(i.due for i in seen)


def test_the_page_links_the_next_one_and_refuses_forged_cursors(client, town, make_user):
    w = _world(town, make_user)
    _every_kind(town, w.cw, w.offer)
    first = wp.worklist_page(w.cw, wl.MINE, size=3)
    assert first.first
    assert first.total == len(ALL_KINDS)
    assert first.next
    assert wp.decode(first.next + "x") is None
    client.force_login(w.cw)
    html = client.get(reverse("cases:worklist"), {"after": "forged"}).content.decode()
    assert 'id="worklist-count"' in html  # the first page
    later = client.get(reverse("cases:worklist"), {"after": first.next}).content.decode()
    assert 'id="worklist-count"' not in later
