"""The report as HTML: every published figure in an accessible table, formatted in the
report's language, suppressed figures as "•" with the footnote, and the standalone file
self-contained."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import pytest
import tinyhtml5
from django.utils import translation

from ankunft.reports.render import css_string, render_document, render_standalone
from tests.reports.sample_content import CONTENT, MUNICIPALITY, sample_content

NS = "{http://www.w3.org/1999/xhtml}"


def parse(html: str) -> Element:
    return tinyhtml5.parse(html)


def find_all(root: Element, tag: str) -> list[Element]:
    return list(root.iter(NS + tag))


def by_id(root: Element, id_: str) -> Element:
    found = [e for e in root.iter() if e.get("id") == id_]
    assert len(found) == 1, id_
    return found[0]


def text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def german(value: float, decimals: int) -> str:
    """Independent of Django: 12349.75 → 12.349,75."""
    return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def english(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def expected_figure(value: float | None, unit: str, show=german) -> str:
    if value is None:
        return "•1"  # the mark and its footnote reference
    if unit in {"EUR", "FTE"}:
        return show(value, 2)
    return show(value, 0) if float(value).is_integer() else str(value).replace(".", ",")


@pytest.fixture
def document() -> Element:
    return parse(render_document(sample_content()))


@pytest.mark.parametrize("table", CONTENT["tables"], ids=lambda t: t["name"])
def test_each_table_shows_every_published_figure_in_german(document, table):
    """Cells, row totals, column totals and the total, each in its place; None as •."""
    element = by_id(document, f"report-table-{table['name']}")
    assert text(element.find(NS + "caption")).startswith(table["title"])
    row_totals = bool(table["row_totals"])
    head = [text(th) for th in element.find(NS + "thead").iter(NS + "th")]
    assert head == table["column_labels"] + (["Summe"] if row_totals else [])
    body = element.find(NS + "tbody").findall(NS + "tr")
    assert len(body) == len(table["row_labels"])
    for i, tr in enumerate(body):
        th = tr.find(NS + "th")
        assert th.get("scope") == "row"
        assert text(th) == table["row_labels"][i]
        shown = [text(td) for td in tr.findall(NS + "td")]
        expected = [expected_figure(v, table["unit"]) for v in table["cells"][i]]
        if row_totals:
            expected.append(expected_figure(table["row_totals"][i], table["unit"]))
        assert shown == expected
    foot = element.find(NS + "tfoot")
    if table["column_totals"]:
        shown = [text(td) for td in foot.iter(NS + "td")]
        expected = [expected_figure(v, table["unit"]) for v in table["column_totals"]]
        if row_totals:
            expected.append(expected_figure(table["total"], table["unit"]))
        assert shown == expected
    else:
        assert foot is None


def test_amounts_have_two_decimals_and_thousands_separators(document):
    money = text(by_id(document, "report-table-money_by_year"))
    assert "100.000,00" in money
    assert "12.349,75" in money
    assert "200.000,00" in money
    fte = text(by_id(document, "report-table-positions_over_time"))
    assert "1,50" in fte
    assert "0,25" in fte


def test_the_unit_is_in_the_caption_once(document):
    money = by_id(document, "report-table-money_by_year").find(NS + "caption")
    fte = by_id(document, "report-table-positions_over_time").find(NS + "caption")
    assert text(money) == "Mittel je Haushaltsjahr (EUR)"
    assert text(fte) == "Stellen im Zeitverlauf (VZÄ)"


def test_column_headers_have_scope_and_numbers_are_right_aligned(document):
    table = by_id(document, "report-table-cases_by_district")
    assert {th.get("scope") for th in table.find(NS + "thead").iter(NS + "th")} == {"col"}
    assert all("num" in td.get("class", "") for td in table.iter(NS + "td") if text(td))


def test_margins_are_marked_bold(document):
    table = by_id(document, "report-table-cases_by_district")
    first_row = table.find(NS + "tbody").find(NS + "tr").findall(NS + "td")
    assert "report-margin" not in first_row[0].get("class", "")
    assert "report-margin" in first_row[-1].get("class", "")
    assert all("report-margin" in td.get("class", "") for td in table.iter(NS + "td")
               if td in list(table.find(NS + "tfoot").iter(NS + "td")))  # fmt: skip


def test_suppressed_cells_link_to_the_suppression_footnote(document):
    table = by_id(document, "report-table-cases_by_district")
    neumuehl = table.find(NS + "tbody").findall(NS + "tr")[2]
    links = [a.get("href") for a in neumuehl.iter(NS + "a")]
    assert links == ["#report-fn-1"] * 3
    assert text(by_id(document, "report-fn-1")) == CONTENT["footnotes"][0]
    assert text(by_id(document, "report-fn-2")) == CONTENT["footnotes"][1]


def test_a_suppressed_indicator_value_is_marked(document):
    rows = [tr for tr in document.iter(NS + "tr") if "Familien mit Kita-Platz" in text(tr)]
    assert len(rows) == 1
    assert "•1" in [text(td) for td in rows[0].findall(NS + "td")]


def test_people_reached_is_shown_only_where_published(document):
    first, second = [e for e in document.iter(NS + "div") if e.get("class") == "report-measure"]
    assert ": 134" in text(first)
    assert "Sprachmittlung im Bürgerbüro" in text(second)
    # The second measure's line stops after the share of positions: no "people: …" part.
    assert text(first).count("·") == text(second).count("·") + 1
    assert "None" not in text(second)


def test_table_of_contents_links_every_section(document):
    toc = document.find(f".//{NS}nav")
    links = [(a.get("href"), text(a)) for a in toc.iter(NS + "a")]
    assert links[:-1] == [(f"#report-section-{s['id']}", s["title"]) for s in CONTENT["sections"]]
    assert links[-1][0] == "#report-footnotes"
    for href, _title in links:
        by_id(document, href[1:])


def test_charts_are_followed_by_a_link_to_their_table(document):
    for section in CONTENT["sections"]:
        element = by_id(document, f"report-section-{section['id']}")
        svgs = list(element.iter("{http://www.w3.org/2000/svg}svg"))
        assert len(svgs) == (1 if section["chart"] else 0), section["id"]
        if section["chart"]:
            figure = element.find(f".//{NS}figure")
            link = figure.find(f".//{NS}figcaption/{NS}a")
            assert link.get("href") == f"#report-table-{section['chart']}"


def test_internal_link_to_the_decision_only_when_not_public():
    internal = render_document(sample_content())
    public = render_document(sample_content(), public=True)
    assert 'href="/chain/decisions/7/"' in internal
    assert "/chain/decisions/7/" not in public
    assert "100.000 EUR je Jahr 2022 und 2023" in public


def test_decision_date_is_formatted(document):
    decision = text(by_id(document, "report-section-decision"))
    assert "18.11.2021" in decision
    assert "Haupt- und Finanzausschuss" in decision
    assert "21-1234" in decision


def test_the_content_language_wins_over_the_active_one():
    """An English report in a German request: English numbers; a German one in English."""
    with translation.override("de"):
        english_doc = parse(render_document(sample_content(language="en")))
    money = text(by_id(english_doc, "report-table-money_by_year"))
    assert english(100000, 2) in money
    assert "Total" in money
    with translation.override("en"):
        german_doc = parse(render_document(sample_content(language="de")))
    assert "100.000,00" in text(by_id(german_doc, "report-table-money_by_year"))
    assert translation.get_language() == "de"


def test_open_points_are_listed(document):
    section = text(by_id(document, "report-section-open_points"))
    for point in CONTENT["open_points"]:
        assert point in section


def test_text_from_the_content_is_escaped():
    content = sample_content(open_points=["<script>alert(1)</script>"])
    html = render_document(content)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_standalone_is_one_self_contained_file():
    html = render_standalone(sample_content())
    root = parse(html)
    assert html.startswith("<!DOCTYPE html>")
    assert root.get("lang") == "de"
    assert MUNICIPALITY in text(root.find(f".//{NS}title"))
    assert find_all(root, "link") == []
    assert find_all(root, "script") == []
    assert [e for e in root.iter() if e.get("src")] == []
    styles = " ".join(text(s) for s in find_all(root, "style"))
    assert ".report-table" in styles
    assert "target-counter" in styles
    # No address outside the file except the SVG namespace.
    assert set(re.findall(r"https?://[^\s\"')]+", html)) == {"http://www.w3.org/2000/svg"}
    assert find_all(root, "nav")
    assert by_id(root, "report-footnotes")


def test_standalone_has_no_internal_links():
    assert "/chain/decisions/7/" not in render_standalone(sample_content())


def test_the_running_header_cannot_break_out_of_the_style_element():
    name = 'Stadt "A" </style><script>alert(1)</script>'
    root = parse(render_standalone(sample_content(municipality=name)))
    assert find_all(root, "script") == []
    assert text(root.find(f".//{NS}title")).endswith(name)


def test_css_string_escapes_quotes_and_markup():
    assert css_string('a "b" <c>') == '"a \\22 b\\22  \\3c c\\3e "'
    assert css_string("Müller-Lüdenscheid") == '"Müller-Lüdenscheid"'
