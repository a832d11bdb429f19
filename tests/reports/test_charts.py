"""The report's SVG charts: accessible (role, title, desc), readable in black and white
(patterns, outlines, dashes, marker shapes), bars proportional to the figures, suppressed
figures not drawn."""

from __future__ import annotations

import copy
from xml.etree import ElementTree as ET

import pytest

from ankunft.reports.charts import (
    chart_for,
    grouped_bar_chart,
    horizontal_bar_chart,
    step_chart,
)
from ankunft.reports.content import table_by_name
from tests.reports.sample_content import CONTENT

SVG = "{http://www.w3.org/2000/svg}"


def table(name: str):
    found = table_by_name(CONTENT, name)
    assert found is not None
    return copy.deepcopy(found)


def parse(svg: str) -> ET.Element:
    """Well-formed XML (WeasyPrint reads inline SVG as XML)."""
    return ET.fromstring(str(svg))  # noqa: S314  # the app's own output


def bars(root: ET.Element) -> list[ET.Element]:
    """The data bars: rects that carry a tooltip (legend swatches do not)."""
    return [r for r in root.iter(SVG + "rect") if r.find(SVG + "title") is not None]


@pytest.mark.parametrize(
    "name", ["money_by_year", "positions_over_time", "cases_by_district", "referrals_by_outcome"]
)
def test_every_chart_is_one_named_and_described_image(name):
    root = parse(chart_for(table(name)))
    assert root.get("role") == "img"
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title.text == table(name)["title"]
    assert all(label in (desc.text or "") for label in table(name)["column_labels"])
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_money_bars_are_told_apart_by_pattern_and_outline():
    root = parse(grouped_bar_chart(table("money_by_year")))
    drawn = bars(root)
    assert len(drawn) == 8  # 2 years × 4 columns
    fills_per_series = [
        {b.get("fill") for b in drawn if b.find(SVG + "title").text.split(", ")[1].startswith(s)}
        for s in ("Geplant", "Gebunden", "Ausgegeben", "Verbleibend")
    ]
    assert all(len(f) == 1 for f in fills_per_series)
    fills = [f.pop() for f in fills_per_series]
    assert len(set(fills)) == 4
    patterns = {p.get("id") for p in root.iter(SVG + "pattern")}
    assert {f[5:-1] for f in fills if f.startswith("url(")} <= patterns
    assert sum(f.startswith("url(#") for f in fills) >= 2
    assert all(b.get("stroke") == "#000" for b in drawn)


def test_bar_heights_are_proportional_to_the_figures():
    money = table("money_by_year")
    root = parse(grouped_bar_chart(money))
    heights = [float(b.get("height")) for b in bars(root)]
    values = [v for row in money["cells"] for v in row]
    ratios = {round(h / v, 6) for h, v in zip(heights, values, strict=True)}
    assert max(ratios) - min(ratios) < 1e-4


def test_a_negative_amount_hangs_below_the_zero_line():
    money = table("money_by_year")
    money["cells"][1][3] = -5000.0
    root = parse(grouped_bar_chart(money))
    by_title = {b.find(SVG + "title").text: b for b in bars(root)}
    negative = by_title["2023, Verbleibend: -5.000"]
    positive = by_title["2022, Verbleibend: 8.765,44"]
    zero = float(positive.get("y")) + float(positive.get("height"))
    assert float(negative.get("y")) == pytest.approx(zero, abs=0.1)


def test_suppressed_people_bars_are_not_drawn_but_marked():
    cases = table("cases_by_district")
    root = parse(horizontal_bar_chart(cases))
    published = [v for row in cases["cells"] for v in row if v is not None]
    suppressed = sum(v is None for row in cases["cells"] for v in row)
    assert len(bars(root)) == len(published)
    marks = [t for t in root.iter(SVG + "text") if (t.text or "").strip() == "•"]
    assert len(marks) == suppressed == 4
    labels = {b.find(SVG + "title").text.split(",")[0] for b in bars(root)}
    assert "Neumühl" not in labels
    assert "Marxloh" in labels


def test_people_bars_carry_their_value_as_text():
    root = parse(horizontal_bar_chart(table("referrals_by_outcome")))
    texts = {t.text for t in root.iter(SVG + "text")}
    assert {"27", "14", "9", "5", "8", "6", "7"} <= texts


def test_fte_lines_differ_in_dash_and_marker_shape():
    fte = table("positions_over_time")
    root = parse(step_chart(fte))
    paths = [p for p in root.iter(SVG + "path") if p.get("fill") == "none"]
    assert len(paths) == 3
    assert len({p.get("stroke-dasharray") for p in paths}) == 3
    points = len(fte["row_labels"])
    legend = 1  # each series' marker appears once more in the legend
    assert len(list(root.iter(SVG + "circle"))) == points + legend
    squares = [r for r in root.iter(SVG + "rect") if r.get("width") == r.get("height") == "8.0"]
    assert len(squares) == points + legend
    assert len(list(root.iter(SVG + "polygon"))) == points + legend


def test_fte_line_steps_hold_the_value_until_the_next_point():
    fte = table("positions_over_time")
    root = parse(step_chart(fte))
    filled = [p for p in root.iter(SVG + "path") if p.get("fill") == "none"][1]
    commands = filled.get("d").split()
    assert commands[0].startswith("M")
    assert [c[0] for c in commands[1:]] == ["H", "V", "H", "V", "H", "V", "H", "V"]


def test_chart_kind_follows_the_table():
    cases, fte, money = (
        table(n) for n in ("cases_by_district", "positions_over_time", "money_by_year")
    )
    assert chart_for(cases) == horizontal_bar_chart(cases)
    assert chart_for(fte) == step_chart(fte)
    assert chart_for(money) == grouped_bar_chart(money)
    empty = table("money_by_year")
    empty["row_labels"], empty["cells"] = [], []
    assert str(chart_for(empty)) == ""


def test_two_charts_in_one_document_use_their_own_pattern_ids():
    a = parse(chart_for(table("cases_by_district")))
    b = parse(chart_for(table("referrals_by_outcome")))
    ids_a = {p.get("id") for p in a.iter(SVG + "pattern")}
    ids_b = {p.get("id") for p in b.iter(SVG + "pattern")}
    assert ids_a
    assert ids_b
    assert not ids_a & ids_b


def test_labels_are_escaped():
    cases = table("cases_by_district")
    cases["row_labels"][0] = "<b>&Marxloh"
    root = parse(horizontal_bar_chart(cases))
    assert "<b>&Marxloh" in {t.text for t in root.iter(SVG + "text")}
