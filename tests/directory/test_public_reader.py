"""What a newcomer reads in the public directory: opening hours in their language, Latin
names kept whole in Arabic and Persian, no repeated paragraphs, every fallback marked, a
search that says what it did with odd input, and pages that stay small on the wire."""

from __future__ import annotations

import datetime as dt
import gzip
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ankunft.directory.models import OfferTranslation
from ankunft.directory.models.choices import language_name
from ankunft.directory.validation import parse_exceptions, parse_hours
from tests.directory.conftest import make_offer

pytestmark = pytest.mark.django_db

CONTENT_LANGUAGES = ["de", "en", "tr", "ar", "ro", "bg", "uk", "ru", "fa"]


# -- opening hours ----------------------------------------------------------------------------


def test_closed_days_say_geschlossen(client, offer):
    """German said "Samstag abgeschlossen": another module's "closed" (of a year) won."""
    body = client.get(offer.get_absolute_url()).content.decode()
    assert re.search(r'Samstag</th>\s*<td dir="ltr">geschlossen</td>', body)
    assert "abgeschlossen" not in body


def test_a_closed_exception_says_geschlossen_once(client, head, provider):
    day = timezone.localdate() + dt.timedelta(days=3)
    offer = make_offer(head, provider, exceptions=parse_exceptions(f"{day:%d.%m.%Y} geschlossen"))
    body = client.get(offer.get_absolute_url()).content.decode()
    assert f"{day:%d.%m.%Y}: geschlossen</li>" in body
    assert "abgeschlossen" not in body


@pytest.mark.parametrize(
    ("language", "monday", "sunday"),
    [
        ("de", "Montag", "Sonntag"),
        ("en", "Monday", "Sunday"),
        ("tr", "Pazartesi", "Pazar"),
        ("ar", "الاثنين", "الأحد"),
        ("ro", "Luni", "Duminică"),
        ("bg", "Понеделник", "Неделя"),
        ("uk", "Понеділок", "Неділя"),
        ("ru", "Понедельник", "Воскресенье"),
        ("fa", "دوشنبه", "یکشنبه"),
    ],
)
def test_weekdays_in_every_content_language(client, offer, language, monday, sunday):
    body = client.get(f"{offer.get_absolute_url()}?lang={language}").content.decode()
    rows = re.findall(r'<th scope="row">([^<]+?)(?: <span|</th>)', body)
    assert rows[0] == monday
    assert rows[6] == sunday


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Mo-Fr 09:00-12:00", [0, 1, 2, 3, 4]),
        ("Mon, Wed 09:00-12:00", [0, 2]),
        ("Tuesday 09:00-12:00", [1]),
        ("Pzt-Çar 09:00-12:00", [0, 1, 2]),
        ("lun., joi 09:00-12:00", [0, 3]),
        ("пн-ср 09:00-12:00", [0, 1, 2]),
        ("понеділок 09:00-12:00", [0]),
        ("الاثنين, الخميس 09:00-12:00", [0, 3]),
        ("سه‌شنبه 09:00-12:00", [1]),
        ("Samstag 09:00-12:00", [5]),
    ],
)
def test_weekdays_are_read_in_every_content_language(text, days):
    assert [s.weekday for s in parse_hours(text)] == days


def test_english_form_speaks_english_weekdays(client, head, offer):
    client.force_login(head)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("directory:offer_edit", kwargs={"uuid": offer.uuid})).content.decode()
    assert "One line per time, e.g. “Mon-Fri 09:00-12:00” or “Tue, Thu 14:00-17:30”." in body
    assert "One line per day, e.g. “24.12.2026 closed” or “31.12.2026 10:00-12:00”." in body
    assert "Mon 09:00-12:00\nTue 09:00-12:00" in body
    assert "Mo-Fr" not in body


def test_german_form_keeps_german_weekdays(client, head, offer):
    client.force_login(head)
    body = client.get(reverse("directory:offer_edit", kwargs={"uuid": offer.uuid})).content.decode()
    assert "Eine Zeile pro Zeit, z. B. „Mo-Fr 09:00-12:00“ oder „Di, Do 14:00-17:30“." in body
    assert "Mo 09:00-12:00\nDi 09:00-12:00" in body


# -- right to left: embedded left-to-right text stays whole -----------------------------------


def test_arabic_offer_page_isolates_latin_names_and_postcodes(client, offer):
    body = client.get(f"{offer.get_absolute_url()}?lang=ar").content.decode()
    assert body.count("<bdi>Kulturverein Test e.V.</bdi>") == 2  # under the title, address
    assert "<bdi>Weseler Straße 1</bdi>" in body
    assert "<bdi>47169 Duisburg</bdi>" in body


def test_persian_results_and_map_isolate_latin_text(client, town, offer):
    body = client.get(f"/offers/{town.slug}/search/?lang=fa").content.decode()
    assert '<p class="meta"><bdi>Kulturverein Test e.V.</bdi></p>' in body
    assert 'dir="auto" lang="de">Deutschkurs für Frauen</a>' in body
    body = client.get(f"/offers/{town.slug}/map/?lang=fa").content.decode()
    assert "<bdi>Weseler Straße 1, 47169 Duisburg</bdi>" in body


# -- what an offer page says, once -------------------------------------------------------------


def test_summary_is_not_repeated_as_the_first_paragraph(client, head, provider):
    offer = make_offer(head, provider)
    OfferTranslation.objects.filter(offer=offer).update(
        summary="Deutsch lernen in kleiner Gruppe.",
        description="Deutsch lernen in kleiner Gruppe.\n\nEinstieg jederzeit möglich.",
    )
    body = client.get(offer.get_absolute_url()).content.decode()
    article = re.search(r'<article class="offer".*?</article>', body, re.S).group(0)
    assert article.count("Deutsch lernen in kleiner Gruppe.") == 1
    assert "<p>Einstieg jederzeit möglich.</p>" in article


def test_a_description_that_only_begins_alike_is_kept(client, head, provider):
    offer = make_offer(head, provider)
    OfferTranslation.objects.filter(offer=offer).update(
        summary="Kurs", description="Kursbeginn jeden Montag."
    )
    body = client.get(offer.get_absolute_url()).content.decode()
    assert "<p>Kursbeginn jeden Montag.</p>" in body


def test_no_two_demo_offers_share_a_title_in_a_language(demo):
    titles = list(
        OfferTranslation.objects.filter(offer__municipality=demo).values_list("language", "title")
    )
    assert len(titles) == len(set(titles))


def test_demo_descriptions_do_not_repeat_the_summary(demo):
    texts = OfferTranslation.objects.filter(offer__municipality=demo)
    assert [t.title for t in texts if t.description.startswith(t.summary)] == []


# -- results in another language are marked ----------------------------------------------------


def test_every_fallback_result_is_marked_in_the_reader_language(client, town, head, provider):
    make_offer(head, provider, "Schulanmeldung", texts={"ro": "Înscrierea la școală"})
    make_offer(head, provider, "Hausaufgabenhilfe", texts={"en": "Homework help"})
    body = client.get(f"/offers/{town.slug}/search/?lang=ro").content.decode()
    cards = re.findall(r'<li class="card">.*?</li>', body, re.S)
    note = "Nu este încă disponibil în limba dumneavoastră."
    marked = {re.search(r"<a [^>]*>([^<]+)</a>", c).group(1): note in c for c in cards}
    assert marked == {"Înscrierea la școală": False, "Homework help": True}


def test_map_list_marks_fallback_titles(client, town, head, provider):
    make_offer(head, provider, "Hausaufgabenhilfe", texts={"en": "Homework help"})
    body = client.get(f"/offers/{town.slug}/map/?lang=ro").content.decode()
    with translation.override("ro"):
        english = language_name("en")
    assert f'lang="en">Homework help</a> ({english})' in body


# -- odd queries --------------------------------------------------------------------------------


@pytest.fixture
def two_offers(head, provider):
    return [
        make_offer(head, provider, "Deutschkurs für Frauen"),
        make_offer(head, provider, "Schuldnerberatung", fields=["social_security"]),
    ]


def test_a_nul_byte_is_removed_and_said(client, town, two_offers):
    """The query was silently dropped and all offers listed."""
    response = client.get(f"/offers/{town.slug}/search/", {"q": "deutsch\x00kurs"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Zeichen, nach denen sich nicht suchen lässt, wurden aus Ihrer Suche entfernt." in body
    assert 'value="deutschkurs"' in body
    assert "1 Angebot gefunden" in body
    assert "Schuldnerberatung" not in body


def test_a_long_query_is_cut_and_said(client, town, two_offers):
    response = client.get(f"/offers/{town.slug}/search/", {"q": "deutschkurs " + "x" * 10_000})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ihre Suche war zu lang; nur ihre ersten 200 Zeichen wurden verwendet." in body
    assert "Schuldnerberatung" not in body
    links = re.findall(r'<a href="([^"]*)" lang="[^"]+" dir=', body)
    assert len(links) == len(town.content_languages)
    assert max(len(link) for link in links) < 300
    assert len(response.content) < 30_000


def test_unknown_parameters_are_not_copied_into_links(client, town, two_offers):
    body = client.get(f"/offers/{town.slug}/", {"junk": "y" * 5000}).content.decode()
    assert "yyyy" not in body


# -- weight on the wire -------------------------------------------------------------------------


def _public_pages(town, offer) -> list[str]:
    return [
        f"/offers/{town.slug}/",
        f"/offers/{town.slug}/search/",
        f"/offers/{town.slug}/search/?q=kurs&free=on",
        offer.get_absolute_url(),
        f"/offers/{town.slug}/map/",
        f"/offers/{town.slug}/open-data/",
        f"/offers/{town.slug}/open-data/offers.json",
    ]


def test_public_pages_are_served_compressed(client, town, offer):
    for path in _public_pages(town, offer):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, path
        assert response["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in response["Vary"], path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) < 100 * 1024, path
        assert gzip.decompress(body)


def test_staff_pages_with_csrf_tokens_are_not_compressed(client, head, offer):
    """Compression of pages with secrets in them would open them to BREACH."""
    client.force_login(head)
    response = client.get(
        reverse("directory:offer_edit", kwargs={"uuid": offer.uuid}), HTTP_ACCEPT_ENCODING="gzip"
    )
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")


def test_all_offers_list_keeps_the_readme_promise(client, demo):
    """README: the all-offers list is under 24 KB of HTML and under 8 KB on the wire, in
    each content language (the longest pages: 20 offers, Cyrillic and Arabic script)."""
    for language in CONTENT_LANGUAGES:
        path = f"/offers/{demo.slug}/search/?lang={language}"
        plain = client.get(path)
        packed = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert len(plain.content) < 24 * 1024, (language, len(plain.content))
        assert len(packed.content) < 8 * 1024, (language, len(packed.content))


def test_query_in_the_heading_is_isolated(client, town, two_offers):
    body = client.get(f"/offers/{town.slug}/search/", {"q": "kurs <b>", "lang": "ar"}).content
    assert "<bdi>kurs &lt;b&gt;</bdi>" in body.decode()
