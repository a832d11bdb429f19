"""Budget lines from adopted decisions, line edits, the cost table and the settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ankunft.budget import services
from ankunft.budget.costs import Rate
from ankunft.budget.models import BudgetLine, CostRate
from ankunft.budget.nkf import PlanLine
from ankunft.core.models import Role
from ankunft.council.models import Decision
from ankunft.council.services import AllocationData, decision_record, paper_create
from tests import factories
from tests.budget.conftest import SEED_COVER, line_of, position, seed_decision

pytestmark = pytest.mark.django_db
D = Decimal


def test_adopted_decision_creates_one_line_per_allocation_with_defaults(town, decision):
    lines = list(BudgetLine.objects.filter(decision=decision).order_by("year"))
    assert [(line.year, line.amount) for line in lines] == [
        (2022, D("100000")),
        (2023, D("100000")),
    ]
    line = lines[0]
    assert (line.product_code, line.product_area, line.product_group) == ("050101", "05", "0501")
    assert (line.plan_line, line.account, line.cost_basis) == ("11", "501200", "full")
    assert line.purpose == (
        "HFA-2021/11: Verstärkung des Personals im Kommunalen Integrationszentrum (KI)"
    )
    assert (line.cover_text, line.cover_plan_line) == (SEED_COVER, PlanLine.INTEREST)
    assert (line.cover_product_code, line.cover_amount) == ("160101", D("100000"))


def test_handler_is_idempotent(town, decision):
    """A second call — and one after council replaced the allocation rows — adds nothing."""
    assert services.budget_lines_from_decision(None, decision) == []
    paper = decision.paper
    paper.allocations.all().delete()  # what council's paper_update does
    paper.allocations.create(municipality=town, year=2022, amount_eur=D("100000"))
    assert services.budget_lines_from_decision(None, decision) == []
    assert BudgetLine.objects.filter(decision=decision).count() == 2


def test_rejected_decision_and_allocations_without_year_make_no_lines(town):
    paper = paper_create(
        actor=None,
        municipality=town,
        name="Antrag",
        allocations=[
            AllocationData(None, D("5000")),
            AllocationData(2024, D("-3000")),
            AllocationData(2024, D("8000"), kind="revenue"),
            AllocationData(2024, D("7000"), kind="material"),
        ],
    )
    decision_record(actor=None, paper=paper, outcome=Decision.Outcome.REJECTED, date=None)
    assert BudgetLine.objects.count() == 0
    decision = decision_record(
        actor=None, paper=paper, outcome=Decision.Outcome.ADOPTED, date=dt.date(2023, 5, 4)
    )
    assert [
        (line.year, line.amount, line.plan_line, line.cover_plan_line)
        for line in BudgetLine.objects.filter(decision=decision)
    ] == [(2024, D("7000"), "13", "")]


def test_line_create_validates_the_product_code(town, make_user):
    finance = make_user(Role.FINANCE)
    with pytest.raises(ValidationError) as caught:
        services.budget_line_create(
            actor=finance, year=2024, amount=D(1), purpose="x", product_code="05-01"
        )
    assert "product_code" in caught.value.message_dict


def test_line_year_is_locked_once_positions_use_it(town, decision, make_user):
    line = line_of(decision, 2022)
    position(town, lines=[line])
    with pytest.raises(ValidationError, match="cannot change"):
        services.budget_line_update(
            actor=make_user(Role.FINANCE),
            line=line,
            year=2024,
            amount=line.amount,
            purpose=line.purpose,
            product_code=line.product_code,
            plan_line=line.plan_line,
        )


def test_case_worker_may_not_create_lines(town, make_user):
    with pytest.raises(PermissionDenied):
        services.budget_line_create(
            actor=make_user(Role.CASE_WORKER), year=2024, amount=D(1), purpose="x"
        )


def test_cost_rate_without_full_cost_follows_the_kgst_method(town, make_user):
    rate = services.cost_rate_create(
        actor=make_user(Role.FINANCE),
        year=2024,
        pay_grade="s12",
        personnel_cost_eur=D("76000"),
        source="Personalamt",
    )
    assert (rate.pay_grade, rate.full_cost_eur, rate.status) == ("S 12", D("100900.00"), "own")


def test_only_finance_edits_the_cost_table(town, make_user):
    with pytest.raises(PermissionDenied):
        services.cost_rate_create(
            actor=make_user(Role.HEAD_OF_KI),
            year=2024,
            pay_grade="E 9b",
            personnel_cost_eur=D("76000"),
            source="x",
        )


def test_cost_rates_load_replaces_same_year_and_grade(town):
    first = [Rate(2024, "E 9b", D("70000"), D("93700"), "a", "own")]
    assert services.cost_rates_load(actor=None, municipality=town, rates=first) == (1, 0)
    second = [
        Rate(2024, "E 9b", D("71000"), D("94900"), "b", "own"),
        Rate(2024, "E 10", D("75000"), D("99700"), "b", "own"),
    ]
    assert services.cost_rates_load(actor=None, municipality=town, rates=second) == (1, 1)
    assert sorted(CostRate.objects.values_list("pay_grade", "personnel_cost_eur")) == [
        ("E 10", D("75000.00")),
        ("E 9b", D("71000.00")),
    ]


def test_settings_caseload(town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    assert services.budget_settings_update(actor=head, caseload_per_fte=45).caseload_per_fte == 45
    with pytest.raises(ValidationError):
        services.budget_settings_update(actor=head, caseload_per_fte=0)


def test_system_writes_need_a_municipality():
    with pytest.raises(ValidationError, match="municipality"):
        services.budget_line_create(actor=None, year=2024, amount=D(1), purpose="x")


def test_another_towns_decision_cannot_fund_a_line(town, other_town):
    foreign = seed_decision(other_town)
    with pytest.raises(ValidationError):
        services.budget_line_create(
            actor=factories.user(Role.FINANCE, town),
            year=2024,
            amount=D(1),
            purpose="x",
            decision=foreign,
        )
