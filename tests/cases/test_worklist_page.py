"""The work list page by page (keyset cursors): every item once, in the whole list's order,
a page costing a fixed number of queries; a cursor not issued here is the first page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ankunft.cases.bench_worklist_sql import count_sql, page_params, page_sql
from ankunft.cases.selectors import worklist as wl
from ankunft.cases.selectors import worklist_page as wp
from ankunft.core.models import AuditAction, AuditEntry, Role
from tests import factories
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


def test_the_page_is_refused_to_other_roles_and_shows_no_other_team_or_town(
    client, town, other_town, make_user
):
    """The paged list goes through the permission layer: a role without the cases is
    refused (selector and page), the other team and the other municipality see nothing of
    team A's case, and the page audits the persons it shows."""
    w = _world(town, make_user)
    case = _every_kind(town, w.cw, w.offer)
    finance = make_user(Role.FINANCE)
    with pytest.raises(PermissionDenied):
        wp.worklist_page(finance, wl.TEAM)
    client.force_login(finance)
    assert client.get(reverse("cases:worklist")).status_code == 403
    foreign = make_user(Role.TEAM_LEAD, other_town, team=factories.team(other_town))
    for outsider in (w.cw_b, foreign):
        for scope in wl.SCOPES:
            page = wp.worklist_page(outsider, scope)
            assert page.items == []
            assert page.total == 0
    assert {i.case_id for i in wp.worklist_page(w.lead, wl.TEAM).items} == {case.pk}
    client.force_login(w.cw)
    assert client.get(reverse("cases:worklist"), {"scope": "mine"}).status_code == 200
    assert AuditEntry.objects.filter(
        actor=w.cw, action=AuditAction.READ, object_type="cases.person", object_id=case.person_id
    ).exists()


def test_the_hand_written_page_gives_the_pages_answer(town, make_user):
    """The benchmarks' limit (`page_sql`, `count_sql`) finds what the page finds: every kind,
    in the page's order of due dates, for the worker's cases ("mine") or the team's."""
    w = _world(town, make_user)
    _every_kind(town, w.cw, w.offer)
    p = wl.periods(w.cw)

    def rows(scope: str, worker: int, sql: str | None = None) -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql or page_sql(scope), page_params(town.pk, w.cw.team_id, worker, p))
            return cursor.fetchall()

    team = rows(wl.TEAM, w.colleague.pk)
    page = wp.worklist_page(w.cw, wl.MINE)
    assert len(team) == len(page.items) == len(ALL_KINDS)
    assert [str(r[0])[:10] for r in team] == [i.due.isoformat() for i in page.items]
    assert sorted(r[3] for r in team) == sorted(i.family_name for i in page.items)
    assert rows(wl.MINE, w.cw.pk) == team
    assert rows(wl.MINE, w.colleague.pk) == []
    assert rows(wl.MINE, w.cw.pk, count_sql(wl.MINE)) == [(len(ALL_KINDS),)]
    assert rows(wl.MINE, w.colleague.pk, count_sql(wl.MINE)) == [(0,)]
    assert "LIMIT 7" in page_sql(wl.MINE, 7)


def test_the_api_pages_with_the_same_cursor(client, town, make_user):
    w = _world(town, make_user)
    for n in range(8):  # 56 items: more than one page of 50
        _every_kind(town, w.cw, w.offer, family=f"Familie{n}")
    client.force_login(w.lead)
    first = client.get("/api/cases/worklist", {"scope": "team"}).json()
    assert (first["count"], first["capped"], len(first["items"])) == (56, False, 50)
    assert first["next"]
    second = client.get("/api/cases/worklist", {"scope": "team", "after": first["next"]}).json()
    assert len(second["items"]) == 6
    assert second["count"] is None  # counted on the first page only
    assert second["next"] is None
    pages = first["items"] + second["items"]
    whole = wl.worklist(w.lead, wl.TEAM)
    assert [(i["kind"], i["case_id"], i["due"]) for i in pages] == [
        (i.kind, i.case_id, i.due.isoformat()) for i in whole
    ]
    forged = client.get("/api/cases/worklist", {"scope": "team", "after": "forged"}).json()
    assert forged["items"] == first["items"]
