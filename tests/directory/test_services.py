"""Services of the directory: revisions, translations' versions, review of changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ankunft.core.models import AuditEntry, Role
from ankunft.directory import services
from ankunft.directory.models import Offer, OfferChange, OfferRevision, Status
from ankunft.directory.present import is_outdated
from ankunft.directory.services import OfferTexts, data_of
from ankunft.directory.validation import parse_hours
from tests.directory.conftest import make_offer, offer_data

pytestmark = pytest.mark.django_db


def _texts(offer: Offer) -> dict:
    return {t.language: t for t in Offer.objects.get(pk=offer.pk).translations.all()}


def test_create_keeps_identity_and_first_revision(head, provider):
    offer = make_offer(head, provider)
    assert offer.uuid is not None
    assert offer.slug == "deutschkurs-fur-frauen"
    assert offer.revision == 1
    revision = OfferRevision.objects.get(offer=offer)
    assert revision.number == 1
    assert revision.data["texts"]["de"]["title"] == "Deutschkurs für Frauen"
    assert (
        revision.data["hours"]
        == "Mo 09:00-12:00\nDi 09:00-12:00\nMi 09:00-12:00\nDo 09:00-12:00\nFr 09:00-12:00"
    )


def test_every_save_adds_a_revision_and_audits_who(head, provider):
    offer = make_offer(head, provider, texts={"en": "German course for women"})
    assert list(offer.revisions.values_list("number", flat=True)) == [2, 1]
    assert AuditEntry.objects.filter(object_type="directory.offerrevision", actor=head).count() == 2


def test_major_change_marks_translations_outdated(head, offer):
    fresh = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(pk=offer.pk)
    services.offer_update(
        actor=head,
        offer=fresh,
        data=data_of(fresh),
        texts=OfferTexts(title="Deutschkurs für Frauen", summary="Neue Zeiten ab Januar."),
    )
    texts = _texts(offer)
    assert texts["de"].version == 2
    assert texts["ar"].source_version == 1
    reloaded = Offer.objects.prefetch_related("translations").get(pk=offer.pk)
    assert is_outdated(reloaded, texts["ar"]) is True


def test_minor_edit_keeps_translations_current(head, offer):
    fresh = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(pk=offer.pk)
    services.offer_update(
        actor=head,
        offer=fresh,
        data=data_of(fresh),
        texts=OfferTexts(title="Deutschkurs für Frauen", summary="Tippfehler korrigiert."),
        minor=True,
    )
    texts = _texts(offer)
    assert texts["de"].summary == "Tippfehler korrigiert."
    assert texts["de"].version == 1
    reloaded = Offer.objects.prefetch_related("translations").get(pk=offer.pk)
    assert is_outdated(reloaded, texts["ar"]) is False


def test_translation_records_source_version(head, offer):
    fresh = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(pk=offer.pk)
    services.offer_update(
        actor=head, offer=fresh, data=data_of(fresh), texts=OfferTexts(title="Neu")
    )
    services.offer_translation_save(
        actor=head, offer=offer, language="ar", texts=OfferTexts(title="جديد")
    )
    ar = _texts(offer)["ar"]
    assert (ar.source_language, ar.source_version) == ("de", 2)


def test_translation_into_unknown_or_source_language_refused(head, offer):
    with pytest.raises(ValidationError, match="Originaltext"):
        services.offer_translation_save(
            actor=head, offer=offer, language="de", texts=OfferTexts("x")
        )
    with pytest.raises(ValidationError, match="xx"):
        services.offer_translation_save(
            actor=head, offer=offer, language="xx", texts=OfferTexts("x")
        )


def test_provider_change_of_published_offer_waits_for_review(head, provider, provider_user):
    """Journey 6: the provider changes the hours and the text; the public offer stays as it
    is; the KI sees a diff and approves; then the Arabic text is outdated."""
    offer = make_offer(head, provider, texts={"ar": "دورة", "tr": "Kurs"})
    fresh = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(pk=offer.pk)
    data = data_of(fresh)
    data.hours = parse_hours("Di, Do 17:00-19:30")
    change = services.offer_update(
        actor=provider_user,
        offer=fresh,
        data=data,
        texts=OfferTexts(title="Deutschkurs für Frauen", summary="Jetzt abends: Di und Do."),
    )
    assert change is not None
    assert change.state == OfferChange.State.PENDING
    assert Offer.objects.get(pk=offer.pk).hours.count() == 5  # unchanged until review
    services.offer_change_approve(actor=head, change=change, note="ok")
    offer.refresh_from_db()
    assert [(h.weekday, f"{h.opens:%H:%M}") for h in offer.hours.all()] == [
        (1, "17:00"),
        (3, "17:00"),
    ]
    reloaded = Offer.objects.prefetch_related("translations").get(pk=offer.pk)
    texts = {t.language: t for t in reloaded.translations.all()}
    assert is_outdated(reloaded, texts["ar"])
    assert is_outdated(reloaded, texts["tr"])
    assert OfferChange.objects.get(pk=change.pk).state == OfferChange.State.APPROVED


def test_second_proposal_replaces_the_pending_one(head, provider, provider_user):
    offer = make_offer(head, provider)
    fresh = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(pk=offer.pk)
    for summary in ("eins", "zwei"):
        services.offer_update(
            actor=provider_user, offer=fresh, data=data_of(fresh), texts=OfferTexts("T", summary)
        )
    change = OfferChange.objects.get(offer=offer)
    assert change.data["texts"]["de"]["summary"] == "zwei"


def test_reject_needs_a_note(head, provider, provider_user):
    offer = make_offer(head, provider)
    fresh = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(pk=offer.pk)
    change = services.offer_update(
        actor=provider_user, offer=fresh, data=data_of(fresh), texts=OfferTexts("Neu")
    )
    with pytest.raises(ValidationError, match="warum"):
        services.offer_change_reject(actor=head, change=change, note=" ")
    services.offer_change_reject(actor=head, change=change, note="Bitte Zeiten prüfen")
    assert (
        Offer.objects.get(pk=offer.pk).translations.get(language="de").title
        == "Deutschkurs für Frauen"
    )


def test_provider_draft_changes_apply_directly(head, provider, provider_user):
    offer = make_offer(head, provider, status=Status.DRAFT)
    fresh = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(pk=offer.pk)
    assert (
        services.offer_update(
            actor=provider_user, offer=fresh, data=data_of(fresh), texts=OfferTexts("Neu")
        )
        is None
    )
    assert Offer.objects.get(pk=offer.pk).translations.get(language="de").title == "Neu"


def test_provider_asks_for_publication(head, provider, provider_user):
    offer = make_offer(head, provider, status=Status.DRAFT)
    services.offer_set_status(actor=provider_user, offer=offer, status=Status.PUBLISHED)
    assert Offer.objects.get(pk=offer.pk).status == Status.DRAFT
    change = OfferChange.objects.get(offer=offer)
    services.offer_change_approve(actor=head, change=change)
    assert Offer.objects.get(pk=offer.pk).status == Status.PUBLISHED


def test_provider_cannot_touch_other_providers(head, provider, provider_user):
    other = services.provider_create(actor=head, name="Andere e.V.")
    foreign = make_offer(head, other)
    with pytest.raises(Http404):
        services.offer_confirm_current(actor=provider_user, offer=foreign)
    with pytest.raises(ValidationError, match="Träger"):
        services.offer_create(actor=provider_user, data=offer_data(other), texts=OfferTexts("X"))


def test_case_worker_cannot_edit(make_user, offer):
    with pytest.raises(PermissionDenied):
        services.offer_confirm_current(actor=make_user(Role.CASE_WORKER), offer=offer)


def test_confirm_current_resets_review_date(head, offer):
    Offer.objects.filter(pk=offer.pk).update(last_reviewed="2020-01-01")
    services.offer_confirm_current(actor=head, offer=Offer.objects.get(pk=offer.pk))
    assert Offer.objects.get(pk=offer.pk).last_reviewed.year > 2020


def test_provider_contact_person_is_audited(head, provider):
    services.provider_update(actor=head, provider=provider, contact_person_name="Mira Beispiel")
    entry = AuditEntry.objects.filter(object_type="directory.provider", action="update").get()
    assert entry.fields == ["contact_person_name"]


def test_settings_refuse_non_https_tiles(head):
    with pytest.raises(ValidationError, match="https"):
        services.directory_settings_update(
            actor=head, tile_url="http://tiles.example.org/{z}/{x}/{y}.png"
        )
    settings = services.directory_settings_update(
        actor=head, tile_url="https://tiles.example.org/{z}/{x}/{y}.png", review_interval_days=180
    )
    assert settings.review_interval_days == 180
