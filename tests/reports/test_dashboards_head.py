"""The head of the KI's dashboard: money, staff, measures, case figures (suppressed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ankunft.cases.models import Case, Referral, ReferralStatus, Step
from ankunft.core.models import Role
from ankunft.directory import services as directory
from ankunft.reports import disclosure
from ankunft.reports.dashboards import head
from tests import factories
from tests.directory.conftest import make_offer
from tests.measures import builders as mb
from tests.reports import world_dashboards as dd

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 6, 30)


def _table(board, name):
    return next(t for t in board.cases.tables if t.name == name)


def test_money_is_this_years_execution_summed_over_decisions(town, make_user):
    world = mb.chain_world(town)
    board = head.head_dashboard(actor=make_user(Role.HEAD_OF_KI), as_of=DAY)
    assert board.money.year == 2023
    assert [d.decision_id for d in board.money.decisions] == [world.decision.pk]
    assert board.money.total.planned == Decimal("100000")
    assert board.money.total.spent == Decimal("70000.50")


def test_staff_counts_fte_held_today(town, make_user):
    """Funded: the positions in force; filled: what assignments hold today."""
    mb.chain_world(town)  # 1.0 FTE filled since 2022, 0.5 FTE vacant from 2023
    board = head.head_dashboard(actor=make_user(Role.HEAD_OF_KI), as_of=DAY)
    assert (board.staff.funded, board.staff.filled, board.staff.vacant) == (
        Decimal("1.50"),
        Decimal("1.00"),
        Decimal("0.50"),
    )
    assert {k: n for k, _t, n in board.staff.by_status}["vacant"] == 1


def test_measures_by_status_and_indicator_lights(town, make_user):
    world = mb.chain_world(town)  # advised: 42 of 40 (green); enrolled: no value
    mb.value(world.enrolled, "2023-05", "50")  # 50 of 80: red
    board = head.head_dashboard(actor=make_user(Role.HEAD_OF_KI), as_of=DAY)
    assert {k: n for k, _t, n in board.measures.by_status}["running"] == 3
    assert {k: n for k, _t, n in board.measures.lights} == {
        "red": 1,
        "amber": 0,
        "green": 1,
        "none": 0,
    }
    assert [o.measure_id for o in board.measures.off_target] == [world.school.pk]


def test_case_figures_are_recomputed_and_small_ones_suppressed(town, other_town, make_user):
    team = factories.team(town)
    dd.cases(town, team, None, 6, opened_on=dt.date(2023, 2, 1))
    dd.cases(town, team, None, 2, step=Step.ASSESSMENT, opened_on=dt.date(2022, 5, 1))
    dd.cases(town, team, None, 5, step=Step.CLOSED, opened_on=dt.date(2023, 1, 2))
    dd.cases(town, team, None, 20, step=Step.IMPLEMENTATION, opened_on=dt.date(2021, 6, 1))
    other_team = factories.team(other_town)
    dd.cases(other_town, other_team, None, 7, opened_on=dt.date(2023, 2, 1))
    board = head.head_dashboard(actor=make_user(Role.HEAD_OF_KI), as_of=DAY)
    mine = Case.objects.filter(municipality=town)
    open_ = _table(board, "open_cases_by_step")
    for i, step in enumerate(head.OPEN_STEPS):
        assert open_.cells[i][0] == sum(1 for c in mine if c.step == step)
    assert open_.total == 28
    assert open_.cell(3, 0) == 20  # implementation: shown
    assert open_.cell(1, 0) is None  # assessment: 2, suppressed
    assert open_.row_total(1) is None  # the row total is that same figure
    # the zeros and the 2 alone would add up to 28 - 6 - 20 = 2: intake (6) hides them
    assert open_.cell(0, 0) is None
    assert all(b.protects(5) for b in disclosure.audit([open_], threshold=5))
    opened = _table(board, "cases_opened_by_step")
    assert opened.total == sum(1 for c in mine if c.opened_on.year == 2023) == 11
    closed = _table(board, "cases_closed_by_outcome")
    assert closed.total == 5
    met = closed.row_labels.index("Ziele erreicht")
    assert closed.cells[met][0] == 5
    # all five met their goals: shown beside the total, it would tell "all of the group"
    assert closed.cell(met, 0) is None


def test_referrals_of_this_year_by_status(town, make_user):
    head_user = make_user(Role.HEAD_OF_KI)
    provider = directory.provider_create(actor=head_user, name="Verein e.V.")
    offer = make_offer(head_user, provider)
    case = dd.cases(town, factories.team(town), None, 1)[0]
    this_year = dt.datetime(2023, 3, 1, 9, tzinfo=dt.UTC)
    dd.referrals(case, offer, 5, ReferralStatus.ACCEPTED, this_year)
    dd.referrals(case, offer, 1, ReferralStatus.DECLINED, this_year)
    dd.referrals(case, offer, 4, ReferralStatus.ACCEPTED, dt.datetime(2022, 3, 1, tzinfo=dt.UTC))
    board = head.head_dashboard(actor=head_user, as_of=DAY)
    table = _table(board, "referrals_by_status")
    statuses = list(ReferralStatus)
    assert table.cells[statuses.index(ReferralStatus.ACCEPTED)][0] == 5
    assert table.cell(statuses.index(ReferralStatus.DECLINED), 0) is None
    assert table.total == Referral.objects.filter(sent_at__year=2023).count() == 6


def test_the_threshold_comes_from_the_settings(town, make_user, settings):
    team = factories.team(town)
    dd.cases(town, team, None, 6)
    dd.cases(town, team, None, 20, step=Step.IMPLEMENTATION)
    head_user = make_user(Role.HEAD_OF_KI)
    board = head.head_dashboard(actor=head_user, as_of=DAY)
    assert _table(board, "open_cases_by_step").cell(3, 0) == 20
    settings.REPORT_SUPPRESSION_THRESHOLD = 10  # 6 < 10: hiding it needs the 20 hidden too
    board = head.head_dashboard(actor=head_user, as_of=DAY)
    assert _table(board, "open_cases_by_step").cell(3, 0) is None


def test_the_page_shows_suppressed_cells_as_dots_with_the_footnote(client, town, make_user):
    world = mb.chain_world(town)
    team = factories.team(town)
    dd.cases(town, team, None, 6)
    dd.cases(town, team, None, 1, step=Step.PLAN)
    dd.cases(town, team, None, 20, step=Step.IMPLEMENTATION)
    client.force_login(make_user(Role.HEAD_OF_KI))
    body = client.get(reverse("reports:dashboard_head")).content.decode()
    table = body[body.index('data-table="open_cases_by_step"') :].split("</table>")[0]
    assert '<td class="num">20</td>' in table
    assert table.count('<span aria-hidden="true">•</span>') >= 1
    footnote = body[body.index("data-footnote>") :].split("</p>")[0]
    assert footnote.startswith("data-footnote>• ")
    assert " 5 " in footnote  # the threshold
    assert reverse("measures:chain_detail", args=[world.decision.pk]) not in body  # not 2026
    assert reverse("measures:measure_list") + "?status=running" in body
    assert "Fam0" not in body  # counts only, no names


def test_the_page_keeps_its_query_count(client, town, make_user, django_assert_max_num_queries):
    mb.chain_world(town)
    team = factories.team(town)
    dd.cases(town, team, None, 3)
    client.force_login(make_user(Role.HEAD_OF_KI))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("reports:dashboard_head")).status_code == 200
    for i in range(4):
        d = mb.decision(town, f"DS 26-{i:04}", f"Beschluss {i}")
        mb.line(town, d, timezone.localdate().year, "5000")
        mb.measure(town, f"Maßnahme {i}")
    dd.cases(town, team, None, 10, step=Step.PLAN)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("reports:dashboard_head")).status_code == 200


def test_the_api_publishes_suppressed_cells_as_null(client, town, make_user):
    dd.cases(town, factories.team(town), None, 6)
    dd.cases(town, factories.team(town), None, 1, step=Step.PLAN)
    dd.cases(town, factories.team(town), None, 20, step=Step.IMPLEMENTATION)
    client.force_login(make_user(Role.HEAD_OF_KI))
    body = client.get("/api/reports/dashboard/head").json()
    table = next(t for t in body["case_tables"] if t["name"] == "open_cases_by_step")
    assert table["cells"][3] == [20]
    assert table["cells"][0] == [None]  # 6, hidden so that the 1 cannot be worked out
    assert table["cells"][2] == [None]
    assert table["row_totals"][2] is None
    assert body["threshold"] == 5
