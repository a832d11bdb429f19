"""Bad input from providers is refused (or made harmless) with a clear message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ankunft.directory import services
from ankunft.directory.models import Offer
from ankunft.directory.services import OfferTexts
from ankunft.directory.validation import clean_text, parse_exceptions, parse_hours
from tests.directory.conftest import make_offer, offer_data

pytestmark = pytest.mark.django_db


def test_script_tag_is_refused_with_a_clear_message(head, provider):
    with pytest.raises(ValidationError) as exc:
        services.offer_create(
            actor=head,
            data=offer_data(provider),
            texts=OfferTexts(title="Kurs", description="Hallo <script>alert(1)</script>"),
        )
    assert exc.value.message_dict["description"] == [
        "Beschreibung: Bitte nur Text schreiben; HTML-Tags wie <script> sind nicht erlaubt."
    ]
    assert Offer.objects.count() == 0  # nothing half-written


def test_huge_text_is_refused(head, provider):
    with pytest.raises(ValidationError) as exc:
        services.offer_create(
            actor=head,
            data=offer_data(provider),
            texts=OfferTexts(title="Kurs", description="x" * 12000),
        )
    assert exc.value.message_dict["description"] == [
        "Beschreibung ist zu lang: 12000 Zeichen, erlaubt sind höchstens 5000."
    ]


def test_plain_angle_brackets_and_control_characters():
    assert clean_text("3 < 5 und 7 > 2\x00", label="x", max_length=100) == "3 < 5 und 7 > 2"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mo 13:00-12:00", "Zeile 1: 13:00–12:00 schließt, bevor es öffnet."),
        ("Mo 25:00-26:00", "Zeile 1: 25:00 ist keine Uhrzeit (HH:MM)."),
        ("Xy 09:00-12:00", "Zeile 1: Xy ist kein Wochentag (Mo, Di, Mi, Do, Fr, Sa, So)."),
        ("Mo-Fr 9 bis 12", "Zeile 1: Schreiben Sie Wochentag und Zeiten, z. B. Mo-Fr 09:00-12:00."),
        ("Fr-Mo 09:00-12:00", "Zeile 1: Der Tagesbereich Fr-Mo läuft rückwärts."),
        (
            "Mo 09:00-12:00\nMo 11:00-13:00",
            "Öffnungszeiten am Montag überschneiden sich: 09:00-12:00 und 11:00-13:00.",
        ),
    ],
)
def test_invalid_hours_are_refused(text, message):
    with pytest.raises(ValidationError) as exc:
        parse_hours(text)
    assert exc.value.messages == [message]


def test_hours_are_parsed():
    slots = parse_hours("Mo-Mi 09:00-12:00\nDi, Do 14:00-17:30\n\nSa 10.00-24:00")
    assert [(s.weekday, f"{s.opens:%H:%M}", f"{s.closes:%H:%M}") for s in slots] == [
        (0, "09:00", "12:00"),
        (1, "09:00", "12:00"),
        (1, "14:00", "17:30"),
        (2, "09:00", "12:00"),
        (3, "14:00", "17:30"),
        (5, "10:00", "23:59"),
    ]


def test_exceptions_are_parsed():
    items = parse_exceptions("24.12.2026 geschlossen\n2026-12-31 10:00-12:00\n01.01.2027 Feiertag")
    assert [(e.date, e.reason, e.opens) for e in items] == [
        (dt.date(2026, 12, 24), "closed", None),
        (dt.date(2026, 12, 31), "special", dt.time(10, 0)),
        (dt.date(2027, 1, 1), "holiday", None),
    ]
    with pytest.raises(ValidationError, match=r"31\.02\.2026 ist kein Datum"):
        parse_exceptions("31.02.2026 geschlossen")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "website",
            "javascript:alert(1)",
            "Website: Geben Sie eine Webadresse an, die mit https:// beginnt.",
        ),
        (
            "contact_phone",
            "0203<b>",
            "Telefon: Nur Ziffern, Leerzeichen und + ( ) / - sind erlaubt.",
        ),
        ("fields", [], "Wählen Sie mindestens ein Handlungsfeld."),
        ("languages", ["xx"], "Sprachen: unbekannter Code xx."),
    ],
)
def test_invalid_data_is_refused(head, provider, field, value, message):
    with pytest.raises(ValidationError) as exc:
        services.offer_create(
            actor=head, data=offer_data(provider, **{field: value}), texts=OfferTexts("Kurs")
        )
    assert message in exc.value.messages


def test_form_shows_errors_next_to_fields(client, head, provider):
    client.force_login(head)
    response = client.post(
        reverse("directory:offer_create"),
        {
            "title": "Kurs",
            "description": "<img src=x onerror=alert(1)>",
            "provider": provider.pk,
            "fields_of_action": ["language"],
            "access": "walk_in",
            "cost": "free",
            "hours": "Mo 18:00-09:00",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Zeile 1: 18:00–09:00 schließt, bevor es öffnet." in body
    assert "<img src=x" not in body  # shown escaped, never as markup
    assert Offer.objects.count() == 0


def test_user_text_is_escaped_on_public_pages(client, head, provider):
    offer = make_offer(head, provider, "Kurs & Café")
    body = client.get(offer.get_absolute_url()).content.decode()
    assert "Kurs &amp; Café" in body
