"""The work list: each kind of item for the right users only, next due first, in a constant
number of queries; the page, the API and the start-page panel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ankunft.cases.models import (
    Appointment,
    CaseSettings,
    Consent,
    Goal,
    LegalDomainPeriod,
    Referral,
)
from ankunft.cases.selectors import worklist as wl
from ankunft.core.models import AuditEntry, Role
from ankunft.directory import services as directory
from tests import factories
from tests.cases import factories as cf
from tests.directory.conftest import make_offer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@dataclass
class W:
    cw: Any
    colleague: Any
    cw_b: Any
    lead: Any
    offer: Any


def _world(town: Any, make_user: Any) -> W:
    team_a, team_b = factories.team(town, "Team A"), factories.team(town, "Team B")
    head = make_user(Role.HEAD_OF_KI)
    provider = directory.provider_create(actor=head, name="Verein Beispiel e.V.")
    return W(
        cw=make_user(Role.CASE_WORKER, team=team_a),
        colleague=make_user(Role.CASE_WORKER, team=team_a),
        cw_b=make_user(Role.CASE_WORKER, team=team_b),
        lead=make_user(Role.TEAM_LEAD, team=team_a),
        offer=make_offer(head, provider),
    )


def _every_kind(town: Any, worker: Any, offer: Any, family: str = "Popescu") -> Any:
    """A case of `worker` with one item of each kind."""
    case = cf.case(
        town,
        worker.team,
        worker,
        family=family,
        opened_on=TODAY - dt.timedelta(days=100),
        residence_valid_until=TODAY + dt.timedelta(days=20),
    )
    case.last_contact_on = TODAY - dt.timedelta(weeks=8)
    case.save()
    start = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(10, 0)))
    m = town.pk
    Appointment.objects.create(
        municipality_id=m, case=case, kind="consultation", starts_at=start,
        ends_at=start + dt.timedelta(hours=1), worker=worker, place="Büro",
    )  # fmt: skip
    Appointment.objects.create(
        municipality_id=m, case=case, kind="phone", starts_at=start,
        ends_at=start + dt.timedelta(hours=1), worker=worker, cancelled_at=timezone.now(),
    )  # fmt: skip
    Goal.objects.create(
        municipality_id=m, case=case, title="Deutschkurs A1 beginnen",
        due_on=TODAY - dt.timedelta(days=3),
    )  # fmt: skip
    Goal.objects.create(
        municipality_id=m, case=case, title="Erledigt", due_on=TODAY - dt.timedelta(days=3),
        status="achieved",
    )  # fmt: skip
    Consent.objects.create(
        municipality_id=m, person=case.person, purpose="referrals", legal_basis="consent",
        form="written", given_on=TODAY - dt.timedelta(days=300),
        valid_until=TODAY + dt.timedelta(days=10),
    )  # fmt: skip
    Consent.objects.create(
        municipality_id=m, person=case.person, purpose="interpreting", legal_basis="consent",
        form="written", given_on=TODAY - dt.timedelta(days=300),
        valid_until=TODAY + dt.timedelta(days=10), withdrawn_on=TODAY - dt.timedelta(days=1),
    )  # fmt: skip
    LegalDomainPeriod.objects.create(
        municipality_id=m, person=case.person, domain="asylblg",
        start=TODAY - dt.timedelta(days=400), end=TODAY + dt.timedelta(days=12),
    )  # fmt: skip
    answered = timezone.now() - dt.timedelta(days=1)
    Referral.objects.create(
        municipality_id=m, case=case, offer=offer, purpose="Sprachkurs", status="accepted",
        sent_at=answered - dt.timedelta(days=2), answered_at=answered,
    )  # fmt: skip
    Referral.objects.create(
        municipality_id=m, case=case, offer=offer, purpose="Gesehen", status="declined",
        sent_at=answered, answered_at=answered, seen_at=answered,
    )  # fmt: skip
    return case


ALL_KINDS = {
    wl.Kind.APPOINTMENT, wl.Kind.GOAL, wl.Kind.CONSENT, wl.Kind.RESIDENCE,
    wl.Kind.LEGAL_DOMAIN, wl.Kind.NO_CONTACT, wl.Kind.REFERRAL,
}  # fmt: skip


def test_each_kind_appears_once_for_the_assigned_worker(town, make_user):
    w = _world(town, make_user)
    case = _every_kind(town, w.cw, w.offer)
    items = wl.worklist(w.cw, wl.MINE)
    assert sorted(i.kind for i in items) == sorted(ALL_KINDS)
    assert {i.case_number for i in items} == {case.number}
    assert {i.person_name for i in items} == {"Ana Popescu"}
    goal = next(i for i in items if i.kind == wl.Kind.GOAL)
    assert goal.detail == "Deutschkurs A1 beginnen"
    assert goal.due == TODAY - dt.timedelta(days=3)


def test_next_due_first(town, make_user):
    w = _world(town, make_user)
    _every_kind(town, w.cw, w.offer)
    items = wl.worklist(w.cw, wl.MINE)
    dues = [i.due for i in items]
    assert dues == sorted(dues)
    assert items[0].kind == wl.Kind.NO_CONTACT  # due two weeks ago: the oldest


def test_mine_and_team_for_colleagues_and_the_other_team(town, make_user, other_town):
    w = _world(town, make_user)
    _every_kind(town, w.colleague, w.offer, family="Petrov")
    other_team_case = _every_kind(town, w.cw_b, w.offer, family="Haddad")
    assert wl.worklist(w.cw, wl.MINE) == []
    team = wl.worklist(w.cw, wl.TEAM)
    assert {i.person_name for i in team} == {"Ana Petrov"}
    assert len(team) == len(ALL_KINDS)
    # The case worker of team B sees only team B; the lead of team A only team A.
    assert {i.case_number for i in wl.worklist(w.cw_b, wl.TEAM)} == {other_team_case.number}
    assert {i.person_name for i in wl.worklist(w.lead, wl.TEAM)} == {"Ana Petrov"}
    # Another municipality never.
    stranger = make_user(Role.CASE_WORKER, m=other_town, team=factories.team(other_town))
    assert wl.worklist(stranger, wl.TEAM) == []


def test_periods_come_from_the_case_settings(town, make_user):
    w = _world(town, make_user)
    _every_kind(town, w.cw, w.offer)
    CaseSettings.objects.update_or_create(
        municipality=town,
        defaults={"consent_warning_days": 5, "residence_warning_days": 5, "no_contact_weeks": 10},
    )
    kinds = {i.kind for i in wl.worklist(w.cw, wl.MINE)}
    assert kinds == ALL_KINDS - {wl.Kind.CONSENT, wl.Kind.RESIDENCE, wl.Kind.NO_CONTACT}


def test_a_legal_domain_begun_right_after_another_ended(town, make_user):
    w = _world(town, make_user)
    case = cf.case(town, w.cw.team, w.cw)
    person = case.person
    LegalDomainPeriod.objects.create(
        municipality=town, person=person, domain="asylblg",
        start=TODAY - dt.timedelta(days=300), end=TODAY - dt.timedelta(days=11),
    )  # fmt: skip
    LegalDomainPeriod.objects.create(
        municipality=town, person=person, domain="sgb2", start=TODAY - dt.timedelta(days=10)
    )
    # A period begun long after another ended is no change to watch.
    items = wl.worklist(w.cw, wl.MINE)
    assert [(i.kind, i.due) for i in items] == [
        (wl.Kind.LEGAL_DOMAIN, TODAY - dt.timedelta(days=10))
    ]
    assert "SGB II" in items[0].detail


def _count_queries(user: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        wl.worklist(user, wl.TEAM)
    return len(queries.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_cases(town, make_user):
    w = _world(town, make_user)
    for n in range(3):
        _every_kind(town, w.cw, w.offer, family=f"Familie{n}")
    three = _count_queries(w.cw)
    assert len(wl.worklist(w.cw, wl.TEAM)) == 3 * len(ALL_KINDS)
    for n in range(3, 30):
        _every_kind(town, w.cw, w.offer, family=f"Familie{n}")
    assert len(wl.worklist(w.cw, wl.TEAM)) == 30 * len(ALL_KINDS)
    assert _count_queries(w.cw) == three == 2 + len(ALL_KINDS)


def test_page_toggles_and_audits_the_persons_in_one_insert(client, town, make_user):
    w = _world(town, make_user)
    mine = _every_kind(town, w.cw, w.offer)
    theirs = _every_kind(town, w.colleague, w.offer, family="Petrov")
    client.force_login(w.cw)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:worklist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert mine.number in html
    assert "Ana Popescu" in html
    assert "Petrov" not in html
    inserts = [q for q in queries.captured_queries if 'INTO "core_auditentry"' in q["sql"]]
    assert len(inserts) == 1
    entries = AuditEntry.objects.filter(request_id=response["X-Request-ID"])
    assert [(e.object_type, e.object_id) for e in entries] == [
        ("cases.person", str(mine.person_id))
    ]
    team = client.get(reverse("cases:worklist"), {"scope": "team"}).content.decode()
    assert theirs.number in team
    assert mine.number in team
    assert 'id="scope-team" aria-current="page"' in team


def test_api_answers_the_same(client, town, make_user):
    w = _world(town, make_user)
    case = _every_kind(town, w.cw, w.offer)
    client.force_login(w.lead)
    data = client.get("/api/cases/worklist", {"scope": "team"}).json()
    assert data["scope"] == "team"
    assert data["count"] == len(ALL_KINDS)
    assert {i["case_number"] for i in data["items"]} == {case.number}
    assert client.get("/api/cases/worklist", {"scope": "mine"}).json()["count"] == 0


def test_start_page_panel_counts_the_due_items(client, town, make_user):
    w = _world(town, make_user)
    _every_kind(town, w.cw, w.offer)
    client.force_login(w.cw)
    html = client.get(reverse("core:home")).content.decode()
    assert "7 fällige Einträge in Ihren Fällen" in html
