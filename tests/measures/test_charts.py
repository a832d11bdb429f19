"""The indicator page's chart: axes with round steps and labels, the target as a labelled
dashed line, every value as a marked point with a tooltip and in the table below, a text
alternative; lists keep the small sparkline."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from ankunft.core.models import Role
from ankunft.measures.charts import indicator_chart_svg, nice_ticks
from tests import factories
from tests.measures import builders

D = Decimal
SERIES = [
    (dt.date(2022, 4, 1), D(18)),
    (dt.date(2022, 5, 1), D("22.5")),
    (dt.date(2022, 6, 1), D(1250)),
]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (D(0), D(37), [0, 10, 20, 30, 40]),
        (D(0), D(1), [0, "0.25", "0.5", "0.75", 1]),
        (D(0), D(1250), [0, 500, 1000, 1500]),
        (D(-3), D(8), [-5, 0, 5, 10]),
    ],
)
def test_axis_steps_are_round(low, high, expected):
    assert nice_ticks(low, high) == [D(str(t)) for t in expected]


TARGET = D(40)


def _svg(language: str, target: Decimal | None = TARGET) -> str:
    with translation.override(language):
        return str(indicator_chart_svg(SERIES, target, title="Beratene", unit="Personen"))


def test_the_chart_has_axes_labels_target_and_values_in_german():
    svg = _svg("de")
    assert svg.count('<line class="axis"') == 2 + len(SERIES)  # two axes, a tick per period
    ticks = re.findall(r'<text class="tick"[^>]*dominant-baseline="middle">([^<]+)</text>', svg)
    assert ticks == ["0", "500", "1.000", "1.500"]
    periods = re.findall(r'<text class="tick"[^>]*text-anchor="middle">([^<]+)</text>', svg)
    assert periods == ["04/2022", "05/2022", "06/2022"]
    assert '<text class="axis-label"' in svg
    assert ">Personen</text>" in svg
    assert ">Zeitraum</text>" in svg
    assert 'stroke-dasharray="6 4"' in svg  # the target: dashed, readable without colour
    assert ">Ziel 40</text>" in svg
    assert re.findall(r"<title>([^<]+)</title></g>", svg) == [
        "04/2022: 18 Personen",
        "05/2022: 22,5 Personen",
        "06/2022: 1.250 Personen",
    ]


def test_the_chart_is_one_image_with_a_name_and_a_description():
    svg = _svg("de")
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in svg
    assert '<title id="chart-title">Beratene</title>' in svg
    assert (
        '<desc id="chart-desc">3 Werte bis 06/2022, zuletzt 1.250 Personen; Ziel 40</desc>' in svg
    )
    assert "Alle Werte stehen in der Tabelle darunter." in svg


def test_the_chart_reads_in_english_on_english_pages():
    svg = _svg("en")
    assert ">Target 40</text>" in svg
    assert ">Period</text>" in svg
    assert "<title>06/2022: 1,250 Personen</title>" in svg


def test_without_a_target_there_is_no_target_line():
    svg = _svg("de", target=None)
    assert "stroke-dasharray" not in svg
    assert "Ziel" not in svg


@pytest.mark.django_db
def test_the_indicator_page_draws_the_chart_and_lists_keep_the_sparkline(client, town):
    """Before: the indicator page showed the 160×40 px sparkline without axes."""
    measure = builders.measure(town, "Erstanlaufstelle Marxloh")
    indicator = builders.indicator(measure, "Beratene Neuzugewanderte pro Monat", "40")
    builders.value(indicator, "2022-04", "30")
    builders.value(indicator, "2022-05", "41")
    client.force_login(factories.user(Role.TEAM_LEAD, town))

    page = client.get(reverse("measures:indicator_detail", args=[indicator.pk])).content.decode()
    assert page.count('<svg class="indicator-chart"') == 1
    assert 'class="sparkline"' not in page
    assert "<title>05/2022: 41 Personen</title>" in page
    assert 'id="indicator-value-table"' in page  # the same values as a table

    listing = client.get(reverse("measures:measure_detail", args=[measure.pk])).content.decode()
    assert 'class="sparkline"' in listing
    assert "indicator-chart" not in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "example"), [("en", "e.g. 42 or 12.5"), ("de", "z. B. 42 oder 12,5")]
)
def test_the_value_fields_example_is_in_the_pages_language(client, town, language, example):
    """Before: the English page's help said "e.g. 42 or 12,5"."""
    measure = builders.measure(town)
    indicator = builders.indicator(measure)
    client.force_login(factories.user(Role.TEAM_LEAD, town))
    url = reverse("measures:indicator_detail", args=[indicator.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert example in html
