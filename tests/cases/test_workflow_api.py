"""The workflow's API: a case walked from intake to closing, and the errors on the way
(400 with a translated message, nothing changed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ankunft.cases.models import Case, CaseEvent, Consent, Step
from ankunft.core.models import Role
from ankunft.measures.models import FieldOfAction
from ankunft.measures.services import field_of_action_defaults_ensure
from tests import factories
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def setup(client, town):
    team = factories.team(town)
    worker = factories.user(Role.CASE_WORKER, town, team=team)
    field_of_action_defaults_ensure(municipality=town)
    client.force_login(worker)
    return client, worker, cf.case(town, team, worker)


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_case_from_intake_to_closing(setup, town):
    client, worker, case = setup
    base = f"/api/cases/cases/{case.pk}"
    refused = post(client, f"{base}/step", {"to_step": "assessment"})
    assert refused.status_code == 400
    assert "Einwilligung" in refused.json()["errors"][0]
    consent = post(
        client,
        f"/api/cases/persons/{case.person_id}/consents",
        {
            "purpose": "case_management",
            "legal_basis": "consent",
            "form": "written",
            "given_on": str(TODAY),
        },
    )
    assert consent.status_code == 201
    assert post(client, f"{base}/step", {"to_step": "assessment"}).json()["step"] == "assessment"
    field = FieldOfAction.objects.filter(municipality=town).first()
    need = post(client, f"{base}/needs", {"field_of_action_id": field.pk, "urgency": "high"})
    assert need.status_code == 201
    assert post(client, f"{base}/step", {"to_step": "plan"}).status_code == 200
    due = str(TODAY + dt.timedelta(days=60))
    goal = post(
        client,
        f"{base}/goals",
        {"title": "B1", "due_on": due, "agreed_on": str(TODAY), "need_id": need.json()["id"]},
    )
    assert goal.status_code == 201
    assert post(client, f"{base}/step", {"to_step": "implementation"}).status_code == 200
    review = post(client, f"/api/cases/goals/{goal.json()['id']}/reviews", {"status": "achieved"})
    assert review.json()["status"] == "achieved"
    assert len(review.json()["reviews"]) == 1
    assert post(client, f"{base}/step", {"to_step": "evaluation"}).status_code == 200
    no_reason = post(client, f"{base}/close", {"outcome": "other"})
    assert no_reason.status_code == 400
    closed = post(client, f"{base}/close", {"outcome": "goals_met"})
    assert (closed.json()["step"], closed.json()["outcome"]) == ("closed", "goals_met")
    detail = client.get(base).json()
    assert [e["kind"] for e in detail["events"]].count("step") == 4
    assert {e["actor_id"] for e in detail["events"] if e["kind"] == "step"} == {worker.pk}
    assert detail["goals"][0]["reviews"][0]["status"] == "achieved"
    reopened = post(client, f"{base}/reopen", {"reason": "Neuer Bedarf"})
    assert reopened.json()["step"] == "evaluation"


def test_bad_consent_dates_are_refused_and_change_nothing(setup):
    client, _worker, case = setup
    url = f"/api/cases/persons/{case.person_id}/consents"
    body = {"purpose": "referrals", "legal_basis": "consent", "form": "oral"}
    future = post(client, url, {**body, "given_on": str(TODAY + dt.timedelta(days=1))})
    before = post(
        client,
        url,
        {**body, "given_on": str(TODAY), "valid_until": str(TODAY - dt.timedelta(days=1))},
    )
    assert (future.status_code, before.status_code) == (400, 400)
    assert "Zukunft" in future.json()["errors"][0]
    assert Consent.objects.count() == 0
    good = post(client, url, {**body, "given_on": str(TODAY - dt.timedelta(days=5))})
    consent_id = good.json()["id"]
    early = post(
        client,
        f"/api/cases/consents/{consent_id}/withdraw",
        {"on": str(TODAY - dt.timedelta(days=6))},
    )
    assert early.status_code == 400
    done = post(client, f"/api/cases/consents/{consent_id}/withdraw", {})
    assert done.json()["withdrawn_on"] == str(TODAY)
    listed = client.get(f"/api/cases/persons/{case.person_id}/consents").json()
    assert [c["withdrawn_on"] for c in listed] == [str(TODAY)]
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CONSENT).count() == 2


def test_list_filters_and_pages(setup, town):
    client, worker, case = setup
    other = cf.case(town, worker.team, None, given="Omar", family="Said")
    mine = client.get("/api/cases/cases", {"mine": True}).json()["items"]
    assert [c["id"] for c in mine] == [case.pk]
    page = client.get("/api/cases/cases", {"limit": 1}).json()
    assert len(page["items"]) == 1
    assert page["next"]
    rest = client.get("/api/cases/cases", {"limit": 1, "cursor": page["next"]}).json()
    assert {page["items"][0]["id"], rest["items"][0]["id"]} == {case.pk, other.pk}
    assert client.get("/api/cases/cases", {"step": "plan"}).json()["items"] == []


def test_open_a_case_and_reassign_by_the_team_lead(client, town):
    team = factories.team(town)
    lead = factories.user(Role.TEAM_LEAD, town, team=team)
    colleague = factories.user(Role.CASE_WORKER, town, team=team)
    person = cf.person(town, team)
    client.force_login(lead)
    opened = post(client, "/api/cases/cases", {"person_id": person.pk})
    assert opened.status_code == 201
    assert Case.objects.get(pk=opened.json()["id"]).step == Step.INTAKE
    url = f"/api/cases/cases/{opened.json()['id']}/reassign"
    assert post(client, url, {"worker_id": colleague.pk}).json()["worker_id"] == colleague.pk
    other_team = factories.team(town)
    refused = post(client, url, {"worker_id": colleague.pk, "team_id": other_team.pk})
    assert refused.status_code == 400
