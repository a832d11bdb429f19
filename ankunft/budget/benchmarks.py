"""`ankunft bench execution [--bookings N] [--positions P] [--runs R]`: time the budget
execution of one decision with many bookings. Everything is built in a transaction that is
rolled back, so the database is left as it was."""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from decimal import Decimal
from typing import TextIO

from django.db import connection, transaction

from ankunft.budget import services
from ankunft.budget.costs import shipped_rates
from ankunft.budget.models import Booking, BudgetLine
from ankunft.budget.selectors import execution_of_decision
from ankunft.budget.services import positions
from ankunft.core.models import Municipality
from ankunft.council.models import Decision
from ankunft.council.services import AllocationData, decision_record, paper_create


def _setup(bookings: int, n_positions: int) -> tuple[Municipality, Decision]:
    m = Municipality.objects.create(name="Bench Budget", slug="bench-budget")
    services.cost_rates_load(actor=None, municipality=m, rates=shipped_rates())
    paper = paper_create(
        actor=None,
        municipality=m,
        name="Benchmark",
        reference="BENCH-1",
        allocations=[AllocationData(y, Decimal("1000000")) for y in (2022, 2023, 2024, 2025)],
    )
    decision = decision_record(
        actor=None, paper=paper, outcome=Decision.Outcome.ADOPTED, date=dt.date(2021, 11, 18)
    )
    lines = list(BudgetLine.objects.filter(decision=decision).order_by("year"))
    for i in range(n_positions):
        p = positions.position_create(
            actor=None,
            municipality=m,
            title=f"Stelle {i}",
            pay_grade="E 9b",
            fte=Decimal("1.00"),
            start=dt.date(2022, 1, 1),
            budget_lines=lines,
        )
        member = positions.staff_member_create(actor=None, municipality=m, name=f"Person {i}")
        positions.assignment_create(
            actor=None, position=p, staff_member=member, start=dt.date(2022, 1 + i % 12, 1)
        )
    rows = [
        Booking(
            municipality=m,
            booking_id=f"B{i}",
            date=dt.date(lines[i % len(lines)].year, 1 + i % 12, 1 + i % 28),
            amount=Decimal("123.45"),
            account="501200",
            text="Entgelt",
            budget_line=lines[i % len(lines)],
        )
        for i in range(bookings)
    ]
    Booking.objects.bulk_create(rows, batch_size=5000)
    return m, decision


def execution(args: list[str], out: TextIO) -> None:
    parser = argparse.ArgumentParser(prog="ankunft bench execution")
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--positions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(args)
    with transaction.atomic():
        started = time.perf_counter()
        m, decision = _setup(options.bookings, options.positions)
        setup = time.perf_counter() - started
        timings = []
        for _ in range(options.runs):
            t0 = time.perf_counter()
            years = execution_of_decision(
                municipality_id=m.pk, decision=decision, as_of=dt.date(2024, 7, 1)
            )
            timings.append((time.perf_counter() - t0) * 1000)
        transaction.set_rollback(True)
    out.write(
        f"execution of 1 decision ({len(years)} years, {options.positions} positions, "
        f"{options.bookings} bookings) on {connection.vendor}: "
        f"median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms "
        f"over {options.runs} runs (setup {setup:.1f} s, rolled back)\n"
    )


BENCHMARKS = {
    "execution": ("budget execution of a decision with many bookings", execution),
}
