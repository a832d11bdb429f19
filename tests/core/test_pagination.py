"""The keyset paginator: one order with a unique tie-breaker, bounded pages, a signed cursor;
pages forgive (clamped size, stale link) and audit only the rows they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ankunft.core.models import AuditEntry, Role, User
from ankunft.core.pagination import (
    MAX_LIMIT,
    CursorError,
    clean_limit,
    cursor_for,
    keyset_page,
    query_id,
)

pytestmark = pytest.mark.django_db


def _walk(rows, keys, limit):
    seen, cursor = [], ""
    while True:
        page = keyset_page(rows, keys=keys, cursor=cursor, limit=limit)
        seen += [r.pk for r in page.items]
        if page.next is None:
            return seen
        cursor = page.next


def test_ties_and_nulls_neither_repeat_nor_skip(town, make_user):
    """Equal names are ordered by id; every row comes exactly once, in one order, whatever
    the page size; a descending key works the same way."""
    for name in ["Yilmaz", "Yilmaz", "Abel", "Yilmaz", "Abel", ""]:
        make_user(Role.CASE_WORKER, last_name=name)
    rows = User.objects.filter(municipality=town)
    expected = list(rows.order_by("last_name", "id").values_list("pk", flat=True))
    for limit in (1, 2, 4, 50):
        assert _walk(rows, ("last_name", "id"), limit) == expected
    descending = list(rows.order_by("-last_name", "-id").values_list("pk", flat=True))
    assert _walk(rows, ("-last_name", "-id"), 2) == descending


def test_nullable_key_sorts_nulls_last(town, make_user):
    """Users without a team come after those with one, in both directions."""
    from tests import factories  # noqa: PLC0415

    team = factories.team(town, "A")
    with_team = [make_user(Role.CASE_WORKER, team=team) for _ in range(2)]
    without = [make_user(Role.CASE_WORKER) for _ in range(3)]
    rows = User.objects.filter(municipality=town)
    assert _walk(rows, ("team", "id"), 2) == [u.pk for u in with_team + without]
    assert _walk(rows, ("-team", "-id"), 2) == [
        *(u.pk for u in reversed(with_team)),
        *(u.pk for u in reversed(without)),
    ]


def test_bad_cursors_and_limits_raise(town, make_user):
    user = make_user(Role.CASE_WORKER)
    rows = User.objects.all()
    with pytest.raises(CursorError):
        keyset_page(rows, keys=("id",), cursor="nope")
    with pytest.raises(CursorError):  # issued for another order
        keyset_page(rows, keys=("id",), cursor=cursor_for(user, ("last_name", "id")))
    for limit in (0, MAX_LIMIT + 1):
        with pytest.raises(ValueError, match=str(limit)):
            keyset_page(rows, keys=("id",), limit=limit)
    assert clean_limit("500", clamp=True)[0] == MAX_LIMIT
    assert clean_limit("0", clamp=True)[0] == 1
    assert clean_limit("x", clamp=True)[0] == 50
    assert clean_limit(None) == (50, "")


def test_query_id_refuses_numbers_no_column_holds():
    assert query_id("12") == 12
    assert query_id("99999999999999999999") is None
    assert query_id("-3") is None
    assert query_id("") is None


def test_staff_page_clamps_the_size_with_a_notice(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.get(reverse("core:staff_list"), {"limit": "100000"})
    assert response.context["page"].limit == MAX_LIMIT
    assert "Auf eine Seite passen höchstens 200 Zeilen; es werden 200 angezeigt." in (
        response.content.decode()
    )


def test_stale_link_starts_the_list_again(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.get(reverse("core:staff_list"), {"after": "tampered"})
    assert response.status_code == 200
    assert "Der Link zu dieser Seite ist nicht mehr gültig" in response.content.decode()


def test_staff_page_audits_only_the_people_shown_and_links_the_next_page(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI, last_name="Aaa")
    for n in range(4):
        make_user(Role.CASE_WORKER, last_name=f"Person {n}")
    client.force_login(head)
    response = client.get(reverse("core:staff_list"), {"limit": 2, "q": "x"})
    page = response.context["page"]
    assert [u.last_name for u in page.items] == ["Aaa", "Person 0"]
    assert AuditEntry.objects.filter(object_type="core.user", action="read").count() == 2
    html = response.content.decode()
    assert 'rel="next"' in html
    assert "q=x" in html.split('rel="next"')[0].rsplit("<a", 1)[1]
    second = client.get(reverse("core:staff_list"), {"limit": 2, "after": page.next})
    assert [u.last_name for u in second.context["page"].items] == ["Person 1", "Person 2"]


def test_budget_staff_page_audits_only_the_members_shown(client, town, make_user):
    from ankunft.budget.services import positions  # noqa: PLC0415

    for n in range(5):
        positions.staff_member_create(actor=None, municipality=town, name=f"Mitglied {n}")
    client.force_login(make_user(Role.FINANCE))
    response = client.get(reverse("budget:staff_list"), {"limit": 3})
    assert [m.name for m in response.context["page"].items] == [
        "Mitglied 0",
        "Mitglied 1",
        "Mitglied 2",
    ]
    assert AuditEntry.objects.filter(object_type="budget.staffmember", action="read").count() == 3
