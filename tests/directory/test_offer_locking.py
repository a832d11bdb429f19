"""Two people edit the same offer: the second save is refused with what changed (theirs
against yours), the second person's input stays in the form, nothing is overwritten."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ankunft.core.locking import ConflictError
from ankunft.core.models import Role
from ankunft.directory import services
from ankunft.directory.models import Offer, OfferChange
from ankunft.directory.services import OfferTexts
from tests.directory.conftest import make_offer, offer_data
from tests.directory.test_api import PAYLOAD
from tests.directory.test_pages import FORM


def _title(offer: Offer) -> str:
    return Offer.objects.get(pk=offer.pk).translations.get(language="de").title


def _save(actor, offer, title, version):
    return services.offer_update(
        actor=actor,
        offer=Offer.objects.get(pk=offer.pk),
        data=offer_data(offer.provider),
        texts=OfferTexts(title=title),
        version=version,
    )


def test_a_save_based_on_an_older_version_is_refused_with_the_difference(head, provider):
    """Both read version 1; the first save wins and raises the version; the second is
    refused, listing the title saved meanwhile against the one typed, and saves nothing."""
    offer = make_offer(head, provider)
    assert offer.version == 1
    _save(head, offer, "Deutschkurs am Abend", 1)
    with pytest.raises(ConflictError) as refused:
        _save(head, offer, "Deutschkurs am Morgen", 1)
    assert refused.value.version == 2
    assert [(c.field, c.theirs, c.yours) for c in refused.value.conflicts] == [
        ("title", "Deutschkurs am Abend", "Deutschkurs am Morgen")
    ]
    assert _title(offer) == "Deutschkurs am Abend"
    assert Offer.objects.get(pk=offer.pk).version == 2
    _save(head, offer, "Deutschkurs am Morgen", 2)  # knowingly, with the version now saved
    assert _title(offer) == "Deutschkurs am Morgen"


def test_an_approved_change_outdates_open_forms_and_proposals_check_the_version(
    head, provider, provider_user
):
    """Approving a provider's change changes the offer: a form opened before it is refused.
    A provider's proposal based on an old version is refused too (the offer stays as it is)."""
    offer = make_offer(head, provider)
    change = _save(provider_user, offer, "Vorschlag", 1)
    assert isinstance(change, OfferChange)
    assert Offer.objects.get(pk=offer.pk).version == 1  # a proposal changes nothing yet
    services.offer_change_approve(actor=head, change=change)
    with pytest.raises(ConflictError):
        _save(head, offer, "Alter Stand", 1)
    with pytest.raises(ConflictError):
        _save(provider_user, offer, "Zweiter Vorschlag", 1)
    assert not OfferChange.objects.filter(state="pending").exists()


def test_the_api_answers_409_with_the_fields(client, head, provider):
    """PUT with the version read: 200 the first time, 409 (declared in the document, which
    the client checks) with `theirs`/`yours` for a second save based on the same version."""
    offer = make_offer(head, provider)
    client.force_login(head)
    url = f"/api/directory/offers/{offer.uuid}"
    version = client.get(url).json()["version"]
    first = {**PAYLOAD, "provider_id": provider.pk, "version": version}
    assert client.put(url, first, content_type="application/json").status_code == 200
    second = {**first, "texts": {"title": "Anders"}}
    response = client.put(url, second, content_type="application/json")
    assert response.status_code == 409
    body = response.json()
    assert body["version"] == version + 1
    assert {"field": "title", "label": "Titel", "theirs": "Nähcafé", "yours": "Anders"} in body[
        "conflicts"
    ]
    assert body["detail"] == ConflictError(version=1, conflicts=[]).message
    assert _title(offer) == "Nähcafé"


def test_the_page_shows_the_conflict_and_keeps_the_input(client, head, provider, make_user):
    """The second person's save: 409, a translated message, a table of the title saved
    meanwhile against theirs, their title still in the form with the new version."""
    offer = make_offer(head, provider)
    edit = reverse("directory:offer_edit", kwargs={"uuid": offer.uuid})
    client.force_login(head)
    opened = client.get(edit).content.decode()
    assert re.search(r'name="version" value="1"', opened)
    _save(make_user(Role.TEAM_LEAD), offer, "Sprachcafé", 1)
    typed = {**FORM, "provider": provider.pk, "version": "1"}
    response = client.post(edit, typed)
    body = response.content.decode()
    assert response.status_code == 409
    assert ConflictError(version=1, conflicts=[]).message in body
    assert '<td dir="auto">Sprachcafé</td><td dir="auto">Nähcafé</td>' in body
    assert 'value="Nähcafé"' in body
    assert re.search(r'name="version" value="2"', body)
    assert _title(offer) == "Sprachcafé"
    again = client.post(edit, {**typed, "version": "2"})
    assert again.status_code == 302
    assert _title(offer) == "Nähcafé"
