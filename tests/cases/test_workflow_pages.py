"""The case list and the case page: filters, the own/team toggle, the sections other areas
register, the forms each role gets, and errors shown as messages that change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ankunft.cases import access
from ankunft.cases.models import Consent, ConsentPurpose, LegalBasis, Step
from ankunft.cases.sections import register_section, sections_for, unregister_section
from ankunft.cases.services.consent import consent_give
from ankunft.core.models import AuditEntry, Role
from tests import factories
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def w(town):
    class W:
        pass

    w = W()
    w.team = factories.team(town)
    w.worker = factories.user(Role.CASE_WORKER, town, team=w.team)
    w.colleague = factories.user(Role.CASE_WORKER, town, team=w.team)
    w.lead = factories.user(Role.TEAM_LEAD, town, team=w.team)
    w.head = factories.user(Role.HEAD_OF_KI, town)
    w.own = cf.case(town, w.team, w.worker, given="Ana", family="Popescu")
    w.team_case = cf.case(town, w.team, w.colleague, given="Ivan", family="Petrov")
    w.other = cf.case(town, factories.team(town), given="Amina", family="Haddad")
    return w


def test_the_list_shows_the_team_and_toggles_to_the_own(client, w):
    client.force_login(w.worker)
    url = reverse("cases:case_list")
    text = client.get(url).content.decode()
    assert "Popescu" in text
    assert "Petrov" in text
    assert "Haddad" not in text
    mine = client.get(url, {"scope": "mine"}).content.decode()
    assert "Popescu" in mine
    assert "Petrov" not in mine
    assert "Popescu" not in client.get(url, {"step": Step.PLAN}).content.decode()
    response = client.get(url, {"worker": w.colleague.pk})
    entries = AuditEntry.objects.filter(request_id=response["X-Request-ID"])
    assert sorted(e.object_type for e in entries) == ["cases.case", "cases.person"]


def test_the_head_reads_every_case_but_gets_no_forms(client, w):
    client.force_login(w.head)
    assert "Haddad" in client.get(reverse("cases:case_list")).content.decode()
    text = client.get(reverse("cases:case_detail", args=[w.other.pk])).content.decode()
    assert "Haddad" in text
    assert reverse("cases:consent_give", args=[w.other.pk]) not in text
    assert reverse("cases:case_close", args=[w.other.pk]) not in text


def test_the_team_lead_gets_the_override_and_the_reassignment(client, w):
    client.force_login(w.lead)
    text = client.get(reverse("cases:case_detail", args=[w.own.pk])).content.decode()
    assert reverse("cases:case_override", args=[w.own.pk]) in text
    assert reverse("cases:case_reassign", args=[w.own.pk]) in text
    client.post(reverse("cases:case_override", args=[w.own.pk]), {"override-reason": "Notlage"})
    client.post(reverse("cases:case_step", args=[w.own.pk]), {"step-to_step": "assessment"})
    w.own.refresh_from_db()
    assert (w.own.step, w.own.override_by) == (Step.ASSESSMENT, w.lead)
    client.post(
        reverse("cases:case_reassign", args=[w.own.pk]), {"reassign-worker": w.colleague.pk}
    )
    w.own.refresh_from_db()
    assert w.own.worker == w.colleague


def test_a_bad_consent_is_a_message_and_changes_nothing(client, w):
    client.force_login(w.worker)
    url = reverse("cases:consent_give", args=[w.own.pk])
    body = {
        "consent-purpose": ConsentPurpose.CASE_MANAGEMENT,
        "consent-legal_basis": LegalBasis.CONSENT,
        "consent-form": "written",
        "consent-given_on": str(TODAY + dt.timedelta(days=2)),
    }
    response = client.post(url, body, follow=True)
    assert "in der Zukunft" in response.content.decode()
    assert Consent.objects.count() == 0
    response = client.post(url, {**body, "consent-given_on": str(TODAY)}, follow=True)
    consent = Consent.objects.get()
    withdraw = reverse("cases:consent_withdraw", args=[w.own.pk, consent.pk])
    assert withdraw in response.content.decode()
    client.post(withdraw)
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY


def test_withdrawing_takes_the_consent_of_the_cases_person_only(client, w):
    foreign = consent_give(
        None,
        w.team_case.person,
        ConsentPurpose.REFERRALS,
        LegalBasis.CONSENT,
        form="oral",
        given_on=TODAY,
    )
    client.force_login(w.worker)
    response = client.post(reverse("cases:consent_withdraw", args=[w.own.pk, foreign.pk]))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.withdrawn_on is None


def test_registered_sections_are_shown_and_audited_in_the_one_insert(client, w):
    goal_like = w.team_case  # any record the section shows
    register_section(
        "core/_page_notice.html",
        order=30,
        permission=access.VIEW_NOTES,
        context=lambda user, case: {"audit": [goal_like], "audit_fields": ["notes"]},
    )
    try:
        assert "core/_page_notice.html" in [s.template_name for s in sections_for(w.worker)]
        assert "core/_page_notice.html" not in [s.template_name for s in sections_for(w.head)]
        client.force_login(w.worker)
        response = client.get(reverse("cases:case_detail", args=[w.own.pk]))
        entries = AuditEntry.objects.filter(request_id=response["X-Request-ID"])
        assert sorted(e.object_id for e in entries if e.object_type == "cases.case") == sorted(
            [str(w.own.pk), str(goal_like.pk)]
        )
        assert all("notes" in e.fields for e in entries)
    finally:
        unregister_section("core/_page_notice.html")
