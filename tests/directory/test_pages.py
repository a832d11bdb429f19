"""Staff and provider pages: forms post through the services and answer in German."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ankunft.core.models import AuditEntry
from ankunft.directory.models import DirectorySettings, Offer, OfferChange, Status
from tests.directory.conftest import make_offer

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Nähcafé",
    "summary": "Nähen und Deutsch sprechen.",
    "fields_of_action": ["participation"],
    "access": "walk_in",
    "cost": "free",
    "hours": "Mi 10:00-12:00",
    "exceptions": "24.12.2026 geschlossen",
    "city": "Duisburg",
}


def test_create_offer_through_the_form(client, head, provider):
    client.force_login(head)
    response = client.post(reverse("directory:offer_create"), {**FORM, "provider": provider.pk})
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:offer_detail", kwargs={"uuid": offer.uuid})
    assert offer.status == Status.DRAFT
    assert [(e.date.isoformat(), e.reason) for e in offer.exceptions.all()] == [
        ("2026-12-24", "closed")
    ]


def test_provider_edit_goes_to_review_and_diff_is_shown(client, head, provider, provider_user):
    offer = make_offer(head, provider)
    client.force_login(provider_user)
    edit = reverse("directory:offer_edit", kwargs={"uuid": offer.uuid})
    assert "nach Prüfung durch das KI veröffentlicht" in client.get(edit).content.decode()
    response = client.post(edit, {**FORM, "provider": provider.pk}, follow=True)
    assert (
        "Danke. Ihre Änderung wird nach Prüfung durch das KI veröffentlicht."
        in response.content.decode()
    )
    change = OfferChange.objects.get()
    client.force_login(head)
    body = client.get(reverse("directory:review_detail", kwargs={"pk": change.pk})).content.decode()
    assert "<del>Deutschkurs" in body
    assert "<ins>Nähcafé</ins>" in body
    assert "Mi 10:00-12:00" in body
    assert AuditEntry.objects.filter(
        object_type="directory.offerchange", action="read", actor=head
    ).exists()
    client.post(
        reverse("directory:review_detail", kwargs={"pk": change.pk}), {"approve": "1", "note": ""}
    )
    assert Offer.objects.get(pk=offer.pk).translations.get(language="de").title == "Nähcafé"


def test_refusal_without_note_is_explained(client, head, provider, provider_user):
    offer = make_offer(head, provider)
    client.force_login(provider_user)
    client.post(
        reverse("directory:offer_edit", kwargs={"uuid": offer.uuid}),
        {**FORM, "provider": provider.pk},
    )
    change = OfferChange.objects.get()
    client.force_login(head)
    body = client.post(
        reverse("directory:review_detail", kwargs={"pk": change.pk}), {"reject": "1", "note": ""}
    ).content.decode()
    assert "Schreiben Sie dem Träger, warum die Änderung abgelehnt wird." in body
    assert OfferChange.objects.get().state == OfferChange.State.PENDING


def test_translation_form(client, make_user, offer):
    from ankunft.core.models import Role  # noqa: PLC0415

    client.force_login(make_user(Role.CASE_WORKER))
    url = reverse("directory:translation_edit", kwargs={"uuid": offer.uuid, "language": "tr"})
    assert 'dir="ltr"' in client.get(url).content.decode()
    client.post(url, {"title": "Kadınlar için Almanca kursu"})
    assert Offer.objects.get(pk=offer.pk).translations.get(language="tr").source_version == 1
    ar = reverse("directory:translation_edit", kwargs={"uuid": offer.uuid, "language": "ar"})
    assert 'lang="ar" dir="rtl"' in client.get(ar).content.decode()


def test_translation_queue_page(client, head, offer):
    client.force_login(head)
    body = client.get(reverse("directory:translation_queue") + "?language=tr").content.decode()
    assert "Deutschkurs für Frauen" in body
    assert "fehlt" in body


def test_status_and_confirm(client, head, provider, provider_user):
    offer = make_offer(head, provider, status=Status.DRAFT)
    client.force_login(provider_user)
    client.post(
        reverse("directory:offer_status", kwargs={"uuid": offer.uuid}), {"status": "published"}
    )
    assert Offer.objects.get(pk=offer.pk).status == Status.DRAFT
    assert OfferChange.objects.get().data["status"] == "published"
    Offer.objects.filter(pk=offer.pk).update(last_reviewed="2020-01-01")
    client.post(reverse("directory:offer_confirm", kwargs={"uuid": offer.uuid}))
    assert Offer.objects.get(pk=offer.pk).last_reviewed.year > 2020


def test_provider_start_page_panels(client, head, provider, provider_user):
    make_offer(head, provider)
    Offer.objects.update(last_reviewed="2020-01-01")
    client.force_login(provider_user)
    body = client.get(reverse("directory:manage")).content.decode()
    assert "Angebote von Kulturverein Test e.V." in body
    assert "Bitte prüfen: lange nicht bestätigt" in body


def test_settings_page(client, head):
    client.force_login(head)
    response = client.post(
        reverse("directory:settings"),
        {"tile_url": "ftp://x/{z}", "review_interval_days": 200},
    )
    assert "Geben Sie eine https-Adresse mit {z}, {x} und {y} an" in response.content.decode()
    client.post(reverse("directory:settings"), {"tile_url": "", "review_interval_days": 200})
    assert DirectorySettings.objects.get().review_interval_days == 200


def test_import_page(client, head):
    client.force_login(head)
    term = {"taxonomy": "ankunft:field_of_action", "code": "participation"}
    service = {
        "name": "Tanzkurs",
        "organization": {"name": "Z e.V."},
        "attributes": [{"taxonomy_term": term}],
    }
    upload = SimpleUploadedFile("in.json", json.dumps([service]).encode())
    body = client.post(reverse("directory:import"), {"file": upload}, follow=True).content.decode()
    assert "Import beendet: 1 neu, 0 aktualisiert, 0 übersprungen." in body
    broken = SimpleUploadedFile("x.json", b"{nope")
    body = client.post(reverse("directory:import"), {"file": broken}).content.decode()
    assert "Die Daten sind kein gültiges JSON" in body


def test_provider_detail_reads_are_audited(client, head, provider):
    client.force_login(head)
    client.get(reverse("directory:provider_detail", kwargs={"pk": provider.pk}))
    entry = AuditEntry.objects.get(object_type="directory.provider", action="read")
    assert "contact_person_name" in entry.fields


@pytest.mark.parametrize(
    ("next_page", "expected"),
    [
        ("https://evil.example/phish", "/offers/manage/"),
        ("//evil.example/phish", "/offers/manage/"),
        ("/offers/manage/review/", "/offers/manage/review/"),
    ],
)
def test_confirm_returns_only_to_a_page_of_this_site(client, head, provider, next_page, expected):
    """Before: `next` was followed wherever it pointed (an open redirect)."""
    offer = make_offer(head, provider)
    client.force_login(head)
    url = reverse("directory:offer_confirm", kwargs={"uuid": offer.uuid})
    response = client.post(url, {"next": next_page})
    assert response.status_code == 302
    assert response["Location"] == expected
