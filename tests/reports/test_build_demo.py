"""The seed decision's report from the demo data: the amounts and years of the motion, and
the people figures equal a count in Python over the demo's cases."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from ankunft.cases.models import Case
from ankunft.core.models import Municipality
from ankunft.measures.chain import chain_decisions
from ankunft.reports import build, render
from tests.reports.test_pdf import pdftotext

pytestmark = pytest.mark.django_db


def test_seed_decision_report_from_the_demo(tmp_path):
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())
    m = Municipality.objects.get(slug="duisburg")
    seed = next(
        d for d in chain_decisions(municipality_id=m.pk) if d.budget_lines.filter(year=2022)
    )
    scope = build.resolve_scope(municipality=m, decision=seed, year=None)
    today = timezone.localdate()
    raw = {t.name: t for t in build.build_raw_tables(scope, today)}
    money = raw["money_by_year"]
    assert money.row_labels == ["2022", "2023"]
    assert [row[0] for row in money.cells] == [Decimal(100000), Decimal(100000)]
    # the demo's cases lie in the last two years: the people period reaches to today
    opened = [c for c in Case.objects.filter(municipality=m) if c.opened_on <= today]
    assert raw["cases_by_district"].total == len(opened) > 0
    closed = sum(1 for c in opened if c.closed_on is not None and c.closed_on <= today)
    assert raw["cases_by_age"].column_totals == [len(opened) - closed, closed]
    content = build.build_report(scope, as_of=today, threshold=5)
    published = {t["name"]: t for t in content["tables"]}
    assert published["money_by_year"]["column_totals"][0] == 200000  # planned over both years
    people = [t for t in content["tables"] if t["people"]]
    assert all(v is None or v >= 5 for t in people for row in t["cells"] for v in row)
    assert "100.000,00 EUR 2022" in content["decisions"][0]["summary"]
    # The same content as HTML and as PDF (read back with pdftotext): amounts and years.
    content_de = build.build_report(scope, as_of=today, threshold=5, language="de")
    html = render.render_standalone(content_de)
    assert "100.000,00" in html
    target = tmp_path / "seed.pdf"
    target.write_bytes(render.render_pdf(content_de))
    text = pdftotext(target)
    for figure in ("100.000,00", "200.000,00", "2022", "2023", "Duisburg"):
        assert figure in text, figure
