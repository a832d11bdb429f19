"""Budget execution: committed (vacancy costs nothing), forecast (the larger of committed and
the spending pace), remaining, warnings — first as plain maths, then from the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ankunft.budget import selectors
from ankunft.budget.costs import Rate, RateTable
from ankunft.budget.execution import (
    LineInput,
    Period,
    PositionInput,
    Source,
    line_shares,
    planned_costs,
    vacant_periods,
    year_execution,
)
from ankunft.budget.services import positions
from ankunft.core.models import AuditEntry, Role
from tests import factories
from tests.budget.conftest import line_of, position

D = Decimal
# E 9b in 2022: personnel 72,000 → full cost 72,000 × 1.2 + 9,700 = 96,100.
TABLE = RateTable([Rate(2022, "E 9b", D("72000"), D("96100"), "test", "own")])
LINE = LineInput(1, 2022, D("100000"), "KI", "full")
FILLED_FROM_APRIL = PositionInput(
    id=7,
    title="Koordination",
    pay_grade="E 9b",
    fte=D("1.00"),
    start=dt.date(2022, 1, 1),
    end=None,
    assignments=(Period(dt.date(2022, 4, 1), None, D("1.00")),),
    sources=(Source("budget_line", budget_line_id=1, line_year=2022),),
)


def test_closed_year_vacancy_months_are_money_left_unused():
    """Journey 2: filled from 1 April; the year is over and nothing was booked yet."""
    r = year_execution(2022, [LINE], [FILLED_FROM_APRIL], TABLE, dt.date(2023, 1, 15))
    assert (r.planned, r.committed, r.spent) == (D("100000"), D("72075.00"), D("0"))
    assert (r.forecast, r.remaining, r.committed_rest, r.closed) == (
        D("72075.00"),
        D("100000.00"),
        D("0.00"),
        True,
    )
    assert [(w.kind, w.message) for w in r.warnings] == [
        ("unused", "27,925.00 EUR (28 %) of the plan were left unused."),
        ("vacancy", "Koordination was not (fully) held in 01–03/2022: 24,025.00 EUR not needed."),
    ]
    assert r.positions[0].vacancy == D("24025.00")
    assert r.positions[0].vacant_periods == ("01–03/2022",)


def test_mid_year_forecast_follows_the_committed_positions():
    """1 July: three months paid, six months ahead at full FTE; the pace of spending (only
    since April) would under-estimate the year, so the committed figure wins."""
    line = LineInput(1, 2022, D("100000"), "KI", "full", spent=D("24025.00"))
    r = year_execution(2022, [line], [FILLED_FROM_APRIL], TABLE, dt.date(2022, 7, 1))
    assert (r.committed, r.committed_rest) == (D("72075.00"), D("48050.00"))
    assert r.forecast == D("72075.00")
    assert r.remaining == D("27925.00")  # 100,000 − 24,025 spent − 48,050 bound
    assert r.closed is False
    assert r.warnings[0].message == (
        "27,925.00 EUR (28 %) of the plan will be left unused by the year end."
    )


def test_forecast_follows_the_spending_pace_when_no_position_explains_it():
    """60,000 spent in the first 181 days → 60,000 × 184 / 181 more by 31 December."""
    line = LineInput(1, 2022, D("100000"), "KI", "full", spent=D("60000"))
    r = year_execution(2022, [line], [], TABLE, dt.date(2022, 7, 1))
    assert r.forecast == D("120994.48")
    assert [(w.kind, w.amount) for w in r.warnings] == [("overspend", D("20994.48"))]
    assert r.warnings[0].message == "The forecast exceeds the plan by 20,994.48 EUR."


def test_spending_above_the_plan_is_reported_as_overspent():
    line = LineInput(1, 2022, D("100000"), "KI", "full", spent=D("100500"))
    r = year_execution(2022, [line], [], TABLE, dt.date(2023, 2, 1))
    assert [(w.kind, w.message) for w in r.warnings] == [("overspend", "Overspent by 500.00 EUR.")]


def test_less_than_five_percent_unused_gives_no_warning():
    full_year = PositionInput(
        **{**FILLED_FROM_APRIL.__dict__, "assignments": (Period(dt.date(2022, 1, 1), None, D(1)),)}
    )
    r = year_execution(2022, [LINE], [full_year], TABLE, dt.date(2023, 1, 1))
    assert r.forecast == D("96100.00")  # 3.9 % left
    assert r.warnings == []


def test_state_programme_pays_first_and_the_line_carries_the_own_share():
    """NRW KIM pays 57,000 EUR per FTE and year; the line pays the rest of the cost."""
    kim = PositionInput(
        **{
            **FILLED_FROM_APRIL.__dict__,
            "assignments": (Period(dt.date(2022, 1, 1), None, D(1)),),
            "sources": (
                Source("budget_line", budget_line_id=1, line_year=2022),
                Source("state_programme", amount_per_fte_year=D("57000")),
            ),
        }
    )
    personnel_line = LineInput(1, 2022, D("100000"), "KI", "personnel")
    assert year_execution(2022, [LINE], [kim], TABLE, dt.date(2023, 1, 1)).committed == D(
        "39100.00"
    )
    assert year_execution(2022, [personnel_line], [kim], TABLE, dt.date(2023, 1, 1)).committed == D(
        "15000.00"
    )


def test_own_share_splits_between_lines_by_percent_and_evenly_for_the_rest():
    p = PositionInput(
        **{
            **FILLED_FROM_APRIL.__dict__,
            "sources": (
                Source("budget_line", budget_line_id=1, line_year=2022, share_percent=D("60")),
                Source("budget_line", budget_line_id=2, line_year=2022),
                Source("budget_line", budget_line_id=3, line_year=2023),
            ),
        }
    )
    assert line_shares(p, 2022) == {1: D("0.6"), 2: D("0.4")}
    assert line_shares(p, 2023) == {3: 1}


def test_a_grade_without_rate_is_warned_about_and_costs_nothing():
    s12 = PositionInput(**{**FILLED_FROM_APRIL.__dict__, "pay_grade": "S 12"})
    r = year_execution(2022, [LINE], [s12], TABLE, dt.date(2023, 1, 1))
    assert r.committed == D("0.00")
    assert ("rate", "No cost rate for S 12: enter one in the cost table.") in [
        (w.kind, w.message) for w in r.warnings
    ]


def test_vacant_periods_between_assignments():
    p = PositionInput(
        **{
            **FILLED_FROM_APRIL.__dict__,
            "assignments": (
                Period(dt.date(2022, 2, 1), dt.date(2022, 5, 31), D(1)),
                Period(dt.date(2022, 8, 1), None, D(1)),
            ),
        }
    )
    assert vacant_periods(p, dt.date(2022, 1, 1), dt.date(2022, 12, 31)) == [
        (dt.date(2022, 1, 1), dt.date(2022, 1, 31)),
        (dt.date(2022, 6, 1), dt.date(2022, 7, 31)),
    ]


def test_planned_cost_of_a_half_time_position_from_july():
    p = PositionInput(
        **{**FILLED_FROM_APRIL.__dict__, "fte": D("0.50"), "start": dt.date(2022, 7, 1)}
    )
    [cost] = planned_costs(p, [2022], TABLE)
    assert (cost.fte_years, cost.personnel_cost, cost.full_cost) == (
        D("0.25"),
        D("18000.00"),
        D("24025.00"),
    )


# --- from the database ------------------------------------------------------------------


@pytest.mark.django_db
def test_execution_for_the_seed_decision_with_the_demo_rates(town, decision, rates):
    """Demo rates: E 9b 2022 full cost 93,856; filled from April → 3 months unused."""
    p = position(town, lines=[line_of(decision, 2022), line_of(decision, 2023)])
    member = positions.staff_member_create(actor=None, municipality=town, name="Leyla Aydın")
    positions.assignment_create(
        actor=None, position=p, staff_member=member, start=dt.date(2022, 4, 1)
    )
    head = factories.user(Role.HEAD_OF_KI, town)
    y2022, y2023 = selectors.execution_for_decision(
        actor=head, decision=decision, as_of=dt.date(2026, 11, 24)
    )
    assert (y2022.year, y2022.committed, y2022.forecast) == (2022, D("70392.00"), D("70392.00"))
    assert [w.kind for w in y2022.warnings] == ["unused", "vacancy"]
    assert y2022.positions[0].vacancy == D("23464.00")
    assert (y2023.committed, y2023.warnings) == (D("97312.00"), [])  # 2.7 % left: no warning


@pytest.mark.django_db
def test_execution_query_count_does_not_grow_with_bookings(
    town, decision, rates, django_assert_num_queries
):
    position(town, lines=[line_of(decision, 2022)])
    head = factories.user(Role.HEAD_OF_KI, town)
    with django_assert_num_queries(5):
        selectors.execution_for_decision(actor=head, decision=decision)


@pytest.mark.django_db
def test_execution_of_another_municipality_is_404(town, other_town, decision):
    from django.http import Http404  # noqa: PLC0415

    stranger = factories.user(Role.HEAD_OF_KI, other_town)
    with pytest.raises(Http404):
        selectors.execution_for_decision(actor=stranger, decision=decision)


@pytest.mark.django_db
def test_positions_for_decision_lists_funded_positions_without_personal_reads(town, decision):
    funded = position(town, lines=[line_of(decision, 2022)])
    position(town, title="Anderswo finanziert")
    finance = factories.user(Role.FINANCE, town)
    assert list(selectors.position_list_for_decision(actor=finance, decision=decision)) == [funded]
    assert AuditEntry.objects.count() == 0
