"""Two team leads reassign the same case at once: the second is refused with the worker
saved meanwhile against theirs; their choice stays in the form; nothing is overwritten."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ankunft.cases.models import Case
from ankunft.cases.services import steps
from ankunft.core.locking import ConflictError
from ankunft.core.models import Role
from tests import factories
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(town):
    class W:
        pass

    w = W()
    w.team = factories.team(town)
    w.lead = factories.user(Role.TEAM_LEAD, town, team=w.team, first_name="Tanja", last_name="Lead")
    w.lead2 = factories.user(Role.TEAM_LEAD, town, team=w.team)
    w.worker = factories.user(
        Role.CASE_WORKER, town, team=w.team, first_name="Ali", last_name="Eins"
    )
    w.anna = factories.user(
        Role.CASE_WORKER, town, team=w.team, first_name="Anna", last_name="Zwei"
    )
    w.bert = factories.user(
        Role.CASE_WORKER, town, team=w.team, first_name="Bert", last_name="Drei"
    )
    w.case = cf.case(town, w.team, w.worker, given="Ana", family="Popescu")
    return w


def _reassign(actor, case, worker, version):
    return steps.case_reassign(actor, Case.objects.get(pk=case.pk), worker, version=version)


def test_the_second_reassignment_of_the_same_version_is_refused(w):
    """Both read version 1: the first gives the case to Anna, the second (to Bert) is
    refused naming the worker saved meanwhile; the case stays with Anna."""
    _reassign(w.lead, w.case, w.anna, 1)
    with pytest.raises(ConflictError) as refused:
        _reassign(w.lead2, w.case, w.bert, 1)
    assert [(c.field, c.theirs, c.yours) for c in refused.value.conflicts] == [
        ("worker", str(w.anna), str(w.bert))
    ]
    case = Case.objects.get(pk=w.case.pk)
    assert (case.worker, case.version) == (w.anna, 2)
    assert case.events.filter(kind="reassigned").count() == 1


def test_the_api_answers_409(client, w):
    """POST …/reassign with the version read: 200, then 409 with the fields (checked
    against the document by the client)."""
    client.force_login(w.lead)
    read = client.get(f"/api/cases/cases/{w.case.pk}").json()
    url = f"/api/cases/cases/{w.case.pk}/reassign"
    first = {"worker_id": w.anna.pk, "version": read["version"]}
    assert client.post(url, first, content_type="application/json").json()["version"] == 2
    client.force_login(w.lead2)
    late = client.post(
        url, {"worker_id": w.bert.pk, "version": read["version"]}, content_type="application/json"
    )
    assert late.status_code == 409
    assert [(c["field"], c["yours"]) for c in late.json()["conflicts"]] == [("worker", str(w.bert))]
    assert Case.objects.get(pk=w.case.pk).worker == w.anna


def test_the_page_shows_the_conflict_and_keeps_the_choice(client, w):
    """The case page carries the version; a stale reassignment gets the conflict page (409)
    with Bert still chosen and the new version, and saving it again reassigns knowingly."""
    client.force_login(w.lead2)
    page = client.get(reverse("cases:case_detail", args=[w.case.pk])).content.decode()
    assert 'name="reassign-version" value="1"' in page
    _reassign(w.lead, w.case, w.anna, 1)
    url = reverse("cases:case_reassign", args=[w.case.pk])
    response = client.post(url, {"reassign-worker": w.bert.pk, "reassign-version": "1"})
    body = response.content.decode()
    assert response.status_code == 409
    assert ConflictError(version=1, conflicts=[]).message in body
    assert f'<td dir="auto">{w.anna}</td><td dir="auto">{w.bert}</td>' in body
    assert f'<option value="{w.bert.pk}" selected>' in body
    assert 'name="reassign-version" value="2"' in body
    assert Case.objects.get(pk=w.case.pk).worker == w.anna
    client.post(url, {"reassign-worker": w.bert.pk, "reassign-version": "2"})
    assert Case.objects.get(pk=w.case.pk).worker == w.bert
