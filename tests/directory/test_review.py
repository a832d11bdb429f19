"""The KI's review of providers' changes: what changed within a value, what approval will
do (and that it does exactly that), taking an offer offline, and who proposed a change."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ankunft.core.models import District, Role
from ankunft.directory import services
from ankunft.directory.models import DirectorySettings, Offer, OfferChange, OfferRevision, Status
from ankunft.directory.present import is_outdated
from ankunft.directory.services import OfferTexts, data_of
from ankunft.directory.services.review import approval_effects
from ankunft.directory.validation import parse_hours
from tests import factories
from tests.directory.conftest import make_offer

pytestmark = pytest.mark.django_db


def _fresh(offer: Offer) -> Offer:
    return Offer.objects.prefetch_related("tags", "hours", "exceptions", "translations").get(
        pk=offer.pk
    )


def _source(offer: Offer) -> OfferTexts:
    text = offer.translations.get(language=offer.source_language)
    return OfferTexts(text.title, text.summary, text.description)


def _propose(provider_user, offer: Offer, *, texts: OfferTexts | None = None, minor=False, **data):
    fresh = _fresh(offer)
    values = data_of(fresh)
    for name, value in data.items():
        setattr(values, name, value)
    change = services.offer_update(
        actor=provider_user,
        offer=fresh,
        data=values,
        texts=texts or _source(fresh),
        minor=minor,
    )
    assert change is not None
    return change


def _review_page(client, head, change) -> str:
    client.force_login(head)
    return client.get(reverse("directory:review_detail", kwargs={"pk": change.pk})).content.decode()


def _outdated(offer: Offer) -> list[str]:
    fresh = Offer.objects.prefetch_related("translations").get(pk=offer.pk)
    return sorted(t.language for t in fresh.translations.all() if is_outdated(fresh, t))


def test_review_page_names_the_offer_by_its_title(client, head, provider, provider_user):
    offer = make_offer(head, provider, title="Nähcafé für alle")
    change = _propose(provider_user, offer, hours=parse_hours("Mi 10:00-12:00"))
    body = _review_page(client, head, change)
    assert 'dir="auto">Nähcafé für alle</a>' in body
    assert ">nahcafe-fur-alle</a>" not in body


def test_languages_in_another_order_are_no_change(client, head, provider, provider_user):
    offer = make_offer(head, provider, languages=["de", "ar", "tr"])
    change = _propose(provider_user, offer, languages=["tr", "de", "ar"])
    body = _review_page(client, head, change)
    assert "Sprachen</th>" not in body
    assert "Keine Unterschiede." in body


def test_languages_added_and_removed_are_marked(client, head, provider, provider_user):
    offer = make_offer(head, provider, languages=["de", "ar"])
    change = _propose(provider_user, offer, languages=["tr", "de"])
    body = _review_page(client, head, change)
    assert "Deutsch, <del>Arabisch</del>, <ins>Türkisch</ins>" in body


def test_opening_hours_are_compared_line_by_line(client, head, provider, provider_user):
    offer = make_offer(head, provider, hours=parse_hours("Mo 09:00-12:00\nMi 09:00-12:00"))
    change = _propose(
        provider_user, offer, hours=parse_hours("Mo 09:00-12:00\nMi 14:00-16:00\nSa 10:00-12:00")
    )
    body = _review_page(client, head, change)
    assert (
        "Mo 09:00-12:00<br><del>Mi 09:00-12:00<br></del>"
        "<ins>Mi 14:00-16:00<br>Sa 10:00-12:00<br></ins>" in body
    )


def test_hours_in_the_review_follow_the_reader_language(client, head, provider, provider_user):
    offer = make_offer(head, provider, hours=parse_hours("Mo 09:00-12:00"))
    change = _propose(provider_user, offer, hours=parse_hours("Di 09:00-12:00"))
    client.force_login(head)
    url = reverse("directory:review_detail", kwargs={"pk": change.pk})
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<del>Mon 09:00-12:00<br></del><ins>Tue 09:00-12:00<br></ins>" in body


def test_a_district_is_shown_by_name(client, head, provider, provider_user, town):
    marxloh = factories.district(town, "Marxloh", kind=District.Kind.QUARTER)
    offer = make_offer(head, provider)
    change = _propose(provider_user, offer, district_id=marxloh.pk)
    body = _review_page(client, head, change)
    assert "<td><del>–</del></td><td><ins>Marxloh</ins></td>" in body


def test_a_text_change_is_marked_word_by_word(client, head, provider, provider_user):
    offer = make_offer(head, provider)
    change = _propose(
        provider_user,
        offer,
        texts=OfferTexts("Deutschkurs für Frauen", "Deutschkurs für Frauen: abends erklärt."),
    )
    body = _review_page(client, head, change)
    assert "Deutschkurs für Frauen: <del>kurz</del><ins>abends</ins> erklärt." in body


# -- what approval will do, said before, and done after -----------------------------------


def test_hours_only_change_says_the_texts_stay_current(client, head, provider, provider_user):
    """The warning said "will be marked outdated" although nothing was marked."""
    offer = make_offer(head, provider, texts={"ar": "دورة", "tr": "Kurs"})
    change = _propose(provider_user, offer, hours=parse_hours("Di 17:00-19:30"))
    body = _review_page(client, head, change)
    assert "Die Texte ändern sich nicht: Die Übersetzungen bleiben, wie sie sind." in body
    assert "veraltet markiert" not in body
    services.offer_change_approve(actor=head, change=change)
    assert _outdated(offer) == []


def test_text_change_names_the_languages_it_outdates(client, head, provider, provider_user):
    offer = make_offer(head, provider, texts={"ar": "دورة", "tr": "Kurs"})
    change = _propose(provider_user, offer, texts=OfferTexts("Deutschkurs am Abend"))
    body = _review_page(client, head, change)
    assert (
        "Der Originaltext ändert sich: Die Texte auf Arabisch, Türkisch werden für die "
        "Übersetzung als veraltet markiert." in body
    )
    services.offer_change_approve(actor=head, change=change)
    assert _outdated(offer) == ["ar", "tr"]


@pytest.mark.parametrize(
    ("change_kind", "expected"),
    [
        ("hours", []),
        ("minor_text", []),
        ("major_text", ["ar", "tr"]),
        ("major_text_one_already_outdated", ["tr"]),
    ],
)
def test_effects_agree_with_the_outcome(head, provider, provider_user, change_kind, expected):
    """What the review page announces is what approval then does, in every case."""
    offer = make_offer(head, provider, texts={"ar": "دورة", "tr": "Kurs"})
    if change_kind == "major_text_one_already_outdated":
        fresh = _fresh(offer)
        services.offer_update(
            actor=head, offer=fresh, data=data_of(fresh), texts=OfferTexts("Zwischenstand")
        )
        services.offer_translation_save(
            actor=head, offer=offer, language="tr", texts=OfferTexts("Ara")
        )
    was_outdated = _outdated(offer)
    if change_kind == "hours":
        change = _propose(provider_user, offer, hours=parse_hours("Sa 10:00-12:00"))
    else:
        change = _propose(
            provider_user,
            offer,
            texts=OfferTexts("Deutschkurs, neu"),
            minor=change_kind == "minor_text",
        )
    effects = approval_effects(_fresh(offer), change)
    assert effects.outdated == expected
    services.offer_change_approve(actor=head, change=change)
    newly = sorted(set(_outdated(offer)) - set(was_outdated))
    assert newly == effects.outdated


# -- taking an offer offline ----------------------------------------------------------------


def test_provider_cannot_archive_a_published_offer_at_once(head, provider, provider_user):
    offer = make_offer(head, provider)
    result = services.offer_set_status(actor=provider_user, offer=offer, status=Status.ARCHIVED)
    assert result.status == Status.PUBLISHED
    assert Offer.objects.get(pk=offer.pk).status == Status.PUBLISHED
    change = OfferChange.objects.get(offer=offer, state=OfferChange.State.PENDING)
    assert change.data["status"] == Status.ARCHIVED
    assert approval_effects(_fresh(offer), change).status == Status.ARCHIVED
    services.offer_change_approve(actor=head, change=change)
    assert Offer.objects.get(pk=offer.pk).status == Status.ARCHIVED


def test_archive_request_keeps_a_pending_edit(head, provider, provider_user):
    offer = make_offer(head, provider)
    _propose(provider_user, offer, hours=parse_hours("Sa 10:00-12:00"))
    services.offer_set_status(actor=provider_user, offer=offer, status=Status.ARCHIVED)
    change = OfferChange.objects.get(offer=offer, state=OfferChange.State.PENDING)
    assert change.data["status"] == Status.ARCHIVED
    assert change.data["data"]["hours"] == "Sa 10:00-12:00"


def test_an_edit_after_an_archive_request_keeps_the_request(head, provider, provider_user):
    """Before: the later edit replaced the pending change, and the request to take the
    offer offline was silently gone."""
    offer = make_offer(head, provider)
    services.offer_set_status(actor=provider_user, offer=offer, status=Status.ARCHIVED)
    _propose(provider_user, offer, hours=parse_hours("Sa 10:00-12:00"))
    change = OfferChange.objects.get(offer=offer, state=OfferChange.State.PENDING)
    assert change.data["status"] == Status.ARCHIVED
    assert change.data["data"]["hours"] == "Sa 10:00-12:00"


def test_provider_archives_a_draft_at_once(head, provider, provider_user):
    offer = make_offer(head, provider, status=Status.DRAFT)
    services.offer_set_status(actor=provider_user, offer=offer, status=Status.ARCHIVED)
    assert Offer.objects.get(pk=offer.pk).status == Status.ARCHIVED
    assert not OfferChange.objects.filter(offer=offer).exists()


def test_without_review_rule_a_provider_archives_at_once(head, provider, provider_user, town):
    DirectorySettings.objects.create(municipality=town, review_provider_changes=False)
    offer = make_offer(head, provider)
    services.offer_set_status(actor=provider_user, offer=offer, status=Status.ARCHIVED)
    assert Offer.objects.get(pk=offer.pk).status == Status.ARCHIVED


def test_archive_request_through_the_pages(client, head, provider, provider_user):
    offer = make_offer(head, provider)
    client.force_login(provider_user)
    detail = reverse("directory:offer_detail", kwargs={"uuid": offer.uuid})
    assert (
        'value="archived">Offline-Nahme beantragen</button>' in client.get(detail).content.decode()
    )
    response = client.post(
        reverse("directory:offer_status", kwargs={"uuid": offer.uuid}),
        {"status": "archived"},
        follow=True,
    )
    assert "Antrag gesendet: Das KI prüft, ob das Angebot offline genommen wird." in (
        response.content.decode()
    )
    assert Offer.objects.get(pk=offer.pk).status == Status.PUBLISHED
    change = OfferChange.objects.get(offer=offer)
    body = _review_page(client, head, change)
    assert "Die Freigabe nimmt das Angebot offline" in body
    assert "<td><del>Veröffentlicht</del></td><td><ins>Archiviert</ins></td>" in body
    assert ">Freigeben: offline nehmen</button>" in body
    client.post(
        reverse("directory:review_detail", kwargs={"pk": change.pk}), {"approve": "1", "note": ""}
    )
    assert Offer.objects.get(pk=offer.pk).status == Status.ARCHIVED


# -- who proposed, who approved -------------------------------------------------------------


def test_history_names_proposer_and_approver(client, head, provider, provider_user):
    offer = make_offer(head, provider)
    change = _propose(provider_user, offer, hours=parse_hours("Sa 10:00-12:00"))
    services.offer_change_approve(actor=head, change=change)
    revision = OfferRevision.objects.filter(offer=offer).first()
    assert (revision.actor, revision.proposed_by) == (head, provider_user)
    client.force_login(head)
    body = client.get(
        reverse("directory:offer_history", kwargs={"uuid": offer.uuid})
    ).content.decode()
    assert f"vorgeschlagen von {provider_user}, freigegeben von {head}" in body
    assert ">Verlauf</h1>" in body


def test_a_change_decided_meanwhile_is_not_applied_twice(head, provider, provider_user, town):
    """Two people open the same pending change; the second approval (or refusal) finds it
    decided and changes nothing: one revision, one decision."""
    offer = make_offer(head, provider)
    change = _propose(provider_user, offer, hours=parse_hours("Sa 10:00-12:00"))
    other_head = factories.user(Role.HEAD_OF_KI, town)
    stale = OfferChange.objects.get(pk=change.pk)
    services.offer_change_approve(actor=head, change=change)
    revisions = OfferRevision.objects.filter(offer=offer).count()
    for decide in (
        lambda: services.offer_change_approve(actor=other_head, change=stale),
        lambda: services.offer_change_reject(actor=other_head, change=stale, note="nein"),
    ):
        with pytest.raises(ValidationError, match="schon entschieden"):
            decide()
    assert OfferRevision.objects.filter(offer=offer).count() == revisions
    change.refresh_from_db()
    assert (change.state, change.decided_by) == (OfferChange.State.APPROVED, head)


def test_archive_through_the_api_waits_for_review(client, head, provider, provider_user):
    offer = make_offer(head, provider)
    client.force_login(provider_user)
    response = client.post(
        f"/api/directory/offers/{offer.uuid}/status",
        {"status": "archived"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["result"] == "pending_review"
    assert Offer.objects.get(pk=offer.pk).status == Status.PUBLISHED
