"""The persons API: intake of a household, special categories per role, duplicates, merge,
legal domains, settings (every answer is checked against the OpenAPI document)."""

from __future__ import annotations

import pytest

from ankunft.cases.models import Case, Household, LegalDomainPeriod, Person
from ankunft.core.models import Role
from tests import factories
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(town):
    return factories.team(town)


def test_household_with_members_and_a_case(client, town, team):
    worker = factories.user(Role.CASE_WORKER, town, team=team)
    client.force_login(worker)
    body = {
        "label": "Familie Haddad",
        "address": "Weseler Straße 9",
        "members": [
            {"given_names": "Amina", "family_name": "Haddad", "birth": {"year": 1988, "month": 4},
             "nationalities": ["sy"], "languages": ["ar", "ku"]},
            {"given_names": "Omar", "family_name": "Haddad", "birth": {"year": 2016,
             "estimated": True}, "relation": "child"},
        ],
    }  # fmt: skip
    response = client.post("/api/cases/households", body, content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    amina = Person.objects.get(pk=data["person_ids"][0])
    assert (amina.nationalities, amina.languages, amina.birth) == (
        ["SY"],
        ["ar", "ku"],
        (1988, 4, None),
    )
    assert Case.objects.get(pk=data["case_id"]).person == amina
    before = Household.objects.count()
    body["members"][1]["birth"] = {"year": 2016, "month": 2, "day": 30}
    bad = client.post("/api/cases/households", body, content_type="application/json")
    assert bad.status_code == 400
    assert "Mitglied 2" in str(bad.json()["errors"]) or "Member 2" in str(bad.json()["errors"])
    assert Household.objects.count() == before
    body["members"][1]["birth"] = None
    body["members"][1]["nationalities"] = ["XX"]
    assert (
        client.post("/api/cases/households", body, content_type="application/json").status_code
        == 400
    )


def test_special_categories_only_for_case_roles(client, town, team):
    p = cf.person(town, team, health="Asthma")
    client.force_login(factories.user(Role.CASE_WORKER, town, team=team))
    assert client.get(f"/api/cases/persons/{p.pk}").json()["health"] == "Asthma"
    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    data = client.get(f"/api/cases/persons/{p.pk}").json()
    assert "health" not in data
    assert "religion" not in data
    assert data["birth"] == {"year": 1990, "month": None, "day": None, "estimated": False}


def test_patch_duplicates_merge_and_legal_domain(client, town, team):
    lead = factories.user(Role.TEAM_LEAD, town, team=team)
    client.force_login(lead)
    keep = cf.case(town, team, lead, given="Ivan", family="Petrov").person
    twin = cf.person(town, team, "Petrov", "Ivan", phone="0203 9")
    patched = client.patch(
        f"/api/cases/persons/{keep.pk}",
        {"email": "ivan@example.org"},
        content_type="application/json",
    )
    assert patched.json()["changed"] == ["email"]
    found = client.get(f"/api/cases/persons/{keep.pk}/duplicates").json()
    assert [c["person"]["id"] for c in found] == [twin.pk]
    merged = client.post(
        f"/api/cases/persons/{keep.pk}/merge",
        {"other_id": twin.pk},
        content_type="application/json",
    )
    assert merged.status_code == 200
    assert merged.json()["phone"] == "0203 9"
    assert not Person.objects.filter(pk=twin.pk).exists()
    same = client.post(
        f"/api/cases/persons/{keep.pk}/merge",
        {"other_id": keep.pk},
        content_type="application/json",
    )
    assert same.status_code == 400
    period = client.post(
        f"/api/cases/persons/{keep.pk}/legal-domains",
        {"domain": "sgb2", "start": "2025-01-01"},
        content_type="application/json",
    )
    assert period.status_code == 201
    assert LegalDomainPeriod.objects.get(person=keep).domain == "sgb2"


def test_list_search_and_settings(client, town, team):
    head = factories.user(Role.HEAD_OF_KI, town)
    client.force_login(head)
    ivan = cf.person(town, team, "Ivan", "Petrov")
    cf.person(town, team, "Amina", "Haddad")
    items = client.get("/api/cases/persons", {"q": "petr"}).json()["items"]
    assert [i["id"] for i in items] == [ivan.pk]
    settings = client.get("/api/cases/settings").json()
    assert "none" not in settings["residence_statuses"]
    settings["retention_days"] = 10
    assert (
        client.put("/api/cases/settings", settings, content_type="application/json").status_code
        == 400
    )
    settings.update(retention_days=400, residence_statuses=["permit"])
    saved = client.put("/api/cases/settings", settings, content_type="application/json").json()
    assert (saved["retention_days"], saved["residence_statuses"]) == (400, ["permit"])


def test_a_spelling_without_given_names_is_taken(client, town, team):
    """`spellings` items may leave out `given_names` (default ""): a 201, not a server error
    (found by the API fuzzing, tests/fuzz: the optional field was read as required)."""
    client.force_login(factories.user(Role.CASE_WORKER, town, team=team))
    body = {
        "given_names": "Ivan",
        "family_name": "Petrov",
        "spellings": [{"family_name": "Petrow"}],
    }
    response = client.post("/api/cases/persons", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["spellings"] == [{"given_names": "", "family_name": "Petrow"}]
    household = {"label": "Familie Petrov", "members": [body]}
    response = client.post("/api/cases/households", household, content_type="application/json")
    assert response.status_code == 201
