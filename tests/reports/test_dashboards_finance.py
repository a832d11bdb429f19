"""Finance's dashboard: budget execution across all decisions and years."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ankunft.budget.selectors import execution_of_decision
from ankunft.core.models import Role
from ankunft.reports.dashboards import finance
from tests.measures import builders as mb

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 6, 30)


def test_each_row_is_the_decisions_own_execution(town, make_user):
    """Per decision and year the same figures and warnings as the decision's execution
    page (computed there one decision at a time)."""
    world = mb.chain_world(town)
    second = mb.decision(town, "DS 23-0001", "Sprachmittlung")
    mb.line(town, second, 2023, "20000")
    board = finance.finance_dashboard(actor=make_user(Role.FINANCE), as_of=DAY)
    expected = {
        (d.pk, y.year): y
        for d in (world.decision, second)
        for y in execution_of_decision(municipality_id=town.pk, decision=d, as_of=DAY)
    }
    assert {(r.decision_id, r.year) for r in board.rows} == set(expected)
    for row in board.rows:
        y = expected[(row.decision_id, row.year)]
        assert row.money == finance.Money(y.planned, y.committed, y.spent, y.remaining, y.forecast)
        assert [w.message for w in row.warnings] == [w.message for w in y.warnings]
    assert board.total.planned == Decimal("220000")
    assert board.total.spent == Decimal("115000.50")
    by_year = {y.year: y for y in board.years}
    assert by_year[2023].money.planned == Decimal("120000")
    assert by_year[2023].decisions == 2
    assert by_year[2022].money.spent == Decimal("45000")
    assert board.warnings == sum(len(r.warnings) for r in board.rows)


def test_another_municipalitys_decisions_are_not_counted(town, other_town, make_user):
    mb.chain_world(town)
    mb.chain_world(other_town)
    board = finance.finance_dashboard(actor=make_user(Role.FINANCE), as_of=DAY)
    assert board.total.planned == Decimal("200000")
    assert {r.decision_id for r in board.rows} == {
        d.pk for d in mb.Decision.objects.filter(municipality=town)
    }


def test_the_page_links_each_decision_to_its_execution_and_chain(client, town, make_user):
    world = mb.chain_world(town)
    client.force_login(make_user(Role.FINANCE))
    body = client.get(reverse("reports:dashboard_finance")).content.decode()
    assert reverse("budget:execution", args=[world.decision.pk]) + "#year-2022" in body
    assert reverse("measures:chain_detail", args=[world.decision.pk]) in body
    assert "200.000,00" in body  # the total planned, in German


def test_the_query_count_does_not_grow_with_decisions(
    client, town, make_user, django_assert_max_num_queries
):
    mb.chain_world(town)
    client.force_login(make_user(Role.FINANCE))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("reports:dashboard_finance")).status_code == 200
    for i in range(5):
        d = mb.decision(town, f"DS 24-{i:04}", f"Beschluss {i}")
        bl = mb.line(town, d, 2024, "1000")
        mb.position(town, f"Stelle {i}", "0.50", [bl], dt.date(2024, 1, 1))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("reports:dashboard_finance")).status_code == 200


def test_the_api_gives_the_same_figures(client, town, make_user):
    mb.chain_world(town)
    user = make_user(Role.HEAD_OF_KI)
    client.force_login(user)
    body = client.get("/api/reports/dashboard/finance").json()
    board = finance.finance_dashboard(actor=user)
    assert body["total"] == board.total.as_dict()
    assert [(r["decision_id"], r["year"]) for r in body["rows"]] == [
        (r.decision_id, r.year) for r in board.rows
    ]
