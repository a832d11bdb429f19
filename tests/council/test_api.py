"""Council API: search with keyset pages, detail, create/update, decisions, bodies, meetings,
and the OpenAPI document."""

from __future__ import annotations

import datetime

import pytest
from openapi_spec_validator import validate

from ankunft.core.models import Role
from ankunft.core.services import api_token_create
from ankunft.council import services
from ankunft.council.models import Decision, Paper
from tests.council import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(town, make_user):
    _token, key = api_token_create(user=make_user(Role.FINANCE), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def handlers(monkeypatch):
    registered: list = []
    monkeypatch.setattr(services, "DECISION_ADOPTED_HANDLERS", registered)
    return registered


def test_council_operations_are_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").json()
    validate(spec)
    for path in (
        "/api/council/papers",
        "/api/council/papers/{paper_id}",
        "/api/council/papers/{paper_id}/decisions",
        "/api/council/motions/read",
        "/api/council/motions/confirm",
        "/api/council/organizations",
        "/api/council/meetings/{meeting_id}",
    ):
        assert path in spec["paths"]


def test_search_and_keyset_pages(client, town, auth):
    for day in range(1, 6):
        cf.paper(town, name=f"Marxloh {day}", date=datetime.date(2021, 1, day))
    cf.paper(town, name="Haushalt")
    first = client.get("/api/council/papers", {"q": "marxloh", "limit": 3}, **auth).json()
    assert [p["name"] for p in first["items"]] == ["Marxloh 5", "Marxloh 4", "Marxloh 3"]
    second = client.get(
        "/api/council/papers", {"q": "marxloh", "limit": 3, "cursor": first["next"]}, **auth
    ).json()
    assert [p["name"] for p in second["items"]] == ["Marxloh 2", "Marxloh 1"]
    assert second["next"] is None


def test_create_update_and_detail(client, town, auth):
    spd = cf.organization(town, short_name="SPD", kind="faction")
    related = cf.paper(town, reference="DS 21-0220")
    created = client.post(
        "/api/council/papers",
        {
            "name": "Antrag",
            "reference": "A 1",
            "originator_ids": [spd.pk],
            "related_paper_ids": [related.pk],
            "allocations": [{"year": 2022, "amount_eur": "100000.00"}],
        },
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201
    paper_id = created.json()["id"]
    updated = client.put(
        f"/api/council/papers/{paper_id}",
        {"name": "Antrag (geändert)", "reference": "A 1", "originator_ids": [spd.pk]},
        content_type="application/json",
        **auth,
    ).json()
    assert updated["name"] == "Antrag (geändert)"
    assert updated["allocations"] == [
        {"year": 2022, "amount_eur": "100000.00", "recurring": False, "kind": ""}
    ]
    assert updated["related_papers"] == []
    assert updated["originators"] == ["SPD"]


def test_unknown_or_foreign_originator_is_400(client, town, other_town, auth):
    foreign = cf.organization(other_town)
    response = client.post(
        "/api/council/papers",
        {"name": "Antrag", "originator_ids": [foreign.pk]},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 400
    assert Paper.objects.count() == 0


def test_record_decision_runs_handlers(client, town, auth, handlers):
    """The API records decisions through the same service: adopted → handlers run."""
    calls = []
    services.on_decision_adopted(lambda actor, decision: calls.append(decision.pk))
    paper = cf.paper(town, allocations=[(2022, "100000")])
    committee = cf.organization(town)
    response = client.post(
        f"/api/council/papers/{paper.pk}/decisions",
        {"outcome": "adopted", "date": "2021-11-18", "organization_id": committee.pk},
        content_type="application/json",
        **auth,
    )
    body = response.json()
    assert response.status_code == 201
    assert (body["outcome"], body["date"], body["organization"]["id"]) == (
        "adopted",
        "2021-11-18",
        committee.pk,
    )
    assert calls == [Decision.objects.get().pk]


def test_invalid_outcome_is_400(client, town, auth, handlers):
    response = client.post(
        f"/api/council/papers/{cf.paper(town).pk}/decisions",
        {"outcome": "approved"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 400


def test_organizations_and_meetings(client, town, auth):
    committee = cf.organization(town, name="Haupt- und Finanzausschuss", short_name="HFA")
    cf.organization(town, name="SPD-Fraktion", kind="faction")
    meeting = cf.meeting(town, committee, name="Sitzung HFA")
    organizations = client.get("/api/council/organizations", {"kind": "committee"}, **auth).json()
    assert [o["short_name"] for o in organizations] == ["HFA"]
    meetings = client.get("/api/council/meetings", **auth).json()
    assert [m["name"] for m in meetings["items"]] == ["Sitzung HFA"]
    assert meetings["next"] is None
    detail = client.get(f"/api/council/meetings/{meeting.pk}", **auth).json()
    assert detail["organizations"][0]["name"] == "Haupt- und Finanzausschuss"
