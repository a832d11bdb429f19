"""A paper's page and API answer list every meeting that dealt with it, with the agenda
item and what was decided there; a meeting's page lists its agenda."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ankunft.core.models import Role
from ankunft.core.services import api_token_create
from tests.council import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(town):
    paper = cf.paper(town, name="Sprachcafé im Stadtteil")
    committee = cf.organization(town, name="Sozialausschuss")
    first = cf.meeting(town, committee, name="Sozialausschuss (öffentlich)")
    second = cf.meeting(town, committee, name="Gemeinderat (öffentlich)")
    cf.agenda_item(town, paper, first, number="4", result="vertagt")
    cf.agenda_item(town, paper, second, number="12", resolution_text="Der Rat beschließt …")
    return paper, first, second


def test_paper_page_lists_meetings_and_agenda_items(client, make_user, linked):
    paper, first, second = linked
    client.force_login(make_user(Role.FINANCE))
    html = client.get(reverse("council:paper_detail", args=[paper.pk])).content.decode()
    assert html.count('<tr class="consultation">') == 2
    for meeting in (first, second):
        assert reverse("council:meeting_detail", args=[meeting.pk]) in html
    assert "Item 4" in html or "TOP 4" in html
    assert "Der Rat beschließt …" in html
    assert f"Beschluss {paper.reference}" in html

    html = client.get(reverse("council:meeting_detail", args=[second.pk])).content.decode()
    assert 'id="agenda"' in html
    assert reverse("council:paper_detail", args=[paper.pk]) in html


def test_paper_api_has_agenda_items(client, town, make_user, linked):
    paper, _first, second = linked
    _token, key = api_token_create(user=make_user(Role.FINANCE), name="t")
    body = client.get(f"/api/council/papers/{paper.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    items = [i for c in body["consultations"] for i in c["agenda_items"]]
    assert sorted(i["number"] for i in items) == ["12", "4"]
    last = next(i for i in items if i["meeting_id"] == second.pk)
    assert last["resolution_text"] == "Der Rat beschließt …"
    assert last["files"][0]["role"] == "resolution"
    assert {c["meeting_name"] for c in body["consultations"]} == {
        "Sozialausschuss (öffentlich)",
        "Gemeinderat (öffentlich)",
    }
