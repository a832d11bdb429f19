"""German numbers and dates, read in one place (ankunft.core.parsing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ankunft.core.parsing import parse_amount, parse_date, parse_number, parse_period


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("42", "42"),
        ("12,5", "12.5"),
        ("1.234,5", "1234.5"),
        ("1.234", "1234"),
        ("1.234.567,89", "1234567.89"),
        ("12.5", "12.5"),
        ("-3", "-3"),
        ("– 4.200", "-4200"),
        ("1.234,56-", "-1234.56"),
        ("1.234,56 €", "1234.56"),
        ("1\u202f234,50", "1234.50"),
    ],
)
def test_numbers(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["", "-", "abc", "1,2,3", "1.23,5", "NaN", "Infinity", "1+2"])
def test_not_numbers(text):
    with pytest.raises(ValueError, match=r"^"):
        parse_number(text)


def test_amounts_have_at_most_two_decimals():
    assert parse_amount("0,5") == Decimal("0.5")
    with pytest.raises(ValueError, match=r"1\.234,567"):
        parse_amount("1.234,567")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31.12.2022", dt.date(2022, 12, 31)),
        ("1.2.2022", dt.date(2022, 2, 1)),
        ("01.02.22", dt.date(2022, 2, 1)),
        ("2022-03-04", dt.date(2022, 3, 4)),
        ("2022-03-04 00:00:00", dt.date(2022, 3, 4)),
    ],
)
def test_dates(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["31.02.2022", "2022-13-01", "heute", "", "01.01.20222"])
def test_not_dates(text):
    with pytest.raises(ValueError, match=r"^"):
        parse_date(text)


def test_periods_give_their_first_day_and_kind():
    assert parse_period("Q3/2022") == (dt.date(2022, 7, 1), "quarter")
    assert parse_period("03/2022") == (dt.date(2022, 3, 1), "month")
    assert parse_period("2022") == (dt.date(2022, 1, 1), "year")
    assert parse_period("15.03.2022") == (dt.date(2022, 3, 15), "date")
