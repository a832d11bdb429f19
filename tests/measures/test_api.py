"""API: tenant isolation, writes through the same services (role × status:
tests/access_matrix.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ankunft.core.models import Role
from ankunft.measures.models import Barrier, IndicatorValue, Measure
from ankunft.measures.services.barriers import barrier_report
from tests.measures import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(town):
    w = builders.chain_world(town)
    return w, barrier_report(actor=None, municipality=town, title="Wartezeiten")


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_other_towns_records_are_404(client, town, other_town, make_user):
    w = builders.chain_world(other_town)
    barrier = barrier_report(actor=None, municipality=other_town, title="Anderswo")
    client.force_login(make_user(Role.HEAD_OF_KI))
    for url in (
        f"/api/measures/measures/{w.first_contact.pk}",
        f"/api/measures/indicators/{w.advised.pk}",
        f"/api/measures/chain/{w.decision.pk}",
    ):
        assert client.get(url).status_code == 404
    assert (
        _post(client, f"/api/measures/barriers/{barrier.pk}/priority", {"priority": 1}).status_code
        == 404
    )
    assert client.get("/api/measures/measures").json()["items"] == []


def test_create_measure_with_links(client, town, world, make_user):
    w, _barrier = world
    hamborn = builders.district(town, "Hamborn")
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = _post(
        client,
        "/api/measures/measures",
        {
            "concept_id": w.first_contact.concept_id,
            "title": "Quartierslotsen",
            "status": "running",
            "districts": [hamborn.pk],
            "decisions": [w.decision.pk],
            "budget_lines": [w.lines[0].pk],
            "partners": ["Caritas"],
            "direct_costs": "18000",
        },
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["title"], data["districts"], data["partners"], data["direct_costs"]) == (
        "Quartierslotsen", [hamborn.pk], ["Caritas"], 18000,
    )  # fmt: skip
    assert Measure.objects.get(title="Quartierslotsen").decisions.get() == w.decision


def test_create_measure_refuses_foreign_ids(client, town, other_town, world, make_user):
    w, _barrier = world
    foreign = builders.district(other_town, "Fremd")
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = _post(
        client,
        "/api/measures/measures",
        {"concept_id": w.first_contact.concept_id, "title": "X", "districts": [foreign.pk]},
    )
    assert response.status_code == 400
    assert not Measure.objects.filter(title="X").exists()


def test_measure_detail_and_value_api(client, town, world, make_user):
    w, _barrier = world
    client.force_login(make_user(Role.TEAM_LEAD))
    detail = client.get(f"/api/measures/measures/{w.first_contact.pk}").json()
    assert [(a["position"], a["percent"]) for a in detail["allocations"]] == [
        ("Fachkraft Integration", 60)
    ]
    assert detail["indicators"][0]["latest"] == 42
    assert detail["indicators"][0]["light"] == "green"
    bad = _post(
        client,
        f"/api/measures/indicators/{w.advised.pk}/values",
        {"period": "2022-13", "value": "1"},
    )
    assert bad.status_code == 400
    ok = _post(
        client,
        f"/api/measures/indicators/{w.advised.pk}/values",
        {"period": "06/2022", "value": "12,5"},
    )
    assert ok.json()["value"] == 12.5
    assert IndicatorValue.objects.filter(indicator=w.advised).count() == 3


def test_allocation_api(client, town, world, make_user):
    w, _barrier = world
    client.force_login(make_user(Role.HEAD_OF_KI))
    url = f"/api/measures/measures/{w.first_contact.pk}/allocations"
    too_much = _post(
        client, url, {"position_id": w.half.pk, "percent": "10", "valid_from": "2023-02-01"}
    )
    assert too_much.status_code == 400
    spare = builders.position(town, "Reserve", "1.00", [], dt.date(2022, 1, 1))
    ok = _post(
        client,
        url,
        {
            "position_id": spare.pk,
            "percent": "10",
            "valid_from": "2022-01-01",
            "valid_until": "2022-03-31",
        },
    )
    assert ok.status_code == 201
    assert ok.json()["percent"] == 10


def test_barrier_answer_and_status_api(client, town, world, make_user):
    w, barrier = world
    client.force_login(make_user(Role.HEAD_OF_KI))
    premature = _post(client, f"/api/measures/barriers/{barrier.pk}/status", {"status": "answered"})
    assert premature.status_code == 400
    answered = _post(
        client, f"/api/measures/barriers/{barrier.pk}/answer", {"measure_id": w.school.pk}
    )
    assert (answered.json()["status"], answered.json()["measures"]) == ("answered", [w.school.pk])
    done = _post(
        client,
        f"/api/measures/barriers/{barrier.pk}/status",
        {"status": "resolved", "response": "Erledigt"},
    )
    assert done.json()["status"] == Barrier.Status.RESOLVED
    listed = client.get("/api/measures/barriers", {"open_only": "true"}).json()
    assert listed["items"] == []


def test_openapi_document_lists_measures_paths(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/measures/chain/{decision_id}" in paths
    assert "/api/measures/indicator-values/import" in paths
