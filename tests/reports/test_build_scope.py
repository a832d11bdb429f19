"""The report's scope and its errors, and the data version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from ankunft.cases.models import Case, Need, Referral
from ankunft.reports import build
from tests.measures.builders import decision, line
from tests.reports.builders import figures_world


@pytest.fixture
def world(db):
    return figures_world(cases=12)


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in English (the source language)."""
    with translation.override("en"):
        yield


def test_decision_scope_spans_its_budget_years(world):
    scope = build.resolve_scope(municipality=world.m, decision=world.chain.decision, year=None)
    assert scope.kind == "decision"
    assert scope.decisions == (world.chain.decision,)
    assert (scope.period_start, scope.period_end) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))


def test_year_without_budget_of_the_decision_is_an_error(world):
    with pytest.raises(
        build.ReportInputError, match=r"has no budget in 2025; its years are 2022, 2023"
    ):
        build.resolve_scope(municipality=world.m, decision=world.chain.decision, year=2025)


def test_year_report_takes_the_decisions_with_lines_in_the_year(world):
    later = decision(world.m, reference="DS 24-0001", title="Weitere Stelle")
    line(world.m, later, 2024, "50000")
    scope = build.resolve_scope(municipality=world.m, decision=None, year=2023)
    assert scope.kind == "year"
    assert scope.decisions == (world.chain.decision,)
    scope24 = build.resolve_scope(municipality=world.m, decision=None, year=2024)
    assert scope24.decisions == (later,)
    content = build.build_report(scope24, as_of=dt.date(2026, 11, 30))
    assert content["kind"] == "year"
    assert content["decision_id"] is None
    assert content["tables"][0]["row_labels"] == ["DS 24-0001"]


def test_year_without_decision_and_case_is_an_error(world):
    with pytest.raises(build.ReportInputError, match="no data for 2019"):
        build.resolve_scope(municipality=world.m, decision=None, year=2019)


def test_other_municipalitys_decision_is_an_error(world, other_town):
    with pytest.raises(build.ReportInputError, match="No decision"):
        build.resolve_scope(municipality=other_town, decision=world.chain.decision, year=None)


@pytest.mark.parametrize("threshold", [0, 2, 51, "5", 4.5])
def test_bad_threshold_is_an_error(world, threshold):
    scope = build.resolve_scope(municipality=world.m, decision=world.chain.decision, year=None)
    with pytest.raises(build.ReportInputError, match="whole number from 3 to 50"):
        build.build_report(scope, threshold=threshold)


def test_data_version_changes_with_an_edit_an_insert_and_a_delete(world):
    scope = build.resolve_scope(municipality=world.m, decision=world.chain.decision, year=None)
    seen = {build.data_version(scope)}
    assert build.data_version(scope) in seen  # stable while nothing changes
    case = Case.objects.filter(closed_on__isnull=True).first()
    case.closed_on, case.outcome = dt.date(2026, 1, 5), "goals_met"
    case.save()  # an edit of a table without a change timestamp
    seen.add(build.data_version(scope))
    Need.objects.create(
        municipality=world.m, case=case, field_of_action=world.fields[0], urgency="high"
    )
    seen.add(build.data_version(scope))
    Referral.objects.filter(case__municipality=world.m).first().delete()
    seen.add(build.data_version(scope))
    referral = Referral.objects.filter(status="sent").first() or Referral.objects.first()
    referral.status = "accepted" if referral.status != "accepted" else "declined"
    referral.save()  # a status of the same length as another
    seen.add(build.data_version(scope))
    assert len(seen) == 5
