"""The report as CSV: one block per table that parses back to the published figures, an
empty field (with a note) where a figure is suppressed, and no formula injection."""

from __future__ import annotations

import csv
import io

from ankunft.reports.render import render_csv
from tests.reports.sample_content import CONTENT, sample_content


def blocks(text: str) -> dict[str, list[list[str]]]:
    """Table name → its rows, split at the empty lines between blocks."""
    found: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for row in [*csv.reader(io.StringIO(text)), []]:
        if row:
            current.append(row)
            continue
        if current:
            name = current[0][0].removeprefix("# ").split(":")[0]
            found[name] = current
        current = []
    return found


def number(field: str) -> int | float | None:
    if field == "":
        return None
    return float(field) if "." in field else int(field)


def test_every_table_round_trips():
    """Parsing the CSV gives back each published figure, None where suppressed."""
    parsed = blocks(render_csv(sample_content()))
    assert list(parsed) == [t["name"] for t in CONTENT["tables"]]
    for table in CONTENT["tables"]:
        rows = [r for r in parsed[table["name"]] if not r[0].startswith("#")]
        header, *body = rows
        row_totals = bool(table["row_totals"])
        assert header == [
            table["unit"],
            *table["column_labels"],
            *(["Summe"] if row_totals else []),
        ]
        data = body[: len(table["row_labels"])]
        assert [r[0] for r in data] == table["row_labels"]
        for i, row in enumerate(data):
            assert [number(f) for f in row[1 : 1 + len(table["column_labels"])]] == table["cells"][
                i
            ]
            if row_totals:
                assert number(row[-1]) == table["row_totals"][i]
        if table["column_totals"]:
            totals = body[-1]
            assert totals[0] == "Summe"
            expected = [*table["column_totals"], *([table["total"]] if row_totals else [])]
            assert [number(f) for f in totals[1:]] == expected
        else:
            assert len(body) == len(table["row_labels"])


def test_first_line_of_a_block_names_the_table():
    parsed = blocks(render_csv(sample_content()))
    assert parsed["money_by_year"][0] == ["# money_by_year: Mittel je Haushaltsjahr"]


def test_a_note_explains_empty_fields_only_where_figures_are_suppressed():
    parsed = blocks(render_csv(sample_content()))
    assert parsed["cases_by_district"][1][0].startswith("# ")
    assert CONTENT["footnotes"][0] in parsed["cases_by_district"][1][0]
    assert not parsed["money_by_year"][1][0].startswith("#")


def test_amounts_are_machine_readable():
    text = render_csv(sample_content())
    assert "2023,100000,100000,87650.25,12349.75" in text
    assert "•" not in text.replace(CONTENT["footnotes"][0], "")


def test_labels_cannot_become_formulas_but_negative_numbers_stay_numbers():
    content = sample_content()
    money = content["tables"][0]
    money["row_labels"] = ['=HYPERLINK("http://x")', "+2023"]
    money["cells"][1][3] = -500.5
    money["title"] = "@SUM(A1)"
    parsed = blocks(render_csv(content))["money_by_year"]
    assert parsed[0] == ["# money_by_year: @SUM(A1)"]  # a comment line starts with #
    assert parsed[2][0] == '\'=HYPERLINK("http://x")'
    assert parsed[3][0] == "'+2023"
    assert parsed[3][4] == "-500.5"


def test_csv_uses_the_reports_language_for_its_words():
    parsed = blocks(render_csv(sample_content(language="en")))
    assert parsed["cases_by_district"][-1][0] == "Total"
