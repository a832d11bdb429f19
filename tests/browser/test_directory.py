"""Browser: a newcomer searches, filters, switches to Arabic and opens an offer; keyboard
only; a provider changes its German course and the KI reviews it (journeys 5 and 6)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from ankunft.core import demo as core_demo
from ankunft.directory import demo as directory_demo
from ankunft.directory.models import Offer
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory():
    municipality = core_demo.load()
    directory_demo.load(municipality, io.StringIO())
    return municipality


def test_search_filter_and_open_an_offer(page, directory):
    page.goto("/offers/duisburg/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hilfe finden in Duisburg"
    page.get_by_label("Was suchen Sie?").fill("arzt ohne versicherung")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("heading", level=2, name="6 Angebote gefunden")).to_be_visible()
    first = page.locator("ol.cards li").first
    expect(first.get_by_role("link")).to_have_text(
        "Medizinische Sprechstunde ohne Krankenversicherung"
    )

    page.locator("summary", has_text="Filter").click()
    page.get_by_label("Thema").select_option("health")
    page.get_by_label("Kostenlos").check()
    page.get_by_role("button", name="Filter anwenden").click()
    assert "field=health" in page.url
    assert "free=on" in page.url
    expect(page.get_by_role("heading", level=2, name="4 Angebote gefunden")).to_be_visible()
    page.get_by_label("Sprache des Angebots").select_option("bg")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page.locator("ol.cards li")).to_have_count(2)  # the two clinics speak Bulgarian

    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Medizinische Sprechstunde ohne Krankenversicherung"
    )
    expect(page.get_by_role("heading", name="Öffnungszeiten")).to_be_visible()
    expect(page.get_by_role("link", name="Wegbeschreibung (OpenStreetMap)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_switch_to_arabic_right_to_left(page, directory):
    page.goto("/offers/duisburg/")
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="العربيّة").click()
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    expect(page.get_by_role("heading", level=1)).to_have_text("ابحث عن مساعدة في Duisburg")
    page.get_by_role("link", name="طبيب، استشارة صحية").click()  # "I need a doctor"
    page.locator("ol.cards li").first.get_by_role("link").click()
    assert page.get_attribute("html", "dir") == "rtl"  # remembered on the next page
    expect(page.get_by_role("heading", name="أوقات العمل")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_keyboard_only(page, directory):
    page.goto("/offers/duisburg/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    page.get_by_label("Was suchen Sie?").focus()
    page.keyboard.type("deutschkurs")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=deutschkurs*")
    link = page.locator("ol.cards li a").first
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Deutsch")


def test_provider_changes_hours_ki_reviews(page, directory):
    """Journey 6: the provider updates its German course; the change awaits review; after
    approval the Arabic and Turkish texts are outdated in the translator's queue."""
    course = Offer.objects.get(uuid=directory_demo.offer_uuid("german_course_women", 0))
    login(page, "provider", core_demo.DEMO_PASSWORD)
    page.goto("/offers/manage/")
    page.get_by_role("link", name="Deutschkurs für Frauen mit Kinderbetreuung").click()
    page.get_by_role("link", name="Ändern").click()
    page.get_by_label("Öffnungszeiten", exact=True).fill("Di, Do 17:00-19:30")
    page.get_by_label("Zusammenfassung").fill("Deutsch lernen am Abend, nur für Frauen.")
    page.get_by_role("button", name="Sichern").click()
    expect(
        page.get_by_text("Ihre Änderung wird nach Prüfung durch das KI veröffentlicht")
    ).to_be_visible()
    page.get_by_role("button", name="Abmelden").click()

    login(page, "head", core_demo.DEMO_PASSWORD)
    page.goto("/offers/manage/review/")
    page.get_by_role("link", name="Deutschkurs für Frauen mit Kinderbetreuung").click()
    diff = page.locator("table.diff")
    expect(diff).to_contain_text("Di 17:00-19:30")
    expect(diff.locator("ins").first).to_be_visible()
    page.get_by_role("button", name="Freigeben und veröffentlichen").click()
    expect(page.get_by_text("Änderung freigegeben und veröffentlicht.")).to_be_visible()

    page.goto(f"/offers/manage/offers/{course.uuid}/")
    row = page.locator("tr", has_text="Arabisch")
    expect(row).to_contain_text("veraltet")
    page.goto("/offers/manage/translations/?language=tr")
    expect(
        page.locator("tr", has_text="Deutschkurs für Frauen mit Kinderbetreuung")
    ).to_contain_text("veraltet")


# First and last character of an element's text, left to right on the screen: in Arabic a
# Latin name shows "Kulturverein Marxloh e.V." only when isolated, not ".Kulturverein ...".
_ORDER = """(el) => {
  const text = el.firstChild, range = document.createRange();
  range.setStart(text, 0); range.setEnd(text, 1);
  const first = range.getBoundingClientRect().left;
  range.setStart(text, text.length - 1); range.setEnd(text, text.length);
  const last = range.getBoundingClientRect().left;
  const style = getComputedStyle(el);
  return {tag: el.tagName, bidi: style.unicodeBidi, dir: style.direction, reads: first < last};
}"""
ISOLATED_LTR = {"tag": "BDI", "bidi": "isolate", "dir": "ltr", "reads": True}


def test_arabic_keeps_latin_names_and_postcodes_whole(page, directory):
    """Issue 9: ".Kulturverein Marxloh e.V" and "Duisburg (Marxloh) 47169" in Arabic."""
    course = Offer.objects.get(uuid=directory_demo.offer_uuid("german_course_women", 0))
    page.goto(f"{course.get_absolute_url()}?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    provider = page.locator("p.meta bdi")
    expect(provider).to_have_text("Kulturverein Marxloh e.V.")
    assert provider.evaluate(_ORDER) == ISOLATED_LTR
    address = page.locator("address bdi")
    expect(address).to_have_text(
        ["Kulturverein Marxloh e.V.", "Weseler Straße 54", "47169 Duisburg (Marxloh)"]
    )
    for i in range(3):
        assert address.nth(i).evaluate(_ORDER) == ISOLATED_LTR, i

    page.goto("/offers/duisburg/search/?q=Kulturverein&lang=ar")
    names = page.locator("ol.cards li p.meta bdi:first-child")
    assert names.count() > 0
    for i in range(names.count()):
        assert names.nth(i).evaluate(_ORDER) == ISOLATED_LTR, i
