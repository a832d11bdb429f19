"""Accessibility (axe-core, WCAG 2.1 A/AA) and page weight (< 100 KB) of the public pages,
in German and in Arabic, in headless Chromium."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ankunft.core import demo as core_demo
from ankunft.directory import demo as directory_demo
from ankunft.directory.models import Offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BUDGET = 100 * 1024


@pytest.fixture
def pages():
    municipality = core_demo.load()
    directory_demo.load(municipality, io.StringIO())
    offer = Offer.objects.get(uuid=directory_demo.offer_uuid("school_enrolment", 0))
    return {
        "start": "/offers/duisburg/",
        "results": "/offers/duisburg/search/?q=schule&field=early_education_school&free=on",
        "all offers": "/offers/duisburg/search/",
        "offer": offer.get_absolute_url(),
        "map": "/offers/duisburg/map/",
    }


@pytest.mark.parametrize("language", ["de", "ar"])
def test_axe_finds_no_violations(page, pages, language):
    for name in ("start", "results", "offer"):
        separator = "&" if "?" in pages[name] else "?"
        page.goto(f"{pages[name]}{separator}lang={language}")
        # Evaluated through the browser's debugging protocol: the page's Content-Security-
        # Policy refuses inline script tags, as it should.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))",
            WCAG,
        )
        assert violations == [], (name, language)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_public_pages_weigh_under_100_kb(page, pages, language, capsys):
    """All that goes over the wire for a page: HTML, CSS, JS, fonts, icons (no tiles)."""
    for name, path in pages.items():
        sizes: list[int] = []

        def finished(request, sizes=sizes):
            sizes.append(request.sizes()["responseBodySize"])

        page.on("requestfinished", finished)
        separator = "&" if "?" in path else "?"
        page.goto(f"{path}{separator}lang={language}", wait_until="load")
        page.wait_for_load_state("networkidle")
        page.remove_listener("requestfinished", finished)
        total = sum(sizes)
        with capsys.disabled():
            print(
                f"\npage weight {name} [{language}]: {total / 1024:.1f} KB, {len(sizes)} requests"
            )
        assert total < BUDGET, (name, language, total)
