"""Fixtures of the budget tests: the seed decision, lines, positions, cost rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from ankunft.budget import services
from ankunft.budget.costs import shipped_rates
from ankunft.budget.demo import own_rates
from ankunft.budget.models import BudgetLine, Position
from ankunft.budget.services import positions
from ankunft.core.models import Municipality
from ankunft.council.models import Decision
from ankunft.council.services import AllocationData, decision_record, paper_create

SEED_COVER = "Kompensation durch geringere Kassenkreditzinsen"


def seed_decision(m: Municipality, *, reference: str = "HFA-2021/11") -> Decision:
    """The seed motion: 100,000 EUR for 2022 and 2023, adopted on 18.11.2021."""
    paper = paper_create(
        actor=None,
        municipality=m,
        name="Verstärkung des Personals im Kommunalen Integrationszentrum (KI)",
        reference=reference,
        date=dt.date(2021, 11, 11),
        cover=SEED_COVER,
        allocations=[
            AllocationData(2022, Decimal("100000"), kind="personnel"),
            AllocationData(2023, Decimal("100000"), kind="personnel"),
        ],
    )
    return decision_record(
        actor=None, paper=paper, outcome=Decision.Outcome.ADOPTED, date=dt.date(2021, 11, 18)
    )


def load_rates(m: Municipality) -> None:
    services.cost_rates_load(actor=None, municipality=m, rates=[*shipped_rates(), *own_rates()])


def line_of(decision: Decision, year: int) -> BudgetLine:
    return BudgetLine.objects.get(decision=decision, year=year)


def position(m: Municipality, *, lines: list[BudgetLine] = (), **kw) -> Position:  # type: ignore[assignment]
    kw.setdefault("title", "Koordination Marxloh")
    kw.setdefault("pay_grade", "E 9b")
    kw.setdefault("fte", Decimal("1.00"))
    kw.setdefault("start", dt.date(2022, 1, 1))
    return positions.position_create(actor=None, municipality=m, budget_lines=lines, **kw)


@pytest.fixture(autouse=True)
def _english():
    """Messages of services and maths in English (pages negotiate German per request)."""
    with translation.override("en"):
        yield


@pytest.fixture
def decision(town) -> Decision:
    return seed_decision(town)


@pytest.fixture
def rates(town) -> None:
    load_rates(town)
