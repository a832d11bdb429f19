"""Services: barriers' life cycle and grouping, staff-time limits, tenant checks, defaults."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from ankunft.core.models import Role
from ankunft.measures import selectors, services
from ankunft.measures.models import Barrier, FieldOfAction
from ankunft.measures.services.barriers import (
    barrier_answer,
    barrier_prioritise,
    barrier_report,
    barrier_set_status,
)
from tests.measures import builders

pytestmark = pytest.mark.django_db


def test_default_fields_of_action_are_created_once(town):
    assert services.field_of_action_defaults_ensure(municipality=town) == 9
    assert services.field_of_action_defaults_ensure(municipality=town) == 0
    assert list(FieldOfAction.objects.filter(municipality=town).values_list("key", flat=True)) == [
        "language", "education", "work", "housing", "health", "residence",
        "social_security", "participation", "anti_discrimination",
    ]  # fmt: skip


def test_barrier_life_cycle(town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    barrier = barrier_report(actor=make_user(Role.CASE_WORKER), title=" Termine fehlen ")
    assert (barrier.title, barrier.status, barrier.source) == (
        "Termine fehlen",
        "reported",
        "direct",
    )
    barrier_prioritise(actor=head, barrier=barrier, priority=Barrier.Priority.HIGH)
    assert barrier.status == Barrier.Status.PRIORITISED
    barrier_prioritise(actor=head, barrier=barrier, priority=None)
    assert barrier.status == Barrier.Status.REPORTED
    barrier_answer(actor=head, barrier=barrier, measure=builders.measure(town), response="Lotsen")
    assert (barrier.status, barrier.response) == (Barrier.Status.ANSWERED, "Lotsen")
    barrier_set_status(actor=head, barrier=barrier, status=Barrier.Status.RESOLVED)
    assert barrier.status == Barrier.Status.RESOLVED


def test_case_worker_reports_but_does_not_prioritise(town, make_user):
    worker = make_user(Role.CASE_WORKER)
    barrier = barrier_report(actor=worker, title="Formulare")
    with pytest.raises(PermissionDenied):
        barrier_prioritise(actor=worker, barrier=barrier, priority=1)
    with pytest.raises(PermissionDenied):
        barrier_report(actor=make_user(Role.FINANCE), title="x")


def test_answer_with_another_towns_measure_is_refused(town, other_town, make_user):
    barrier = barrier_report(actor=None, municipality=town, title="x")
    with pytest.raises(ValidationError):
        barrier_answer(actor=None, barrier=barrier, measure=builders.measure(other_town))


def test_barrier_groups_count_in_the_database(town, make_user):
    services.field_of_action_defaults_ensure(municipality=town)
    work = FieldOfAction.objects.get(municipality=town, key="work")
    for title, inst in [("a", "Jobcenter"), ("b", "Jobcenter"), ("c", "Ausländerbehörde")]:
        barrier_report(
            actor=None, municipality=town, title=title, institution=inst, field_of_action=work
        )
    done = Barrier.objects.get(title="c")
    done.status = Barrier.Status.RESOLVED
    done.save()
    head = make_user(Role.HEAD_OF_KI)
    by_institution = selectors.barrier_groups(actor=head, by="institution")
    assert [(g.label, g.open, g.total) for g in by_institution] == [
        ("Jobcenter", 2, 2),
        ("Ausländerbehörde", 0, 1),
    ]
    with translation.override("de"):
        by_field = selectors.barrier_groups(actor=head, by="field_of_action")
    assert [(g.label, g.open, g.total) for g in by_field] == [("Arbeit und Ausbildung", 2, 3)]


def test_allocations_may_not_exceed_100_percent_on_any_day(town):
    w = builders.chain_world(town)
    spare = builders.position(town, "Reserve", "1.00", [], dt.date(2022, 1, 1))
    services.staff_allocation_create(
        actor=None, measure=w.first_contact, position=spare, percent=Decimal(70),
        valid_from=dt.date(2022, 1, 1), valid_until=dt.date(2022, 3, 31),
    )  # fmt: skip
    services.staff_allocation_create(
        actor=None, measure=w.school, position=spare, percent=Decimal(30),
        valid_from=dt.date(2022, 3, 1),
    )  # fmt: skip
    # From 1 March to 31 March both run: 100 %; later only the 30 %.
    with pytest.raises(ValidationError, match="100"):
        services.staff_allocation_create(
            actor=None, measure=w.first_contact, position=spare, percent=Decimal(1),
            valid_from=dt.date(2022, 2, 1), valid_until=dt.date(2022, 3, 15),
        )  # fmt: skip
    ok = services.staff_allocation_create(
        actor=None, measure=w.first_contact, position=spare, percent=Decimal(70),
        valid_from=dt.date(2022, 4, 1),
    )  # fmt: skip
    assert ok.pk is not None


def test_allocation_adds_responsible_position(town):
    w = builders.chain_world(town)
    assert set(w.school.positions.all()) == {w.full, w.half}


def test_measure_links_must_be_in_the_same_town(town, other_town):
    c = builders.concept(town)
    foreign = builders.district(other_town, "Fremd")
    with pytest.raises(ValidationError):
        services.measure_create(
            actor=None, municipality=town, concept=c, title="x", districts=[foreign]
        )


def test_measure_titles_are_unique_per_concept(town, make_user):
    c = builders.concept(town)
    head = make_user(Role.HEAD_OF_KI)
    services.measure_create(actor=head, concept=c, title="Lotsen")
    with pytest.raises(ValidationError):
        services.measure_create(actor=head, concept=c, title="Lotsen")


def test_value_record_moves_to_period_start_and_replaces(town, make_user):
    ind = builders.indicator(builders.measure(town))
    lead = make_user(Role.TEAM_LEAD)
    _v, created = services.indicator_value_record(
        actor=lead, indicator=ind, period=dt.date(2022, 4, 17), value=Decimal(3)
    )
    assert created
    v, created = services.indicator_value_record(
        actor=lead, indicator=ind, period=dt.date(2022, 4, 1), value=Decimal(4)
    )
    assert (created, v.period, v.value) == (False, dt.date(2022, 4, 1), Decimal(4))


def test_allocation_must_start_while_the_position_exists(town):
    w = builders.chain_world(town)
    with translation.override("en"), pytest.raises(ValidationError, match="position exists"):
        services.staff_allocation_create(
            actor=None, measure=w.school, position=w.half, percent=Decimal(1),
            valid_from=dt.date(2022, 12, 1),
        )  # fmt: skip
