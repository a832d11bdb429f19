"""The case module's foundation: persons with partial dates of birth, case numbers, scopes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from ankunft.cases import selectors
from ankunft.cases.models import Case, CaseEvent, NameKey, Step
from ankunft.core.models import AuditEntry, Role
from tests import factories
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db


def test_partial_and_impossible_dates_of_birth(town):
    team = factories.team(town)
    p = cf.person(town, team, birth_year=1987, birth_month=3)
    assert p.birth_display() == "03.1987"
    with pytest.raises(ValidationError):
        cf.person(town, team, birth_year=1987, birth_month=2, birth_day=30)
    with pytest.raises(ValidationError):
        cf.person(town, team, birth_year=None, birth_month=2)
    with pytest.raises(ValidationError):
        cf.person(town, team, birth_year=1850)


def test_case_numbers_count_up_per_year_and_municipality(town, other_town):
    team, other = factories.team(town), factories.team(other_town)
    first, second = cf.case(town, team), cf.case(town, team)
    assert (first.number[5:], second.number[5:]) == ("00001", "00002")
    assert cf.case(other_town, other).number[5:] == "00001"
    assert first.step == Step.INTAKE
    assert CaseEvent.objects.filter(case=first, kind=CaseEvent.Kind.OPENED).count() == 1


def test_name_keys_are_stored(town):
    p = cf.person(town, factories.team(town), "Ivan", "Petrov", spellings=[("Iwan", "Petrow")])
    assert NameKey.objects.filter(person=p).exists()


def test_case_scope_by_team_and_assignment(town, other_town):
    team_a, team_b = factories.team(town), factories.team(town)
    worker = factories.user(Role.CASE_WORKER, town, team=team_a)
    lead = factories.user(Role.TEAM_LEAD, town, team=team_a)
    head = factories.user(Role.HEAD_OF_KI, town)
    finance = factories.user(Role.FINANCE, town)
    stranger = factories.user(Role.CASE_WORKER, other_town, team=factories.team(other_town))
    own = cf.case(town, team_a, worker)
    team_case = cf.case(town, team_a, lead)
    other_team = cf.case(town, team_b)
    assigned_elsewhere = cf.case(town, team_b, worker)

    def seen(user):
        return set(selectors.cases_visible(user).values_list("pk", flat=True))

    assert seen(worker) == {own.pk, team_case.pk, assigned_elsewhere.pk}
    assert seen(lead) == {own.pk, team_case.pk}
    assert seen(head) == set(Case.objects.filter(municipality=town).values_list("pk", flat=True))
    assert seen(finance) == set()
    assert seen(stranger) == set()
    with pytest.raises(Http404):
        selectors.case_get(worker, other_team.pk)
    before = AuditEntry.objects.count()
    assert selectors.case_get(worker, own.pk) == own
    assert AuditEntry.objects.count() == before + 1


def test_head_of_ki_sees_no_special_category_fields(town):
    head = factories.user(Role.HEAD_OF_KI, town)
    worker = factories.user(Role.CASE_WORKER, town, team=factories.team(town))
    assert "health" not in selectors.person_fields(head)
    assert "health" in selectors.person_fields(worker)
