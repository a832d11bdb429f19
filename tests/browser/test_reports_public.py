"""A visitor without login opens a published report on a phone (360 px): no axe-core
violation at WCAG 2.2 AA, and the CSV link downloads the tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories
from tests.budget.conftest import seed_decision
from tests.reports import world_public as w

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def test_a_visitor_reads_the_published_report_and_downloads_its_csv(page):
    town = factories.municipality(name="Duisburg-Test", slug="dutest")
    report = w.report(town, seed_decision(town), published=True)
    page.goto("/reports/public/")  # the one municipality with reports: straight to its list
    page.get_by_role("link", name=report.title, exact=True).click()
    page.wait_for_url(f"**/reports/public/{report.public_id}/")
    assert page.get_by_role("heading", level=1).inner_text() == report.title
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))",
        WCAG,
    )
    assert violations == []
    # Nothing wider than the phone's screen but the tables' own scroll boxes.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_download() as download:
        page.locator('a[href$="/report.csv"]').click()
    path = download.value.path()
    text = Path(str(path)).read_text(encoding="utf-8")
    assert "# cases_by_district:" in text
    assert download.value.suggested_filename.endswith(".csv")
