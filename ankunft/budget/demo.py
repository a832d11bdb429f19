"""Demo data of the budget module: the cost table, the position the seed motion's money buys,
its history and the bookings of 2022 and 2023. Safe to run twice.

Runs after the council's demo, which records the seed motion (100,000 EUR for 2022 and for
2023) as adopted on 18.11.2021 — the budget handler then creates the two budget lines. The
story the execution page tells: the coordination post was advertised in January 2022 and
filled only from 1 April 2022, so three months' money of 2022 was left unused.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TextIO

from django.db import transaction

from ankunft.budget import services
from ankunft.budget.bookings_import import booking_import
from ankunft.budget.costs import WORKPLACE_FLAT_EUR, Rate, full_cost_from_personnel, shipped_rates
from ankunft.budget.models import Booking, BudgetLine, CostRate, Position, StaffMember
from ankunft.budget.services import positions
from ankunft.core.models import Municipality
from ankunft.council.models import Decision

SEED_DATE = dt.date(2021, 11, 18)
POSITION_TITLE = "Koordination Ankunftsstadtteil Marxloh"
STAFF_NAME = "Leyla Aydın"  # fictitious
STAFF_NUMBER = "100471"  # fictitious
OWN_SOURCE = (
    "Demo: Personalamt (fictitious) – KGSt 2025 rate scaled back by the TVöD pay rises "
    "(3/2024: +200 EUR and +5.5 %%; 4/2025: +3.0 %%)%s"
)
# Level of 2025 pay relative to the 2023 table: +11.2 % from March 2024, +3.0 % from April 2025.
PAY_LEVEL_2025 = Decimal("1.137")
INFLATION_BONUS_2023 = Decimal("2560")  # 1,240 EUR in June + 7 × 220 EUR (TV Inflationsausgleich)
TABLE_2022 = Decimal("0.9955")  # the 1.8 % rise of April 2022 was in force for 9 of 12 months


def own_rates() -> list[Rate]:
    """Plausible 2022 and 2023 rates derived from the shipped 2025 table (see OWN_SOURCE)."""
    result = []
    for rate in shipped_rates():
        if rate.year != 2025:  # noqa: PLR2004
            continue
        level_2023 = rate.personnel_cost / PAY_LEVEL_2025
        for year, personnel, note in (
            (2022, level_2023 * TABLE_2022, "; 2022: rise of 1.8 % from April"),
            (2023, level_2023 + INFLATION_BONUS_2023, "; 2023: with 2,560 EUR inflation bonus"),
        ):
            rounded = (personnel / 10).quantize(Decimal(1), ROUND_HALF_UP) * 10
            source = (OWN_SOURCE % note).replace("%%", "%")
            result.append(
                Rate(
                    year, rate.pay_grade, rounded, full_cost_from_personnel(rounded), source, "own"
                )
            )
    return result


def _bookings_csv(year: int, start_month: int, personnel: Decimal, full: Decimal) -> str:
    """A finance export of one year: monthly pay, quarterly workplace costs, overheads."""
    rows = ["Buchungsdatum;Belegnummer;Sachkonto;Buchungstext;Betrag"]
    monthly = (personnel / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
    for month in range(start_month, 13):
        day = dt.date(year, month, 28)
        text = f"Entgelt {month:02d}/{year} Koordination Marxloh"
        rows.append(f"{day:%d.%m.%Y};DEMO-{year}-P{month:02d};501200;{text};{_de(monthly)}")
    months = 13 - start_month
    for quarter in range(1, 5):
        held = len([m for m in range(3 * quarter - 2, 3 * quarter + 1) if m >= start_month])
        if not held:
            continue
        amount = (WORKPLACE_FLAT_EUR * held / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
        day = dt.date(year, quarter * 3, 30)
        text = f"Arbeitsplatzkosten Q{quarter}/{year} (IT, Raum)"
        rows.append(f"{day:%d.%m.%Y};DEMO-{year}-A{quarter};542900;{text};{_de(amount)}")
    overhead = ((full - personnel - WORKPLACE_FLAT_EUR) * months / 12).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    rows.append(f"15.12.{year};DEMO-{year}-G;581100;Gemeinkostenumlage {year};{_de(overhead)}")
    return "\n".join(rows) + "\n"


def _de(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


@transaction.atomic
def load(municipality: Municipality, stdout: TextIO) -> None:
    """Load the budget demo into `municipality` (Duisburg). Idempotent."""
    if not CostRate.objects.for_municipality(municipality.pk).filter(year=2025).exists():
        services.cost_rates_load(actor=None, municipality=municipality, rates=shipped_rates())
    if not CostRate.objects.for_municipality(municipality.pk).filter(status="own").exists():
        services.cost_rates_load(actor=None, municipality=municipality, rates=own_rates())
    decision = (
        Decision.objects.for_municipality(municipality.pk)
        .filter(date=SEED_DATE, outcome=Decision.Outcome.ADOPTED)
        .order_by("id")
        .first()
    )
    if decision is None:
        stdout.write(
            "budget: no adopted decision of 18.11.2021 (council demo missing): cost table only\n"
        )
        return
    services.budget_lines_from_decision(None, decision)  # idempotent; normally done on adoption
    # The paper's lines, whichever decision on it holds them (a later confirmation may).
    lines = {line.year: line for line in BudgetLine.objects.filter(decision__paper=decision.paper)}
    if 2022 not in lines or 2023 not in lines:  # noqa: PLR2004
        stdout.write("budget: the seed decision has no lines for 2022 and 2023\n")
        return
    position = (
        Position.objects.for_municipality(municipality.pk).filter(title=POSITION_TITLE).first()
    )
    if position is None:
        position = positions.position_create(
            actor=None,
            municipality=municipality,
            title=POSITION_TITLE,
            pay_grade="E 9b",
            fte=Decimal("1.00"),
            start=dt.date(2022, 1, 1),
            end=dt.date(2023, 12, 31),
            notes="Umsetzung des Konzepts Ankunftsstadtteil Marxloh (DS 21-0220).",
            budget_lines=[lines[2022], lines[2023]],
        )
        positions.position_set_status(
            actor=None, position=position, status="advertised", date=dt.date(2022, 1, 10)
        )
        member = StaffMember.objects.for_municipality(municipality.pk).filter(
            personnel_number=STAFF_NUMBER
        ).first() or positions.staff_member_create(
            actor=None, municipality=municipality, name=STAFF_NAME, personnel_number=STAFF_NUMBER
        )
        positions.assignment_create(
            actor=None,
            position=position,
            staff_member=member,
            start=dt.date(2022, 4, 1),
            end=dt.date(2023, 12, 31),
        )
    rates = {r.year: r for r in own_rates() if r.pay_grade == "E 9b"}
    for year, start_month in ((2022, 4), (2023, 1)):
        if (
            Booking.objects.for_municipality(municipality.pk)
            .filter(booking_id__startswith=f"DEMO-{year}-")
            .exists()
        ):
            continue
        text = _bookings_csv(year, start_month, rates[year].personnel_cost, rates[year].full_cost)
        booking_import(
            actor=None,
            municipality=municipality,
            source=text,
            filename=f"demo-{year}.csv",
            mapping={
                "date": "Buchungsdatum",
                "amount": "Betrag",
                "booking_id": "Belegnummer",
                "account": "Sachkonto",
                "text": "Buchungstext",
            },
            budget_line=lines[year],
        )
    stdout.write("budget: cost table, position, assignment and bookings 2022/2023 ready\n")
