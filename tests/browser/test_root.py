"""The site root in headless Chromium at 360 px: visitors find the public directory (a
chooser when there are several municipalities), accessible (axe-core, WCAG 2.1 A/AA)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe(page) -> list[dict[str, object]]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the CSP refuses inline ones
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))",
        WCAG,
    )


@pytest.mark.parametrize(("language", "heading", "direction"), [
    ("de", "Angebote", "ltr"),
    ("ar", "الخدمات", "rtl"),
])  # fmt: skip
def test_chooser_is_accessible_and_leads_to_a_directory(page, language, heading, direction):
    factories.municipality(name="Duisburg", slug="duisburg")
    factories.municipality(name="Musterstadt", slug="musterstadt")
    page.goto(f"/?lang={language}")
    assert page.locator("h1").inner_text() == heading
    assert page.locator("html").get_attribute("dir") == direction
    assert _axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("a.tile >> text=Musterstadt")
    page.wait_for_url(f"**/offers/musterstadt/?lang={language}")
    assert page.locator("a[href='/accounts/login/']").count() == 1


def test_browser_language_decides_without_lang(browser, live_server):
    """Accept-Language (here the browser's locale) picks the language of the chooser."""
    factories.municipality(name="Duisburg", slug="duisburg")
    factories.municipality(name="Musterstadt", slug="musterstadt")
    context = browser.new_context(
        locale="en-GB", viewport={"width": 360, "height": 800}, base_url=live_server.url
    )
    page = context.new_page()
    try:
        page.goto("/")
        assert page.locator("h1").inner_text() == "Offers"
        page.click("text=Staff: log in")
        page.wait_for_url("**/accounts/login/")
    finally:
        context.close()


def test_one_municipality_opens_its_directory(page):
    factories.municipality(name="Duisburg", slug="duisburg")
    page.goto("/")
    page.wait_for_url("**/offers/duisburg/")
    assert _axe(page) == []
