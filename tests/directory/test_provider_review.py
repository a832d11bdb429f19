"""A provider account's change of its organisation's details waits for the KI's review,
like its changes of published offers: the public pages, the public API and the open data
keep the approved name until a reviewer approves; a refusal keeps it for good."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ankunft.core.models import Role
from ankunft.directory import services
from ankunft.directory.models import Provider, ProviderChange, Status
from tests import factories
from tests.directory.conftest import make_offer

OLD, NEW = "Kulturverein Test e.V.", "Kulturzentrum Marxloh e.V."


def _form(provider: Provider, **changes) -> dict[str, str]:
    values = {
        "name": provider.name,
        "description": provider.description,
        "website": provider.website,
        "email": provider.email,
        "phone": provider.phone,
        "street": provider.street,
        "postcode": provider.postcode,
        "city": provider.city,
        "contact_person_name": provider.contact_person_name,
        "contact_person_phone": provider.contact_person_phone,
        "contact_person_email": provider.contact_person_email,
    }
    return {**values, **changes}


def _page(provider: Provider) -> str:
    return reverse("directory:provider_detail", kwargs={"pk": provider.pk})


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _public_names(client, town, offer) -> dict[str, bool]:
    """Where the new name shows to the public (page, API, open data JSON and HSDS)."""
    client.logout()
    page = client.get(
        reverse("directory:offer_short", kwargs={"municipality": town.slug, "uuid": offer.uuid})
    )
    page = client.get(page["Location"]) if page.status_code in (301, 302) else page
    api = client.get(f"/api/directory/public/{town.slug}/offers/{offer.uuid}").json()
    exports = {
        name: client.get(reverse(f"directory:{name}", kwargs={"municipality": town.slug}))
        for name in ("export_json", "export_hsds")
    }
    assert page.status_code == 200
    assert all(r.status_code == 200 for r in exports.values())
    return {
        "page": NEW in page.content.decode(),
        "api": api["provider"] == NEW,
        **{name: NEW in _body(r) for name, r in exports.items()},
    }


@pytest.fixture
def published(head, provider):
    return make_offer(head, provider, status=Status.PUBLISHED)


@pytest.fixture
def w(head, provider, provider_user, published, town):
    """The KI, the provider with a published offer and its account, the municipality."""

    class W:
        pass

    w = W()
    w.head, w.provider, w.member, w.offer, w.town = head, provider, provider_user, published, town
    return w


def _rename_as_provider(client, provider_user, provider):
    client.force_login(provider_user)
    response = client.post(_page(provider), _form(provider, name=NEW))
    assert response.status_code == 302
    return ProviderChange.objects.get(provider=provider, state="pending")


def test_rename_by_the_provider_waits_for_review_then_shows_everywhere(client, w):
    """The provider renames: nothing public changes, the review page shows the proposal word
    by word; after the KI approves, page, API, open data and HSDS show the new name."""
    head, provider, provider_user, published, town = w.head, w.provider, w.member, w.offer, w.town
    change = _rename_as_provider(client, provider_user, provider)
    assert Provider.objects.get(pk=provider.pk).name == OLD
    assert _public_names(client, town, published) == dict.fromkeys(
        ("page", "api", "export_json", "export_hsds"), False
    )
    client.force_login(head)
    listing = client.get(reverse("directory:review_list")).content.decode()
    assert f"{_page(provider)}#pending-change" in listing
    body = client.get(_page(provider)).content.decode()
    assert "<del>Kulturverein</del><ins>Kulturzentrum</ins> <del>Test</del><ins>Marxloh</ins>" in (
        body.replace("\n", "")
    ) or ("<del>Kulturverein Test</del><ins>Kulturzentrum Marxloh</ins>" in body)
    response = client.post(_page(provider), {"decision": "approve", "note": "passt"})
    assert response.status_code == 302
    assert Provider.objects.get(pk=provider.pk).name == NEW
    assert _public_names(client, town, published) == dict.fromkeys(
        ("page", "api", "export_json", "export_hsds"), True
    )
    change.refresh_from_db()
    assert (change.state, change.proposed_by, change.decided_by) == (
        "approved",
        provider_user,
        head,
    )
    assert (change.before["name"], change.data["name"]) == (OLD, NEW)


def test_refusal_keeps_the_approved_name_and_is_in_the_history(client, w):
    """A refused rename never reaches the public; the provider's page lists who proposed,
    who refused and why."""
    head, provider, provider_user, published, town = w.head, w.provider, w.member, w.offer, w.town
    change = _rename_as_provider(client, provider_user, provider)
    client.force_login(head)
    assert client.post(_page(provider), {"decision": "reject", "note": ""}).status_code == 200
    assert ProviderChange.objects.get(pk=change.pk).state == "pending"  # a reason is needed
    client.post(_page(provider), {"decision": "reject", "note": "Name bitte mit Satzung belegen"})
    assert Provider.objects.get(pk=provider.pk).name == OLD
    assert _public_names(client, town, published)["api"] is False
    client.force_login(provider_user)
    history = client.get(_page(provider)).content.decode()
    assert "Name bitte mit Satzung belegen" in history
    assert "abgelehnt" in history
    change.refresh_from_db()
    assert (change.state, change.decided_by) == ("rejected", head)


def test_the_ki_saves_at_once_as_for_offers(client, head, provider, published, town):
    """Who manages the directory edits directly, as with offers: no review, public at once."""
    client.force_login(head)
    assert client.post(_page(provider), _form(provider, name=NEW)).status_code == 302
    assert Provider.objects.get(pk=provider.pk).name == NEW
    assert not ProviderChange.objects.exists()
    assert _public_names(client, town, published)["api"] is True


def test_rules_of_offers_apply(head, provider, provider_user, town):
    """As for offers: no review while nothing of the provider is public (drafts only) or
    where the municipality does not review providers' changes; a newer proposal replaces
    the pending one."""
    make_offer(head, provider, status=Status.DRAFT)
    assert services.provider_update(actor=provider_user, provider=provider, name=NEW) is None
    assert Provider.objects.get(pk=provider.pk).name == NEW
    make_offer(head, provider, "Nähcafé", status=Status.PUBLISHED)
    first = services.provider_update(actor=provider_user, provider=provider, name="Erster")
    second = services.provider_update(actor=provider_user, provider=provider, name="Zweiter")
    assert first is not None
    assert second is not None
    assert first.pk == second.pk
    assert ProviderChange.objects.get().data["name"] == "Zweiter"
    services.directory_settings_update(actor=head, review_provider_changes=False)
    assert services.provider_update(actor=provider_user, provider=provider, name="Dritter") is None
    assert Provider.objects.get(pk=provider.pk).name == "Dritter"


def test_a_proposal_is_checked_when_made(head, provider, provider_user, published):
    """A name another provider has is refused at once, not at approval."""
    services.provider_create(actor=head, name="Bildungswerk e.V.")
    with pytest.raises(Exception, match=r"existiert bereits|already exists"):
        services.provider_update(actor=provider_user, provider=provider, name="Bildungswerk e.V.")
    assert not ProviderChange.objects.exists()


def test_who_may_decide(client, make_user, w, other_town):
    """The provider itself cannot approve its own change, nor a case worker (no access to
    providers) nor the KI of another municipality (the provider does not exist there); the
    team lead of the KI may. Another provider account does not see the change."""
    head, provider, provider_user = w.head, w.provider, w.member
    change = _rename_as_provider(client, provider_user, provider)
    client.post(_page(provider), {"decision": "approve", "note": ""})
    assert ProviderChange.objects.get(pk=change.pk).state == "pending"
    client.force_login(make_user(Role.CASE_WORKER))
    assert client.post(_page(provider), {"decision": "approve"}).status_code == 403
    client.force_login(factories.user(Role.HEAD_OF_KI, other_town))
    assert client.post(_page(provider), {"decision": "approve"}).status_code == 404
    other_provider_user = make_user(Role.PROVIDER)
    services.provider_member_add(
        actor=head,
        provider=services.provider_create(actor=head, name="Anderer Verein"),
        user=other_provider_user,
    )
    client.force_login(other_provider_user)
    assert client.get(_page(provider)).status_code == 404
    assert "Kulturverein" not in client.get(reverse("directory:review_list")).content.decode()
    assert ProviderChange.objects.get(pk=change.pk).state == "pending"
    assert Provider.objects.get(pk=provider.pk).name == OLD
    client.force_login(make_user(Role.TEAM_LEAD))
    client.post(_page(provider), {"decision": "approve", "note": ""})
    assert Provider.objects.get(pk=provider.pk).name == NEW


def test_the_api_follows_the_same_review(client, w):
    """PATCH as the provider: `pending_review`, the public API keeps the old name; the
    provider cannot approve (403); the KI lists and approves it; a second proposal is
    refused through the API and the name stays (answers checked against the document)."""
    head, provider, provider_user, published, town = w.head, w.provider, w.member, w.offer, w.town
    client.force_login(provider_user)
    url = f"/api/directory/providers/{provider.pk}"
    response = client.patch(url, {"name": NEW}, content_type="application/json")
    assert response.json()["result"] == "pending_review"
    change_id = response.json()["change_id"]
    approve = f"/api/directory/provider-changes/{change_id}/approve"
    assert client.post(approve, {}, content_type="application/json").status_code == 403
    public = f"/api/directory/public/{town.slug}/offers/{published.uuid}"
    assert client.get(public).json()["provider"] == OLD
    client.force_login(head)
    listed = client.get("/api/directory/provider-changes").json()["items"]
    assert [(c["id"], c["before"]["name"], c["data"]["name"]) for c in listed] == [
        (change_id, OLD, NEW)
    ]
    assert client.post(approve, {"note": "ok"}, content_type="application/json").json() == {
        "result": "approved",
        "change_id": change_id,
    }
    assert client.get(public).json()["provider"] == NEW
    client.force_login(provider_user)
    second = client.patch(url, {"name": "Noch anders"}, content_type="application/json").json()
    client.force_login(head)
    refuse = f"/api/directory/provider-changes/{second['change_id']}/reject"
    assert client.post(refuse, {"note": ""}, content_type="application/json").status_code == 400
    assert client.post(refuse, {"note": "Nein"}, content_type="application/json").status_code == 200
    assert client.get(public).json()["provider"] == NEW


def test_approval_applies_only_what_the_provider_changed(w):
    """The KI changes the phone after the provider proposed a new name: approving the name
    keeps the KI's phone (the proposal's copy of the old phone is not written back)."""
    change = services.provider_update(actor=w.member, provider=w.provider, name=NEW)
    fresh = Provider.objects.get(pk=w.provider.pk)
    services.provider_update(actor=w.head, provider=fresh, phone="0203 99 88 77")
    phone = Provider.objects.get(pk=w.provider.pk).phone
    assert phone
    services.provider_change_approve(actor=w.head, change=ProviderChange.objects.get(pk=change.pk))
    saved = Provider.objects.get(pk=w.provider.pk)
    assert (saved.name, saved.phone) == (NEW, phone)


def test_saving_unchanged_details_asks_no_review(client, w):
    """A provider account that saves its details as they are makes nothing for the KI to
    review (no empty proposal in the KI's list)."""
    client.force_login(w.member)
    assert client.post(_page(w.provider), _form(w.provider)).status_code == 302
    assert not ProviderChange.objects.exists()


def test_a_second_edit_starts_from_the_pending_proposal(client, w):
    """The provider's form shows its pending proposal: changing the phone afterwards keeps
    the proposed name (a second save replaces the proposal, it must not drop the name)."""
    change = _rename_as_provider(client, w.member, w.provider)
    body = client.get(_page(w.provider)).content.decode()
    assert f'value="{NEW}"' in body
    client.post(_page(w.provider), _form(w.provider, name=NEW, phone="0203 11 22 33"))
    change.refresh_from_db()
    assert (change.state, change.data["name"], change.data["phone"]) == (
        "pending",
        NEW,
        "0203 11 22 33",
    )
    assert Provider.objects.get(pk=w.provider.pk).name == OLD


def test_a_decision_without_the_right_or_without_a_pending_change(client, w):
    """The provider posting a decision on its own change is refused (403, nothing changes);
    a decision when nothing waits (already decided) says so instead of a silent page."""
    change = _rename_as_provider(client, w.member, w.provider)
    assert client.post(_page(w.provider), {"decision": "approve"}).status_code == 403
    assert ProviderChange.objects.get(pk=change.pk).state == "pending"
    client.force_login(w.head)
    client.post(_page(w.provider), {"decision": "approve", "note": ""})
    again = client.post(_page(w.provider), {"decision": "reject", "note": "zu spät"}, follow=True)
    assert "Über diese Änderung wurde schon entschieden." in again.content.decode()
    assert ProviderChange.objects.get(pk=change.pk).state == "approved"


def test_approved_rename_reaches_cached_result_pages_and_the_search(client, w):
    """An anonymous reader's cached result page is renewed when the KI approves a rename,
    and the offers are found by the provider's new name (their search documents carry it)."""
    url = f"/offers/{w.town.slug}/search/"
    before = client.get(url, {"q": "Marxloh"}).content
    change = _rename_as_provider(client, w.member, w.provider)
    client.logout()
    assert client.get(url, {"q": "Marxloh"}).content == before  # pending: nothing public
    services.provider_change_approve(actor=w.head, change=ProviderChange.objects.get(pk=change.pk))
    after = client.get(url, {"q": "Marxloh"}).content
    assert after != before
    assert str(w.offer.uuid) in after.decode()
    assert str(w.offer.uuid) not in before.decode()


def test_review_list_pages_providers_changes_on_their_own(client, w):
    """Decided providers' changes add up: the review list pages them with a cursor of their
    own (`provider_after`), beside the offers' changes."""
    second = services.provider_create(actor=w.head, name="Zweiter Verein")
    make_offer(w.head, second, "Sprachcafé", status=Status.PUBLISHED)
    assert services.provider_update(actor=w.member, provider=w.provider, name=NEW) is not None
    ProviderChange.objects.create(
        municipality=w.town, provider=second, before={}, data={"name": "Zweiter Verein Neu"}
    )
    client.force_login(w.head)
    body = client.get(reverse("directory:review_list"), {"limit": 10}).content.decode()
    assert body.count("#pending-change") == 2
    first = client.get(reverse("directory:review_list"), {"limit": 1})
    assert first.content.decode().count("#pending-change") == 1
    assert first.context["provider_page"].next
    rest = client.get(
        reverse("directory:review_list"),
        {"limit": 1, "provider_after": first.context["provider_page"].next},
    ).content.decode()
    assert rest.count("#pending-change") == 1


def test_review_pages_in_english_and_german(client, w):
    """The provider's page with a pending change and the review list speak the reader's
    language (German by default, English when chosen)."""
    _rename_as_provider(client, w.member, w.provider)
    client.force_login(w.head)
    german = client.get(_page(w.provider)).content.decode()
    assert "Änderung wartet auf Prüfung" in german
    assert "Angaben der Träger" in client.get(reverse("directory:review_list")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(_page(w.provider)).content.decode()
    assert "Change waiting for review" in english
    assert "Approve and publish" in english
    assert "Providers' details" in client.get(reverse("directory:review_list")).content.decode()


def test_map_settings_renew_cached_result_pages(client, w):
    """Whether the result page links the map is part of the cached page: saving the
    directory's settings renews it."""
    from ankunft.directory.search import version_of  # noqa: PLC0415

    before = version_of(w.town.pk)
    services.directory_settings_update(
        actor=w.head, tile_url="https://tiles.example/{z}/{x}/{y}.png", review_interval_days=365
    )
    assert version_of(w.town.pk) == before + 1


def test_review_list_queries_do_not_grow_with_providers_changes(client, w):
    """The review list costs the same number of queries for one provider's change as for
    three (names through `select_related`, one page query per list)."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    client.force_login(w.head)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("directory:review_list")).status_code == 200
        return len(queries)

    services.provider_update(actor=w.member, provider=w.provider, name=NEW)
    one = count()
    for name in ("Zweiter Verein", "Dritter Verein"):
        other = services.provider_create(actor=w.head, name=name)
        ProviderChange.objects.create(
            municipality=w.town, provider=other, before={}, data={"name": name + " Neu"}
        )
    assert count() == one
