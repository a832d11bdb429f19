"""ankunft's own OParl 1.1 endpoint: every object validates against the official schemas,
lists page by keyset and filter by modified_since/until, deleted objects are shown to a
client asking for changes, and only public council data leaves the app."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from ankunft.council.models import CouncilSettings
from tests.council import oparl_schema, oparl_world
from tests.council.oparl_schema import T

pytestmark = pytest.mark.django_db

KINDS = (
    "organizations", "people", "memberships", "meetings", "agenda-items", "papers",
    "consultations", "files", "locations",
)  # fmt: skip


@pytest.fixture
def world(town):
    return oparl_world.build(town)


def get(client, url: str, **params: str) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def walk(client, url: str, **params: str) -> list[dict[str, Any]]:
    """Every object of a list, following links.next."""
    found: list[dict[str, Any]] = []
    page = get(client, url, **params)
    while True:
        found.extend(page["data"])
        following = page["links"].get("next")
        if not following:
            return found
        page = get(client, following)


def everything(client, town) -> dict[str, list[dict[str, Any]]]:
    body = get(client, reverse("oparl:body", kwargs={"body": town.slug}))
    return {kind: walk(client, reverse("oparl:list", kwargs={"body": town.slug, "kind": kind}))
            for kind in KINDS} | {"body": [body]}  # fmt: skip


def test_every_object_validates_against_the_oparl_schemas(client, town, world):
    system = get(client, reverse("oparl:system"))
    bodies = get(client, system["body"])
    found = everything(client, town)
    objects = [system, *bodies["data"], *(o for objs in found.values() for o in objs)]
    problems = [e for obj in objects for e in oparl_schema.errors(obj)]
    assert problems == []
    # Nothing but what the schemas name: no field of ankunft's own leaves the app.
    extra = [
        (obj["id"], key)
        for obj in objects
        for key in obj
        if key not in oparl_schema.schema(obj["type"].removeprefix(T))["properties"]
    ]
    assert extra == []
    # Each object answers at its own URL, the same as in its list.
    for kind in ("meetings", "papers", "agenda-items", "files", "people"):
        for obj in found[kind]:
            assert get(client, obj["id"]) == obj
    assert {len(found[k]) for k in ("meetings", "people", "memberships")} == {2, 1}


def test_papers_embed_their_files_consultations_and_the_published_report(client, town, world):
    papers = {p["name"]: p for p in everything(client, town)["papers"]}
    paper = papers[world.paper.name]
    assert paper["mainFile"]["name"] == "Antrag"
    assert [f["name"] for f in paper["auxiliaryFile"]] == ["Anlage 1"]
    assert paper["consultation"][0]["meeting"].endswith(f"/meetings/{world.meeting.pk}/")
    assert paper["originatorOrganization"] == [
        f"http://testserver/oparl/bodies/{town.slug}/organizations/{world.faction.pk}/"
    ]
    report = papers[world.seed.name]["auxiliaryFile"]
    assert [f["mimeType"] for f in report] == ["application/pdf"]
    assert "/reports/public/" in report[0]["accessUrl"]
    assert world.deleted.name not in papers  # a deleted paper only for a change client


def test_meetings_embed_location_files_and_agenda_closed_items_show_no_content(client, town, world):
    meetings = {m["name"]: m for m in everything(client, town)["meetings"]}
    meeting = meetings[world.meeting.name]
    assert meeting["location"]["room"] == "Ratssaal"
    assert meeting["invitation"]["name"] == "Einladung"
    first, closed = meeting["agendaItem"]
    assert first["resolutionFile"]["name"] == "Beschluss Ö 1"
    assert first["result"] == "einstimmig zugestimmt"
    assert closed == {
        "id": closed["id"], "type": T + "AgendaItem", "number": "N 1", "order": 2,
        "public": False,
    }  # fmt: skip
    assert meetings["Rat – 4. Sitzung"]["location"]["description"] == "Rathaus, Ratssaal"


def test_pages_follow_the_keyset_and_filters_keep_to_the_window(client, town, world):
    url = reverse("oparl:list", kwargs={"body": town.slug, "kind": "papers"})
    first = get(client, url, limit="1")
    assert len(first["data"]) == 1
    assert "limit=1" in first["links"]["next"]
    assert len(walk(client, url, limit="1")) == len(walk(client, url)) == 2
    since = oparl_world.MODIFIED.isoformat()
    changed = walk(client, url, modified_since=since)
    # The deleted paper comes to a client asking for changes, as deleted.
    assert {(p.get("name"), p.get("deleted")) for p in changed} >= {
        (world.paper.name, None),
        (None, True),
    }
    later = (oparl_world.MODIFIED + dt.timedelta(days=1)).isoformat()
    assert world.paper.name not in {p.get("name") for p in walk(client, url, modified_since=later)}
    earlier = (oparl_world.MODIFIED - dt.timedelta(days=1)).isoformat()
    assert world.paper.name not in {
        p.get("name") for p in walk(client, url, modified_until=earlier)
    }
    deleted = get(client, f"{url}{world.deleted.pk}/")
    assert deleted["deleted"] is True
    assert "name" not in deleted
    assert client.get(url, {"after": "forged"}).status_code == 400
    assert client.get(url, {"modified_since": "yesterday"}).status_code == 400
    assert client.get(url, {"limit": "500"}).status_code == 400


def test_public_cacheable_read_only_and_persons_only_where_published(client, town, world):
    url = reverse("oparl:list", kwargs={"body": town.slug, "kind": "people"})
    response = client.get(url)
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post(url).status_code == 405
    CouncilSettings.objects.create(municipality=town, persons=False)
    assert get(client, url)["data"] == []
    person = reverse(
        "oparl:object", kwargs={"body": town.slug, "kind": "people", "pk": world.person.pk}
    )
    assert client.get(person).status_code == 404
    assert (
        client.get(reverse("oparl:list", kwargs={"body": town.slug, "kind": "cases"})).status_code
        == 404
    )
    assert client.get(reverse("oparl:body", kwargs={"body": "nowhere"})).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"after": "forged"},
        {"modified_since": "yesterday"},
        {"modified_until": "2026-13-45T00:00:00"},
        {"limit": "500"},
        {"limit": "many"},
    ],
)
def test_bad_parameters_are_answered_in_json_and_translated(client, town, world, params):
    url = reverse("oparl:list", kwargs={"body": town.slug, "kind": "papers"})
    english = client.get(url, params, headers={"accept-language": "en"})
    assert english.status_code == 400
    assert english["Content-Type"] == "application/json"
    assert english.json()["error"]
    german = client.get(url, params, headers={"accept-language": "de"})
    assert german.status_code == 400
    assert german.json()["error"] != english.json()["error"]


def test_unknown_bodies_kinds_and_objects_are_answered_in_json(client, town, world):
    for url in (
        reverse("oparl:body", kwargs={"body": "nowhere"}),
        reverse("oparl:list", kwargs={"body": town.slug, "kind": "cases"}),
        reverse("oparl:object", kwargs={"body": town.slug, "kind": "papers", "pk": 10**9}),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json", url
        assert response.json()["error"], url
    german = client.get(
        reverse("oparl:body", kwargs={"body": "nowhere"}), headers={"accept-language": "de"}
    )
    assert german.json() == {"error": "Nicht gefunden."}
