"""Positions, their status history, funding, staff members and assignments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ankunft.budget import selectors
from ankunft.budget.models import Assignment, PositionChange, PositionFunding, StaffMember
from ankunft.budget.services import positions
from ankunft.core.models import AuditEntry, Role
from tests import factories
from tests.budget.conftest import line_of, position

pytestmark = pytest.mark.django_db
D = Decimal
APRIL = dt.date(2022, 4, 1)


def _member(town, name="Leyla Aydın", number=""):
    return positions.staff_member_create(
        actor=None, municipality=town, name=name, personnel_number=number
    )


def _history(p):
    return list(
        PositionChange.objects.filter(position=p).values_list("date", "from_status", "to_status")
    )


def test_journey_advertised_then_filled_from_april_is_logged_with_dates(town, decision):
    p = position(town, lines=[line_of(decision, 2022)])
    positions.position_set_status(
        actor=None, position=p, status="advertised", date=dt.date(2022, 1, 10)
    )
    positions.assignment_create(actor=None, position=p, staff_member=_member(town), start=APRIL)
    p.refresh_from_db()
    assert p.status == "filled"
    assert _history(p) == [
        (dt.date(2022, 1, 1), "", "planned"),
        (dt.date(2022, 1, 10), "planned", "advertised"),
        (APRIL, "advertised", "filled"),
    ]
    assert p.fundings.get().budget_line == line_of(decision, 2022)


def test_two_half_time_assignments_fill_a_full_time_position(town):
    p = position(town)
    positions.assignment_create(
        actor=None, position=p, staff_member=_member(town, "A"), start=APRIL, fte=D("0.5")
    )
    positions.assignment_create(
        actor=None, position=p, staff_member=_member(town, "B"), start=APRIL, fte=D("0.5")
    )
    assert Assignment.objects.filter(position=p).count() == 2


def test_overlapping_assignments_beyond_the_fte_are_refused_with_a_clear_error(town):
    p = position(town, fte=D("0.75"))
    positions.assignment_create(
        actor=None, position=p, staff_member=_member(town, "A"), start=APRIL, fte=D("0.5")
    )
    with pytest.raises(ValidationError) as caught:
        positions.assignment_create(
            actor=None,
            position=p,
            staff_member=_member(town, "B"),
            start=dt.date(2022, 6, 1),
            fte=D("0.5"),
        )
    assert caught.value.message_dict == {
        "fte": ["The assignments would add up to 1.00 FTE, more than the position's 0.75."]
    }
    assert Assignment.objects.count() == 1


def test_a_hand_over_on_consecutive_days_is_no_overlap(town):
    p = position(town)
    first = positions.assignment_create(
        actor=None, position=p, staff_member=_member(town, "A"), start=APRIL
    )
    positions.assignment_end(actor=None, assignment=first, end=dt.date(2022, 8, 31))
    positions.assignment_create(
        actor=None, position=p, staff_member=_member(town, "B"), start=dt.date(2022, 9, 1)
    )
    p.refresh_from_db()
    assert p.status == "filled"
    assert _history(p)[-2:] == [
        (dt.date(2022, 9, 1), "filled", "vacant"),
        (dt.date(2022, 9, 1), "vacant", "filled"),
    ]


def test_a_person_cannot_hold_more_than_full_time_at_once(town):
    member = _member(town)
    positions.assignment_create(
        actor=None, position=position(town), staff_member=member, start=APRIL
    )
    with pytest.raises(ValidationError, match=r"more than 1\.00"):
        positions.assignment_create(
            actor=None,
            position=position(town, title="Zweite"),
            staff_member=member,
            start=APRIL,
            fte=D("0.2"),
        )


def test_assignment_must_lie_within_the_position(town):
    p = position(town, start=dt.date(2022, 3, 1))
    with pytest.raises(ValidationError, match="The position begins later") as caught:
        positions.assignment_create(
            actor=None, position=p, staff_member=_member(town), start=dt.date(2022, 2, 1)
        )
    assert list(caught.value.message_dict) == ["start"]


def test_ending_the_last_assignment_makes_the_position_vacant(town):
    p = position(town)
    a = positions.assignment_create(actor=None, position=p, staff_member=_member(town), start=APRIL)
    positions.assignment_end(actor=None, assignment=a, end=dt.date(2022, 10, 15))
    p.refresh_from_db()
    assert p.status == "vacant"
    assert _history(p)[-1] == (dt.date(2022, 10, 16), "filled", "vacant")


def test_ending_a_position_ends_running_assignments_and_keeps_history(town):
    p = position(town)
    a = positions.assignment_create(actor=None, position=p, staff_member=_member(town), start=APRIL)
    positions.position_end(actor=None, position=p, end=dt.date(2023, 12, 31))
    a.refresh_from_db()
    assert a.end == dt.date(2023, 12, 31)
    assert Assignment.objects.count() == 1  # nothing deleted


def test_status_cannot_be_set_to_filled_by_hand_or_vacant_while_held(town):
    p = position(town)
    with pytest.raises(ValidationError, match="assigning"):
        positions.position_set_status(actor=None, position=p, status="filled", date=APRIL)
    positions.assignment_create(actor=None, position=p, staff_member=_member(town), start=APRIL)
    with pytest.raises(ValidationError, match="holds the position"):
        positions.position_set_status(
            actor=None, position=p, status="vacant", date=dt.date(2022, 5, 1)
        )


def test_fte_above_one_is_refused(town):
    with pytest.raises(ValidationError) as caught:
        position(town, fte=D("1.5"))
    assert "fte" in caught.value.message_dict


def test_state_programme_defaults_to_kim_and_grants_need_one_amount(town):
    p = position(town)
    kim = positions.funding_add(actor=None, position=p, kind="state_programme")
    assert (kim.programme, kim.amount_per_fte_year) == ("NRW KIM", D("57000"))
    with pytest.raises(ValidationError, match="exactly one"):
        positions.funding_add(
            actor=None,
            position=p,
            kind="other_grant",
            share_percent=D(10),
            fixed_amount_per_year=D(5),
        )
    assert PositionFunding.objects.count() == 1


def test_a_line_funds_a_position_once(town, decision):
    line = line_of(decision, 2022)
    p = position(town, lines=[line])
    with pytest.raises(ValidationError, match="already"):
        positions.funding_add(actor=None, position=p, kind="budget_line", budget_line=line)


def test_staff_writes_and_reads_are_audited(town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    member = positions.staff_member_create(actor=head, name="Leyla Aydın", personnel_number="1")
    positions.staff_member_update(
        actor=head, member=member, name="Leyla Aydın-Kaya", personnel_number="1"
    )
    selectors.staff_member_list(actor=head)
    actions = list(
        AuditEntry.objects.filter(object_type="budget.staffmember").values_list("action", "fields")
    )
    assert actions == [
        ("read", ["name", "personnel_number"]),
        ("update", ["name", "personnel_number"]),
        ("create", ["name", "personnel_number"]),
    ]


def test_personnel_numbers_are_unique_per_municipality(town, other_town):
    _member(town, number="42")
    _member(other_town, number="42")
    with pytest.raises(ValidationError):
        _member(town, "Zweite Person", number="42")
    assert StaffMember.objects.count() == 2


def test_position_cost_per_year_is_pro_rata(town, rates):
    p = position(town, start=dt.date(2022, 4, 1), end=dt.date(2023, 6, 30), fte=D("0.5"))
    head_costs = selectors.position_costs(actor=factories.user(Role.HEAD_OF_KI, town), position=p)
    assert [(c.year, c.fte_years, c.full_cost) for c in head_costs] == [
        (2022, D("0.375"), D("35196.00")),  # 93,856 × 0.5 × 9/12
        (2023, D("0.25"), D("24328.00")),  # 97,312 × 0.5 × 6/12
    ]
