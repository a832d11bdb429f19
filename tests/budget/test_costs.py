"""Cost maths: pay grades, the KGSt method, pro rata by months, nearest-year rule, "what does
this buy", the cost-table CSV."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from ankunft.budget.costs import (
    CostRateCsvError,
    Rate,
    RateTable,
    full_cost_from_personnel,
    normalize_pay_grade,
    parse_cost_rates_csv,
    parse_decimal,
    pro_rata_cost,
    shipped_rates,
    what_does_this_buy,
    year_fraction,
)

D = Decimal


@pytest.mark.parametrize(
    ("raw", "grade"),
    [("E9b", "E 9b"), ("e 9 B", "E 9b"), ("EG 10", "E 10"), ("S12", "S 12"), ("E 15ü", "E 15Ü")],
)
def test_pay_grade_is_normalised(raw, grade):
    assert normalize_pay_grade(raw) == grade


@pytest.mark.parametrize("raw", ["", "A 13", "E", "E 123", "9b"])
def test_unknown_pay_grade_is_refused(raw):
    with pytest.raises(ValueError, match=r"^"):
        normalize_pay_grade(raw)


def test_full_cost_is_personnel_cost_times_1_2_plus_9700():
    assert full_cost_from_personnel(D("80100")) == D("105820.00")


@pytest.mark.parametrize(
    ("start", "end", "fraction"),
    [
        (None, None, Fraction(1)),
        (dt.date(2022, 4, 1), None, Fraction(3, 4)),
        (dt.date(2021, 6, 1), dt.date(2022, 3, 31), Fraction(1, 4)),
        # half of April (15 of 30 days) and all of May: 1.5 months
        (dt.date(2022, 4, 16), dt.date(2022, 5, 31), Fraction(1, 8)),
        # February of a leap year by its 29 days
        (dt.date(2024, 2, 15), dt.date(2024, 2, 29), Fraction(15, 29) / 12),
        (dt.date(2023, 1, 1), None, Fraction(0)),
        (None, dt.date(2021, 12, 31), Fraction(0)),
    ],
)
def test_year_fraction_counts_months_and_days_of_partial_months(start, end, fraction):
    year = 2024 if start and start.year == 2024 else 2022
    assert year_fraction(year, start, end) == fraction


def test_pro_rata_cost_from_april_is_nine_twelfths_of_the_fte():
    assert pro_rata_cost(D("93856.00"), D("0.50"), Fraction(3, 4)) == D("35196.00")


def _table(*rates: tuple[int, str, str]) -> RateTable:
    return RateTable(
        Rate(y, g, D(p), full_cost_from_personnel(D(p)), "test", "own") for y, g, p in rates
    )


def test_nearest_year_is_used_and_flagged():
    table = _table((2022, "E 9b", "70000"), (2025, "E 9b", "80100"))
    exact = table.lookup(2022, "E 9b")
    assert (exact.rate.year, exact.substituted, exact.note) == (2022, False, "")
    later = table.lookup(2027, "E 9b")
    assert (later.rate.year, later.substituted) == (2025, True)
    assert "2025" in later.note


def test_on_a_tie_the_later_year_wins():
    """2023 lies as far from 2021 as from 2025: the later, higher rate is the safer one."""
    table = _table((2021, "E 10", "60000"), (2025, "E 10", "80000"))
    assert table.lookup(2023, "E 10").rate.year == 2025


def test_missing_grade_has_no_rate_and_says_so():
    lookup = _table((2025, "E 9b", "80100")).lookup(2025, "S 12")
    assert lookup.rate is None
    assert "S 12" in lookup.note


def test_100000_eur_buys_about_0_94_fte_e9b_at_full_and_1_25_at_personnel_cost():
    """With the shipped KGSt 2025 table: 100,000 / 105,820 and 100,000 / 80,100."""
    result = what_does_this_buy(D("100000"), 2025, RateTable(shipped_rates()))
    e9b = next(r for r in result.rows if r.pay_grade == "E 9b")
    assert e9b.fte_at_full_cost == D("0.94")
    assert e9b.fte_at_personnel_cost == D("1.24")  # 1.248…, rounded down
    assert abs(D(100000) / e9b.personnel_cost - D("1.25")) < D("0.01")
    assert (e9b.newcomers_at_full_cost, e9b.newcomers_at_personnel_cost) == (56, 74)
    assert e9b.substituted is False
    assert result.substituted is False


def test_buy_uses_the_caseload_given():
    result = what_does_this_buy(D("100000"), 2025, RateTable(shipped_rates()), caseload_per_fte=40)
    e9b = next(r for r in result.rows if r.pay_grade == "E 9b")
    assert e9b.newcomers_at_full_cost == 37  # 0.945 × 40 = 37.8


def test_buy_for_a_year_without_table_uses_the_nearest_and_says_so():
    result = what_does_this_buy(D("100000"), 2022, RateTable(shipped_rates(), shipped_default=True))
    assert result.substituted is True
    assert all(r.rate_year == 2025 for r in result.rows)
    assert "No 2022 rate for E 9b: the 2025 rate is used." in result.notes
    assert result.notes[0].startswith("Shipped default table")


def test_shipped_table_has_the_kgst_2025_rates():
    rates = {r.pay_grade: r for r in shipped_rates()}
    assert sorted(rates) == ["E 10", "E 11", "E 9a", "E 9b", "E 9c"]
    assert (rates["E 9b"].personnel_cost, rates["E 9b"].full_cost) == (D("80100"), D("105820"))
    assert rates["E 9c"].source.startswith("KGSt-Bericht 8/2025")  # "same" repeats the source
    assert rates["E 9b"].status == "published"


def test_cost_csv_with_german_numbers_and_derived_full_cost():
    rates = parse_cost_rates_csv(
        "Jahr;Entgeltgruppe;Personalkosten;Quelle;Status\n2023;E9b;70.130,00;Personalamt;own\n"
    )
    assert rates == [Rate(2023, "E 9b", D("70130.00"), D("93856.00"), "Personalamt", "own", None)]


def test_cost_csv_lists_every_bad_row_and_loads_none():
    text = (
        "year,pay_grade,personnel_cost_eur,status,source\n"
        "2023,E 9b,70000,own,x\n"
        "20x3,E 9b,70000,own,x\n"
        "2023,Z 1,abc,maybe,x\n"
        "2023,E9b,71000,own,x\n"
    )
    with pytest.raises(CostRateCsvError) as caught:
        parse_cost_rates_csv(text)
    assert caught.value.errors == [
        "Line 3: year '20x3' is not a year",
        "Line 4: pay grade 'Z 1' is not a TVöD grade; 'abc' is not an amount; "
        "give a positive personnel cost or full cost; status 'maybe' is neither published nor own",
        "Line 5: E 9b 2023 appears twice",
    ]


def test_cost_csv_without_cost_columns_is_refused():
    with pytest.raises(CostRateCsvError, match="columns"):
        parse_cost_rates_csv("year,pay_grade\n2023,E 9b\n")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,56", D("1234.56")),
        ("100.000", D("100000")),
        ("100000", D("100000")),
        ("1234.5", D("1234.5")),
        ("0,5", D("0.5")),
        ("-1.234,56", D("-1234.56")),
        ("1.234,56-", D("-1234.56")),
        ("1.234,56 €", D("1234.56")),
    ],
)
def test_decimal_parsing_reads_german_formats(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "1,2,3", "12a", "1.234,567", "1.23.4"])
def test_decimal_parsing_refuses_garbage(text):
    with pytest.raises(ValueError, match=r"^"):
        parse_decimal(text)
