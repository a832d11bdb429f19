"""The directory's JSON API: public search without login, staff operations by role."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from ankunft.core.models import Role
from ankunft.directory.models import Offer, OfferChange
from tests import factories
from tests.directory.conftest import make_offer

pytestmark = pytest.mark.django_db


PAYLOAD = {
    "provider_id": None,
    "texts": {"title": "Nähcafé", "summary": "Nähen und Deutsch sprechen."},
    "fields": ["participation", "language"],
    "languages": ["de", "tr"],
    "hours": [{"weekday": 2, "opens": "10:00", "closes": "12:00"}],
    "exceptions": [{"date": "2026-12-24", "reason": "holiday"}],
    "street": "Weseler Straße 9",
    "city": "Duisburg",
}


def test_openapi_document_is_valid(client):
    validate(client.get("/api/openapi.json").json())


def test_public_search_without_login(client, town, offer):
    response = client.get(f"/api/directory/public/{town.slug}/offers?q=deutschkurs&lang=ar")
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 1
    item = data["items"][0]
    assert item["id"] == str(offer.uuid)
    assert item["title"] == "دورة لغة ألمانية للنساء"
    assert item["text_language"] == "ar"
    assert item["hours"][0] == {"weekday": 0, "opens": "09:00", "closes": "12:00"}


def test_public_offer_with_all_texts(client, town, offer):
    data = client.get(f"/api/directory/public/{town.slug}/offers/{offer.uuid}").json()
    assert {t["language"] for t in data["texts"]} == {"de", "ar"}
    assert data["fallback"] is False


def test_public_api_hides_drafts(client, town, head, provider):
    draft = make_offer(head, provider, status="draft")
    assert client.get(f"/api/directory/public/{town.slug}/offers/{draft.uuid}").status_code == 404


def test_staff_list_needs_login(client):
    assert client.get("/api/directory/offers").status_code == 401


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.HEAD_OF_KI, 201),
        (Role.TEAM_LEAD, 201),
        (Role.PROVIDER, 400),  # not their provider
        (Role.CASE_WORKER, 403),
        (Role.FINANCE, 403),
        (Role.DPO, 403),
    ],
)
def test_create_by_role(client, town, provider, role, status):
    client.force_login(factories.user(role, town))
    payload = {**PAYLOAD, "provider_id": provider.pk}
    response = client.post("/api/directory/offers", payload, content_type="application/json")
    assert response.status_code == status


def test_create_and_read(client, head, provider):
    client.force_login(head)
    response = client.post(
        "/api/directory/offers",
        {**PAYLOAD, "provider_id": provider.pk},
        content_type="application/json",
    )
    data = response.json()
    assert data["status"] == "draft"
    assert data["fields"] == ["participation", "language"]
    assert data["exceptions"] == [
        {"date": "2026-12-24", "reason": "holiday", "opens": None, "closes": None}
    ]
    assert client.get(f"/api/directory/offers/{data['id']}").json()["title"] == "Nähcafé"


def test_create_refuses_html_and_bad_hours(client, head, provider):
    client.force_login(head)
    payload = {
        **PAYLOAD,
        "provider_id": provider.pk,
        "texts": {"title": "<script>x</script>"},
        "hours": [{"weekday": 1, "opens": "12:00", "closes": "09:00"}],
    }
    response = client.post("/api/directory/offers", payload, content_type="application/json")
    assert response.status_code == 400
    assert "Öffnungszeiten: Jede Zeit muss öffnen, bevor sie schließt." in response.json()["errors"]


def test_provider_update_waits_for_review_then_ki_approves(client, head, provider, provider_user):
    offer = make_offer(head, provider)
    client.force_login(provider_user)
    payload = {**PAYLOAD, "provider_id": provider.pk}
    response = client.put(
        f"/api/directory/offers/{offer.uuid}", payload, content_type="application/json"
    )
    assert response.json()["result"] == "pending_review"
    change_id = response.json()["change_id"]
    assert (
        client.post(
            f"/api/directory/changes/{change_id}/approve", {}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(head)
    assert [c["id"] for c in client.get("/api/directory/changes").json()["items"]] == [change_id]
    response = client.post(
        f"/api/directory/changes/{change_id}/approve",
        {"note": "ok"},
        content_type="application/json",
    )
    assert response.json() == {"result": "approved", "change_id": change_id}
    assert Offer.objects.get(pk=offer.pk).translations.get(language="de").title == "Nähcafé"
    assert OfferChange.objects.get(pk=change_id).state == "approved"


def test_translation_and_queue(client, make_user, offer):
    client.force_login(make_user(Role.CASE_WORKER))
    queue = client.get("/api/directory/translation-queue?language=tr").json()["items"]
    assert queue == [
        {
            "offer_id": str(offer.uuid),
            "title": "Deutschkurs für Frauen",
            "language": "tr",
            "state": "missing",
        }
    ]
    response = client.put(
        f"/api/directory/offers/{offer.uuid}/texts/tr",
        {"title": "Kadınlar için Almanca kursu"},
        content_type="application/json",
    )
    assert response.json()["source_version"] == 1
    assert client.get("/api/directory/translation-queue?language=tr").json() == {
        "items": [],
        "next": None,
    }


def test_revisions_are_listed_and_audited(client, head, offer):
    client.force_login(head)
    data = client.get(f"/api/directory/offers/{offer.uuid}/revisions").json()
    assert [r["number"] for r in data] == [2, 1]
    assert data[1]["data"]["texts"]["de"]["title"] == "Deutschkurs für Frauen"


def test_other_municipality_gets_404(client, offer, other_town):
    client.force_login(factories.user(Role.HEAD_OF_KI, other_town))
    assert client.get(f"/api/directory/offers/{offer.uuid}").status_code == 404
