"""Test data for the measures module: a decision with money, positions, measures, values.

Upstream records (papers, decisions, budget lines, positions) are created directly, so the
figures these tests check depend only on the data written here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ankunft.budget.models import (
    Assignment,
    Booking,
    BudgetLine,
    CostRate,
    Position,
    PositionFunding,
    StaffMember,
)
from ankunft.core.models import District, Municipality
from ankunft.council.models import Decision, Paper
from ankunft.measures import services
from ankunft.measures.models import Concept, Indicator, IndicatorValue, Measure


def concept(m: Municipality, title: str = "Ankunftsstadtteil Marxloh") -> Concept:
    return Concept.objects.create(municipality=m, title=title, reference="DS 21-0220")


def measure(m: Municipality, title: str = "Erstanlaufstelle", c: Concept | None = None) -> Measure:
    return Measure.objects.create(
        municipality=m,
        concept=c or Concept.objects.filter(municipality=m).first() or concept(m),
        title=title,
        status=Measure.Status.RUNNING,
    )


def indicator(
    ms: Measure, name: str = "Beratene pro Monat", target: str | None = "40", **kw
) -> Indicator:
    return Indicator.objects.create(
        municipality_id=ms.municipality_id,
        measure=ms,
        name=name,
        unit="Personen",
        target=Decimal(target) if target is not None else None,
        **kw,
    )


def value(ind: Indicator, period: str, v: str) -> IndicatorValue:
    return IndicatorValue.objects.create(
        municipality_id=ind.municipality_id,
        indicator=ind,
        period=dt.date.fromisoformat(period + "-01"),
        value=Decimal(v),
    )


def decision(
    m: Municipality, reference: str = "HFA/0815/2021", title: str = "Personal KI"
) -> Decision:
    paper = Paper.objects.create(
        municipality=m, reference=reference, name=title, date=dt.date(2021, 11, 11)
    )
    return Decision.objects.create(
        municipality=m, paper=paper, outcome=Decision.Outcome.ADOPTED, date=dt.date(2021, 11, 18)
    )


def line(m: Municipality, d: Decision | None, year: int, amount: str) -> BudgetLine:
    return BudgetLine.objects.create(
        municipality=m,
        decision=d,
        year=year,
        amount=Decimal(amount),
        purpose=f"Personal KI {year}",
        product_code="050101",
        plan_line="11",
    )


def position(
    m: Municipality, title: str, fte: str, lines: list[BudgetLine], start: dt.date, **kw
) -> Position:
    p = Position.objects.create(
        municipality=m, title=title, pay_grade="E 9b", fte=Decimal(fte), start=start, **kw
    )
    for bl in lines:
        PositionFunding.objects.create(
            municipality=m, position=p, kind=PositionFunding.Kind.BUDGET_LINE, budget_line=bl
        )
    return p


def district(m: Municipality, name: str, parent: District | None = None) -> District:
    kind = District.Kind.QUARTER if parent else District.Kind.BOROUGH
    return District.objects.create(municipality=m, name=name, kind=kind, parent=parent)


@dataclass
class ChainWorld:
    decision: Decision
    lines: list[BudgetLine]
    full: Position
    half: Position
    first_contact: Measure
    school: Measure
    advised: Indicator
    enrolled: Indicator


def chain_world(m: Municipality) -> ChainWorld:
    """The seed decision's chain in small: 100,000 EUR for 2022 and 2023, one full-time
    position (filled from 1 April 2022) and one half-time position (vacant, 2023), two
    measures with 60/40 and 0/100 allocations, an indicator with two values."""
    d = decision(m)
    l22, l23 = line(m, d, 2022, "100000"), line(m, d, 2023, "100000")
    for year in (2022, 2023):
        CostRate.objects.create(
            municipality=m,
            year=year,
            pay_grade="E 9b",
            personnel_cost_eur=Decimal("60000"),
            full_cost_eur=Decimal("80000"),
            source="test",
            status=CostRate.Status.OWN,
        )
    full = position(
        m,
        "Fachkraft Integration",
        "1.00",
        [l22, l23],
        dt.date(2022, 4, 1),
        status=Position.Status.FILLED,
    )
    half = position(
        m, "Fachkraft Schule", "0.50", [l23], dt.date(2023, 1, 1), status=Position.Status.VACANT
    )
    person = StaffMember.objects.create(municipality=m, name="Jana Beispiel")
    Assignment.objects.create(
        municipality=m,
        position=full,
        staff_member=person,
        start=dt.date(2022, 4, 1),
        fte=Decimal("1.00"),
    )
    Booking.objects.create(
        municipality=m,
        booking_id="B1",
        date=dt.date(2022, 12, 1),
        amount=Decimal("45000"),
        budget_line=l22,
    )
    Booking.objects.create(
        municipality=m,
        booking_id="B2",
        date=dt.date(2023, 6, 1),
        amount=Decimal("70000.50"),
        budget_line=l23,
    )
    c = concept(m)
    first_contact = measure(m, "Erstanlaufstelle Marxloh", c)
    school = measure(m, "Schulanmeldung", c)
    other = measure(m, "Unbeteiligte Maßnahme", c)
    other.decisions.clear()
    services.staff_allocation_create(
        actor=None,
        measure=first_contact,
        position=full,
        percent=Decimal(60),
        valid_from=dt.date(2022, 4, 1),
    )
    services.staff_allocation_create(
        actor=None,
        measure=school,
        position=full,
        percent=Decimal(40),
        valid_from=dt.date(2022, 4, 1),
    )
    services.staff_allocation_create(
        actor=None,
        measure=school,
        position=half,
        percent=Decimal(100),
        valid_from=dt.date(2023, 1, 1),
    )
    advised = indicator(first_contact, "Beratene Neuzugewanderte pro Monat", "40")
    value(advised, "2022-04", "30")
    value(advised, "2022-05", "42")
    enrolled = indicator(school, "Kinder binnen 6 Wochen eingeschult", "80")
    return ChainWorld(d, [l22, l23], full, half, first_contact, school, advised, enrolled)
