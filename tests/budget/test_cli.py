"""Command line: what-does-this-buy, execution, load-cost-rates, demo data, bench."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ankunft.budget import demo
from ankunft.budget.benchmarks import BENCHMARKS
from ankunft.budget.models import Assignment, Booking, BudgetLine, CostRate, Position
from ankunft.budget.services import positions
from tests.budget.conftest import line_of, position

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_what_does_this_buy_prints_the_table(town):
    out = _run("what_does_this_buy", "100.000", "--year", "2025")
    assert "100,000.00 EUR a year in 2025 (60 cases per FTE):" in out
    assert "  E 9b        0.94      1.24     56  2025" in out
    assert "! Shipped default table" in out


def test_what_does_this_buy_json_flags_the_substituted_year(town):
    data = json.loads(
        _run("what_does_this_buy", "100000", "--year", "2022", "--caseload", "40", "--json")
    )
    assert (data["substituted"], data["caseload_per_fte"]) == (True, 40)
    e9b = next(r for r in data["rows"] if r["pay_grade"] == "E 9b")
    assert (e9b["fte_at_full_cost"], e9b["rate_year"], e9b["substituted"]) == ("0.94", 2025, True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["zehn"], "zehn is not an amount."),
        (["-5"], "The amount must be positive."),
        (["100", "--caseload", "0"], "The caseload must lie between 1 and 1000."),
    ],
)
def test_what_does_this_buy_refuses_bad_input(town, args, message):
    with pytest.raises(CommandError, match=message):
        _run("what_does_this_buy", *args)


def test_the_municipality_must_be_named_when_there_are_several(town, other_town):
    with pytest.raises(CommandError, match="--municipality"):
        _run("what_does_this_buy", "100")


def test_execution_command_prints_figures_and_warnings(town, decision, rates):
    p = position(town, lines=[line_of(decision, 2022)])
    member = positions.staff_member_create(actor=None, municipality=town, name="X")
    positions.assignment_create(
        actor=None, position=p, staff_member=member, start=dt.date(2022, 4, 1)
    )
    out = _run("execution", "hfa-2021/11", "--year", "2022", "--as-of", "2026-01-01")
    assert "  2022      100,000.00     70,392.00          0.00    100,000.00     70,392.00" in out
    assert "! 29,608.00 EUR (30 %) of the plan were left unused." in out
    data = json.loads(_run("execution", "HFA-2021/11", "--json", "--as-of", "2026-01-01"))
    assert [(y["year"], y["committed"]) for y in data] == [(2022, "70392.00"), (2023, "0.00")]


def test_execution_command_with_an_unknown_reference(town):
    with pytest.raises(CommandError, match="No adopted decision on a paper with the reference X"):
        _run("execution", "X")


def test_load_cost_rates_loads_the_shipped_table(town):
    out = _run("load_cost_rates")
    assert "5 rates added, 0 replaced (personnel-costs.csv)." in out
    assert CostRate.objects.filter(municipality=town, status="published").count() == 5


def test_load_cost_rates_lists_bad_rows_and_loads_nothing(town, tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(
        "year;pay_grade;personnel_cost_eur\n2024;E 9b;70.000\n2024;X 1;1\n", encoding="utf-8"
    )
    with pytest.raises(CommandError) as caught:
        _run("load_cost_rates", str(path))
    assert str(caught.value) == (
        "Nothing loaded; bad rows:\n  Line 3: pay grade 'X 1' is not a TVöD grade"
    )
    assert CostRate.objects.count() == 0


def test_demo_tells_the_story_and_is_idempotent(town, decision):
    """Run twice: same records; 2022 shows the vacancy and unused money."""
    for _ in range(2):
        demo.load(town, io.StringIO())
    assert BudgetLine.objects.filter(decision=decision).count() == 2
    assert Position.objects.count() == 1
    assert Assignment.objects.get().start == dt.date(2022, 4, 1)
    assert Booking.objects.count() == 9 + 3 + 1 + 12 + 4 + 1
    assert CostRate.objects.filter(status="own").count() == 10
    out = _run("execution", "HFA-2021/11", "--as-of", "2026-01-01")
    # bookings of 2022 add up to the committed cost (give or take rounding of monthly pay)
    assert "  2022      100,000.00     70,392.00     70,392.03     29,607.97     70,392.03" in out
    assert "! 29,607.97 EUR (30 %) of the plan were left unused." in out
    assert "Koordination Ankunftsstadtteil Marxloh was not (fully) held in 01–03/2022" in out


def test_demo_own_rates_are_below_2025():
    rates = {(r.year, r.pay_grade): r for r in demo.own_rates()}
    assert rates[2022, "E 9b"].personnel_cost == Decimal("70130")
    assert rates[2023, "E 9b"].full_cost == Decimal("97312.00")
    assert rates[2022, "E 9b"].source.startswith("Demo: Personalamt (fictitious)")


def test_bench_execution_prints_its_figures(town):
    out = io.StringIO()
    BENCHMARKS["execution"][1](["--bookings", "200"], out)
    assert "200 bookings" in out.getvalue()
