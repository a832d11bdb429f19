"""Pure functions: traffic lights, numbers and periods as people type them, sparklines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from ankunft.measures.charts import Light, chart_label, sparkline, traffic_light
from ankunft.measures.models import FieldOfAction, Indicator
from ankunft.measures.parsing import parse_number, parse_period

H, L = Indicator.Direction.HIGHER, Indicator.Direction.LOWER


@pytest.mark.parametrize(
    ("value", "target", "direction", "light"),
    [
        ("40", "40", H, Light.GREEN),  # exactly on target
        ("45", "40", H, Light.GREEN),
        ("36", "40", H, Light.AMBER),  # 10 % below: still amber
        ("35.99", "40", H, Light.RED),
        ("42", "42", L, Light.GREEN),
        ("30", "42", L, Light.GREEN),
        ("46.2", "42", L, Light.AMBER),  # 10 % above a lower-is-better target
        ("46.21", "42", L, Light.RED),
        (None, "40", H, Light.NONE),
        ("40", None, H, Light.NONE),
    ],
)
def test_traffic_light(value, target, direction, light):
    got = traffic_light(
        value=Decimal(value) if value else None,
        target=Decimal(target) if target else None,
        direction=direction,
    )
    assert got == light


def test_traffic_light_amber_band_is_configurable():
    assert (
        traffic_light(value=Decimal(30), target=Decimal(40), direction=H, amber_band=Decimal(25))
        == Light.AMBER
    )
    assert (
        traffic_light(value=Decimal(39), target=Decimal(40), direction=H, amber_band=Decimal(0))
        == Light.RED
    )


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("42", "42"),
        ("12,5", "12.5"),
        ("1.234,5", "1234.5"),
        ("1.234", "1234"),  # German thousands separator
        ("12.5", "12.5"),
        ("-3", "-3"),
        (" 1 234,50 ", "1234.50"),
    ],
)
def test_parse_number(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "NaN", "Infinity", "12 Personen"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):  # noqa: PT011 - the message is the text itself
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "frequency", "period"),
    [
        ("2022-03", "month", dt.date(2022, 3, 1)),
        ("03/2022", "month", dt.date(2022, 3, 1)),
        ("3.2022", "month", dt.date(2022, 3, 1)),
        ("2022-03-15", "month", dt.date(2022, 3, 1)),
        ("15.03.2022", "month", dt.date(2022, 3, 1)),
        ("15.05.2022", "quarter", dt.date(2022, 4, 1)),
        ("2022-Q3", "quarter", dt.date(2022, 7, 1)),
        ("Q4/2022", "quarter", dt.date(2022, 10, 1)),
        ("2022", "year", dt.date(2022, 1, 1)),
        ("2022-08", "year", dt.date(2022, 1, 1)),
    ],
)
def test_parse_period(text, frequency, period):
    assert parse_period(text, frequency) == period


@pytest.mark.parametrize("text", ["2022-13", "31.02.2022", "März 2022", "22-03", "", "0022-01"])
def test_parse_period_refuses(text):
    with pytest.raises(ValueError):  # noqa: PT011
        parse_period(text)


def test_sparkline_is_accessible_svg_with_target_line():
    series = [(dt.date(2022, m, 1), Decimal(v)) for m, v in [(4, 10), (5, 20), (6, 30)]]
    svg = str(sparkline(series, Decimal(25), label="3 Werte <Test>"))
    assert svg.startswith('<svg class="sparkline"')
    assert 'role="img"' in svg
    assert 'aria-label="3 Werte &lt;Test&gt;"' in svg  # escaped
    assert svg.count("<circle") == 3
    assert 'class="target"' in svg
    assert 'points="4.0,25.3 80.0,14.7 156.0,4.0"' in svg  # 0…30 scaled into 40 px


def test_sparkline_single_value_and_no_target():
    svg = str(sparkline([(dt.date(2022, 1, 1), Decimal(5))], None, label="x"))
    assert "<polyline" not in svg
    assert 'class="target"' not in svg
    assert svg.count("<circle") == 1


def test_chart_label_in_german():
    series = [(dt.date(2022, 4, 1), Decimal("10")), (dt.date(2022, 5, 1), Decimal("1234.50"))]
    with translation.override("de"):
        assert chart_label(series, Decimal(40), "Personen") == (
            "2 Werte bis 05/2022, zuletzt 1.234,5 Personen; Ziel 40"
        )


def test_default_field_of_action_is_translated():
    field = FieldOfAction(key="language")
    with translation.override("de"):
        assert str(field) == "Sprache"
    with translation.override("en"):
        assert str(field) == "Language"
    assert str(FieldOfAction(key="own", name="Eigenes Feld")) == "Eigenes Feld"
