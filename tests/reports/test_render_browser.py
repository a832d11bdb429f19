"""The standalone report in headless Chromium: axe-core finds no WCAG 2.2 AA violation at
360 px, and nothing is wider than the screen (tables scroll in their wrapper, charts shrink)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from ankunft.reports.render import render_document, render_standalone
from tests.reports.sample_content import sample_content

pytestmark = pytest.mark.browser

AXE = Path(__file__).parents[1] / "browser" / "vendor" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTH = 360
AXE_RUN = (
    "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
    ".violations.map(v => v.id + ' [' + v.impact + ']: ' + v.nodes.map(n => n.target.join(' '))"
    ".slice(0, 3).join(', '))"
)


def problems(browser: Browser, html: str) -> tuple[list[str], int]:
    context = browser.new_context(locale="de-DE", viewport={"width": WIDTH, "height": 800})
    try:
        page = context.new_page()
        page.set_content(html)
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(AXE_RUN, WCAG)
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()
    return violations, width


def test_standalone_report_is_accessible_at_360_px(browser):
    violations, width = problems(browser, render_standalone(sample_content()))
    assert violations == []
    assert width <= WIDTH


def test_document_fragment_is_accessible_inside_a_page(browser):
    """The fragment as the app's pages show it: inside a page's main, with report.css."""
    css = (Path(__file__).parents[2] / "ankunft/reports/static/reports/report.css").read_text()
    html = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Bericht</title><style>{css}</style></head><body><main>"
        f"{render_document(sample_content())}</main></body></html>"
    )
    violations, width = problems(browser, html)
    assert violations == []
    assert width <= WIDTH
