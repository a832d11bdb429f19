"""Public pages: no login, the reader's language (RTL for Arabic), fallbacks, JSON-LD,
no external requests by default."""

from __future__ import annotations

import json
import re

import pytest

from ankunft.directory import services
from ankunft.directory.models import Offer, Status
from ankunft.directory.services import OfferTexts, data_of
from tests.directory.conftest import make_offer

pytestmark = pytest.mark.django_db


def test_root_redirects_to_first_municipality(client, town):
    response = client.get("/offers/")
    assert response.status_code == 302
    assert response["Location"] == f"/offers/{town.slug}/"


def test_start_page_by_need(client, town, offer):
    body = client.get(f"/offers/{town.slug}/").content.decode()
    assert "Ich brauche …" in body
    assert f'href="/offers/{town.slug}/search/?field=language"' in body
    assert "Deutsch lernen" in body
    assert "1 Angebot" in body


def test_arabic_is_right_to_left_and_remembered(client, town, offer):
    response = client.get(f"/offers/{town.slug}/?lang=ar")
    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "أحتاج إلى …" in body
    assert response.cookies["django_language"].value == "ar"
    assert '<html lang="ar" dir="rtl">' in client.get(offer.get_absolute_url()).content.decode()


def test_language_from_browser(client, town):
    body = client.get(f"/offers/{town.slug}/", HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert '<html lang="ro" dir="ltr">' in body
    assert "Am nevoie de …" in body


def test_offer_page_in_reader_language(client, offer):
    body = client.get(offer.get_absolute_url() + "?lang=ar").content.decode()
    assert "<h1>دورة لغة ألمانية للنساء</h1>" in body
    assert "غير متوفر بلغتك" not in body


def test_missing_translation_falls_back_with_note(client, offer):
    body = client.get(offer.get_absolute_url() + "?lang=bg").content.decode()
    assert '<article class="offer" lang="de" dir="auto">' in body
    assert "<h1>Deutschkurs für Frauen</h1>" in body
    assert "Все още не е на вашия език. Показано на немски." in body


def test_outdated_translation_is_marked(client, head, offer):
    fresh = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(pk=offer.pk)
    services.offer_update(actor=head, offer=fresh, data=data_of(fresh), texts=OfferTexts("Neu"))
    body = client.get(
        Offer.objects.get(pk=offer.pk).get_absolute_url() + "?lang=ar"
    ).content.decode()
    assert "تغيّر النص الأصلي بعد إعداد هذه الترجمة" in body


def test_offer_page_shows_hours_address_and_directions(client, offer):
    body = client.get(offer.get_absolute_url()).content.decode()
    assert "Öffnungszeiten" in body
    assert "09:00–12:00" in body
    assert "Weseler Straße 1" in body
    assert "https://www.openstreetmap.org/directions?to=51.500000%2C6.780000" in body
    assert 'href="geo:51.500000,6.780000"' in body


def test_json_ld_describes_the_offer(client, offer):
    body = client.get(offer.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Service"
    assert data["identifier"] == str(offer.uuid)
    assert data["name"] == "Deutschkurs für Frauen"
    assert data["provider"]["name"] == "Kulturverein Test e.V."
    assert data["isAccessibleForFree"] is True
    place = data["availableChannel"]["serviceLocation"]
    assert place["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"


def test_json_ld_is_escaped(client, head, provider):
    offer = make_offer(head, provider, "Eltern & Kinder <3 </s")
    body = client.get(offer.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    assert "<" not in script
    assert "Eltern \\u0026 Kinder \\u003C3 \\u003C/s" in script


def test_old_slug_redirects_to_current(client, offer):
    response = client.get(f"/offers/{offer.municipality.slug}/o/{offer.uuid}/alter-name/")
    assert response.status_code == 301
    assert response["Location"] == offer.get_absolute_url()


def test_draft_is_not_public(client, head, provider):
    offer = make_offer(head, provider, status=Status.DRAFT)
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_results_page(client, town, offer):
    body = client.get(f"/offers/{town.slug}/search/?q=frauem&free=on").content.decode()
    assert "1 Angebot gefunden" in body
    assert "frauem → frauen" in body
    assert 'name="free" checked' in body


def test_no_external_requests_by_default(client, town, offer):
    """No stylesheet, script, image or frame from another server; no map without a source."""
    pages = [
        f"/offers/{town.slug}/",
        f"/offers/{town.slug}/search/?q=kurs",
        offer.get_absolute_url(),
        f"/offers/{town.slug}/map/",
    ]
    for path in pages:
        body = client.get(path).content.decode()
        for tag in re.findall(r"<(?:script|img|iframe|source|link)\b[^>]*>", body):
            if 'rel="canonical"' in tag:
                continue  # names this page, is not fetched
            url = re.search(r'(?:src|href)="([^"]*)"', tag)
            assert url is None or not re.match(r"(https?:)?//", url.group(1)), (path, tag)
        assert "leaflet" not in body


def test_map_only_with_a_tile_source(client, head, town, offer):
    services.directory_settings_update(
        actor=head,
        tile_url="https://tiles.example.org/{z}/{x}/{y}.png",
        tile_attribution="© Beispiel",
    )
    body = client.get(f"/offers/{town.slug}/map/").content.decode()
    assert "leaflet.js" in body
    data = json.loads(
        re.search(
            r'<script id="map-data" type="application/json">(.*?)</script>', body, re.S
        ).group(1)
    )
    assert data["tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert data["points"][0]["title"] == "Deutschkurs für Frauen"


def test_public_results_query_count(client, town, head, provider, django_assert_max_num_queries):
    """A fixed number of queries, however many offers are on the page."""
    for n in range(5):
        make_offer(head, provider, f"Kurs {n}")
    with django_assert_max_num_queries(12):
        client.get(f"/offers/{town.slug}/search/?q=kurs")
    with django_assert_max_num_queries(12):
        client.get(f"/offers/{town.slug}/search/")


def test_public_html_is_small(client, town, head, provider):
    for n in range(25):
        make_offer(head, provider, f"Deutschkurs Nummer {n}")
    response = client.get(f"/offers/{town.slug}/search/?q=deutschkurs")
    assert len(response.content) < 60_000
