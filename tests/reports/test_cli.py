"""`ankunft report`: JSON of every table, errors for bad input, HTML and PDF through the
renderer (the PDF read back with pdftotext)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.formats import number_format

from tests.reports.builders import figures_world
from tests.reports.test_pdf import pdftotext

KEYS = {"name", "row_labels", "column_labels", "cells", "row_totals", "column_totals", "total"}


@pytest.fixture
def world(db):
    return figures_world(cases=30)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_json_prints_every_table_with_suppressed_cells_as_null(world):
    reference = world.chain.decision.paper.reference
    data = json.loads(_run(reference, "--format", "json", "--language", "en"))
    assert set(data) == {"tables"}
    names = [t["name"] for t in data["tables"]]
    assert names[:3] == ["money_by_year", "positions_over_time", "indicators"]
    assert "cases_by_district" in names
    assert "referrals_by_outcome" in names
    for table in data["tables"]:
        assert set(table) >= KEYS
        assert len(table["cells"]) == len(table["row_labels"])
        assert all(len(row) == len(table["column_labels"]) for row in table["cells"])
    people = [t for t in data["tables"] if t["people"]]
    cells = [v for t in people for row in t["cells"] for v in row]
    assert None in cells  # a small cell is null, never its value
    assert all(v is None or v >= 5 for v in cells)
    money = data["tables"][0]
    assert money["row_labels"] == ["2022", "2023"]
    assert money["column_totals"][0] == 200000


def test_decision_by_id_and_year(world):
    data = json.loads(_run(str(world.chain.decision.pk), "--year", "2023", "--format", "json"))
    assert data["tables"][0]["row_labels"] == ["2023"]


def test_year_report_with_all_decisions(world):
    data = json.loads(_run("--all-decisions", "--year", "2022", "--format", "json"))
    assert data["tables"][0]["row_labels"] == [world.chain.decision.paper.reference]


def test_json_to_a_file(world, tmp_path):
    target = tmp_path / "report.json"
    _run(world.chain.decision.paper.reference, "--format", "json", "-o", str(target))
    assert "money_by_year" in json.loads(target.read_text(encoding="utf-8"))["tables"][0]["name"]


def test_without_threshold_the_configured_one_suppresses(world, settings):
    """No --threshold: the configured REPORT_SUPPRESSION_THRESHOLD (here 50, above every
    count of the 30 cases), so every total of people is null; --threshold wins."""
    settings.REPORT_SUPPRESSION_THRESHOLD = 50
    reference = world.chain.decision.paper.reference

    def people_totals(*args: str) -> list[object]:
        data = json.loads(_run(reference, "--format", "json", *args))
        people = [t for t in data["tables"] if t["people"]]
        return [v for t in people for v in (t["total"], *t["row_totals"], *t["column_totals"])]

    assert set(people_totals()) == {None}
    assert any(v is not None for v in people_totals("--threshold", "5"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["DS 99-9999", "--format", "json"], "No decision with the reference or id DS 99-9999"),
        (["--year", "2019", "--format", "json"], "no data for 2019"),
        (["HFA/0815/2021", "--year", "2025"], "has no budget in 2025; its years are 2022, 2023"),
        (["HFA/0815/2021", "--threshold", "0"], "whole number from 3 to 50"),
        (["HFA/0815/2021", "--format", "pdf"], "-o FILE"),
        ([], "Name a decision"),
        (["HFA/0815/2021", "--all-decisions", "--year", "2022"], "not both"),
    ],
)
def test_bad_input_is_a_clear_error(world, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args, "--language", "en")


def _german(amount: object) -> str:
    with translation.override("de"):
        return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def test_html_and_pdf_show_the_decisions_amounts_and_years(world, tmp_path):
    """The standalone HTML and the PDF (read back with pdftotext) carry the decision's
    reference, its budget years and the amounts planned in each."""
    decision = world.chain.decision
    lines = list(decision.budget_lines.order_by("year"))
    assert len(lines) >= 1
    html = _run(decision.paper.reference, "--format", "html", "--language", "de")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert decision.paper.reference in html
    target = tmp_path / "r.pdf"
    _run(decision.paper.reference, "--format", "pdf", "-o", str(target), "--language", "de")
    assert target.read_bytes().startswith(b"%PDF")
    text = pdftotext(target)
    assert decision.paper.reference in text
    for budget_line in lines:
        assert str(budget_line.year) in text
        assert _german(budget_line.amount) in text
    with pytest.raises(CommandError):  # a PDF is not written to the terminal
        _run(decision.paper.reference, "--format", "pdf")
