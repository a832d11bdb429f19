"""Referrals to offers: consent first, only the fields chosen, the provider's inbox and
answers, notices when sharing stops or data changes, turnaround, people reached, barriers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from ankunft.cases.models import (
    CaseEvent,
    Participation,
    Referral,
    ReferralNotice,
    ReferralStatus,
)
from ankunft.cases.selectors import referrals as selectors
from ankunft.cases.services import sharing
from ankunft.cases.services.referrals import (
    barrier_from_case,
    referral_answer,
    referral_send,
    referral_withdraw,
)
from ankunft.core.models import AuditAction, AuditEntry, Role
from ankunft.directory import services as directory
from ankunft.directory.models import Status
from ankunft.measures.models import Barrier
from tests import factories
from tests.cases import factories as cf
from tests.cases.world_referrals import consent
from tests.directory.conftest import make_offer
from tests.measures import builders

pytestmark = pytest.mark.django_db
S = ReferralStatus


@pytest.fixture
def w(town, make_user):
    return referral_world(town, make_user)


def referral_world(town, make_user):
    """A case worker's case (Ana Popescu, with a phone), provider A's and B's offers and
    provider accounts of both."""
    team = factories.team(town)
    cw = make_user(Role.CASE_WORKER, team=team)
    head = make_user(Role.HEAD_OF_KI)
    provider_a = directory.provider_create(actor=head, name="Kulturverein A e.V.")
    provider_b = directory.provider_create(actor=head, name="Bildungswerk B e.V.")
    prov_a, prov_b = make_user(Role.PROVIDER), make_user(Role.PROVIDER)
    directory.provider_member_add(actor=head, provider=provider_a, user=prov_a)
    directory.provider_member_add(actor=head, provider=provider_b, user=prov_b)
    case = cf.case(town, team, cw, phone="0203 555", email="ana@example.org")
    return {
        "cw": cw,
        "tl": make_user(Role.TEAM_LEAD, team=team),
        "head": head,
        "prov_a": prov_a,
        "prov_b": prov_b,
        "offer": make_offer(head, provider_a, "Deutschkurs A"),
        "offer_b": make_offer(head, provider_b, "Nähcafé B"),
        "case": case,
        "person": case.person,
    }


def _send(w, fields=("given_names", "phone"), offer="offer"):
    return referral_send(
        actor=w["cw"], case=w["case"], offer=w[offer], purpose="Deutschkurs", shared_fields=fields
    )


def test_without_consent_the_referral_is_refused_and_nothing_saved(w):
    with pytest.raises(ValidationError, match="Keine gültige Einwilligung"):
        _send(w)
    assert not Referral.objects.exists()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REFERRAL).exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"withdrawn_on": dt.date(2024, 2, 1)},
        {"valid_until": dt.date(2024, 3, 1)},
    ],
)
def test_a_withdrawn_or_expired_consent_is_no_basis(w, extra):
    consent(w["person"], **extra)
    assert not selectors.has_referral_basis(w["person"])
    with pytest.raises(ValidationError):
        _send(w)


def test_a_future_consent_is_no_basis_yet(w):
    consent(w["person"], given_on=timezone.localdate() + dt.timedelta(days=3))
    assert not selectors.has_referral_basis(w["person"])


def test_with_consent_the_referral_is_sent_with_only_the_fields_chosen(w):
    consent(w["person"])
    referral = _send(w, fields=["phone", "given_names"])
    assert referral.status == S.SENT
    assert referral.shared_fields == ["given_names", "phone"]  # in the order of SHAREABLE
    event = CaseEvent.objects.get(case=w["case"], kind=CaseEvent.Kind.REFERRAL)
    assert (event.from_value, event.to_value) == ("", S.SENT)
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="cases.referral", object_id=str(referral.pk)
    ).exists()


def test_no_fields_shares_only_the_case_number(w):
    consent(w["person"])
    assert _send(w, fields=[]).shared_fields == []


@pytest.mark.parametrize(
    ("fields", "offer_status"),
    [(["health"], Status.PUBLISHED), (["address"], Status.PUBLISHED), ([], Status.DRAFT)],
)
def test_unknown_fields_and_unpublished_offers_are_refused(w, fields, offer_status):
    consent(w["person"])
    offer = make_offer(w["head"], w["offer"].provider, "Entwurf", status=offer_status)
    with pytest.raises(ValidationError):
        referral_send(actor=w["cw"], case=w["case"], offer=offer, purpose="x", shared_fields=fields)
    assert not Referral.objects.exists()


def test_an_offer_of_another_municipality_is_refused(w, other_town, make_user):
    consent(w["person"])
    head = make_user(Role.HEAD_OF_KI, other_town)
    provider = directory.provider_create(actor=head, name="Anderswo e.V.")
    with pytest.raises(ValidationError):
        referral_send(
            actor=w["cw"],
            case=w["case"],
            offer=make_offer(head, provider, "Kurs"),
            purpose="x",
            shared_fields=[],
        )


def test_the_provider_sees_exactly_the_shared_fields_live(client, w):
    consent(w["person"])
    referral = _send(w)
    client.force_login(w["prov_a"])
    body = client.get(reverse("cases:referral_inbox")).content.decode()
    assert w["case"].number in body
    assert "Ana" in body
    assert "0203 555" in body
    assert "Popescu" not in body
    assert "ana@example.org" not in body
    assert "1990" not in body
    # A correction shows at once (the fields are read live).
    w["person"].phone = "0203 999"
    w["person"].save()
    body = client.get(reverse("cases:referral_answer", args=[referral.pk])).content.decode()
    assert "0203 999" in body
    assert "Popescu" not in body
    api = client.get(f"/api/cases/referrals/{referral.pk}").json()
    assert api["shared"] == {"given_names": "Ana", "phone": "0203 999"}
    assert api["consent_holds"] is True


def test_withdrawn_consent_hides_the_data_at_once_and_tells_the_provider(client, w):
    c = consent(w["person"])
    referral = _send(w)
    c.withdrawn_on = timezone.localdate()
    c.save()
    assert sharing.consent_withdrawn(actor=w["cw"], person=w["person"]) == 1
    notice = ReferralNotice.objects.get(referral=referral)
    assert notice.kind == ReferralNotice.Kind.WITHDRAWN
    assert notice.read_at is None
    client.force_login(w["prov_a"])
    body = client.get(reverse("cases:referral_inbox")).content.decode()
    assert 'class="no-consent"' in body
    assert "Ana" not in body
    assert "0203 555" not in body
    assert w["case"].number in body  # the notice names the case number
    notice.refresh_from_db()
    assert notice.read_at is not None  # seen
    api = client.get("/api/cases/referrals").json()
    assert api[0]["consent_holds"] is False
    assert api[0]["shared"] is None


def test_corrections_erasure_and_restriction_notify_the_recipients_of_those_fields(w):
    consent(w["person"])
    phone = _send(w, fields=["phone"])
    names = _send(w, fields=["given_names"], offer="offer_b")
    nothing = _send(w, fields=[])
    assert sharing.person_changed(actor=w["cw"], person=w["person"], fields=["phone", "email"]) == 1
    notice = ReferralNotice.objects.get(kind=ReferralNotice.Kind.CORRECTED)
    assert (notice.referral, notice.fields) == (phone, ["phone"])
    assert sharing.person_erased(actor=w["cw"], person=w["person"]) == 2
    assert sharing.person_restricted(actor=w["cw"], person=w["person"]) == 2
    assert not ReferralNotice.objects.filter(referral=nothing).exists()
    assert ReferralNotice.objects.filter(referral=names).count() == 2


def test_provider_b_sees_nothing_of_provider_as_referrals(client, w):
    consent(w["person"])
    referral = _send(w)
    client.force_login(w["prov_b"])
    assert client.get(reverse("cases:referral_answer", args=[referral.pk])).status_code == 404
    assert client.get(f"/api/cases/referrals/{referral.pk}").status_code == 404
    assert client.get("/api/cases/referrals").json() == []
    body = client.get(reverse("cases:referral_inbox")).content.decode()
    assert w["case"].number not in body
    with pytest.raises(Http404):
        referral_answer(actor=w["prov_b"], referral=referral, status=S.ACCEPTED)


def test_the_status_machine(w):
    consent(w["person"])
    referral = _send(w)
    with pytest.raises(ValidationError):
        referral_answer(actor=w["prov_a"], referral=referral, status=S.COMPLETED)
    with pytest.raises(ValidationError):
        referral_answer(actor=w["prov_a"], referral=referral, status="bogus")
    with pytest.raises(PermissionDenied):
        referral_answer(actor=w["cw"], referral=referral, status=S.ACCEPTED)
    with pytest.raises(PermissionDenied):
        referral_withdraw(actor=w["prov_a"], referral=referral)
    referral_answer(actor=w["prov_a"], referral=referral, status=S.ACCEPTED, note="Montag")
    assert referral.answered_at is not None
    assert referral.provider_note == "Montag"
    referral_answer(actor=w["prov_a"], referral=referral, status=S.COMPLETED)
    assert referral.finished_at is not None
    for move in (S.ACCEPTED, S.NO_SHOW, S.DECLINED):
        with pytest.raises(ValidationError):
            referral_answer(actor=w["prov_a"], referral=referral, status=move)
    with pytest.raises(ValidationError):
        referral_withdraw(actor=w["cw"], referral=referral)
    events = CaseEvent.objects.filter(case=w["case"], kind=CaseEvent.Kind.REFERRAL)
    assert [(e.from_value, e.to_value) for e in events] == [
        ("", S.SENT),
        (S.SENT, S.ACCEPTED),
        (S.ACCEPTED, S.COMPLETED),
    ]
    declined = _send(w)
    referral_answer(actor=w["prov_a"], referral=declined, status=S.DECLINED)
    with pytest.raises(ValidationError):
        referral_answer(actor=w["prov_a"], referral=declined, status=S.ACCEPTED)
    withdrawn = _send(w)
    referral_withdraw(actor=w["cw"], referral=withdrawn)
    assert withdrawn.status == S.WITHDRAWN


def test_answer_page_buttons_accept_and_complete_with_a_measure(client, w, town):
    consent(w["person"])
    referral = _send(w)
    measure = builders.measure(town, "Sprachkursbrücke")
    client.force_login(w["prov_a"])
    url = reverse("cases:referral_answer", args=[referral.pk])
    assert client.post(url, {"status": "completed"}).status_code == 200  # refused, shown
    referral.refresh_from_db()
    assert referral.status == S.SENT
    assert client.post(url, {"status": "accepted"}).status_code == 302
    assert client.post(url, {"status": "completed", "measure": measure.pk}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.COMPLETED
    participation = Participation.objects.get()
    assert (participation.person, participation.measure) == (w["person"], measure)
    assert participation.referral == referral


def test_the_case_worker_refers_through_the_page(client, w):
    consent(w["person"])
    client.force_login(w["cw"])
    url = reverse("cases:referral_new", args=[w["case"].pk])
    page = client.get(url, {"q": ""}).content.decode()
    assert "Deutschkurs A" in page
    assert 'type="checkbox"' in page
    assert "checked" not in page
    response = client.post(
        url, {"offer": w["offer"].pk, "purpose": "Kurs", "shared_fields": ["phone", "gender"]}
    )
    assert response.status_code == 302
    assert Referral.objects.get().shared_fields == ["gender", "phone"]


def test_a_barrier_from_a_case_naming_the_person_is_refused(w):
    with pytest.raises(ValidationError, match="nennt die Person"):
        barrier_from_case(
            actor=w["cw"], case=w["case"], title="Wartezeit", description="Frau Popescu wartet."
        )
    with pytest.raises(ValidationError):
        barrier_from_case(actor=w["cw"], case=w["case"], title="Ana wartet")
    assert not Barrier.objects.exists()
    barrier = barrier_from_case(
        actor=w["cw"],
        case=w["case"],
        title="Lange Wartezeiten",
        description="Termine bei der Ausländerbehörde dauern drei Monate.",
        institution="Ausländerbehörde",
    )
    assert barrier.source == Barrier.Source.CASE


def test_barrier_page_and_api(client, w):
    client.force_login(w["cw"])
    url = reverse("cases:barrier_report", args=[w["case"].pk])
    refused = client.post(url, {"title": "Popescu", "description": ""})
    assert refused.status_code == 200
    assert not Barrier.objects.exists()
    assert client.post(url, {"title": "Wartezeit", "description": "lang"}).status_code == 302
    api = client.post(
        f"/api/cases/cases/{w['case'].pk}/barriers",
        {"title": "Anas Termin", "description": "Ana Popescu"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert Barrier.objects.count() == 1


def test_the_provider_start_page_shows_new_referrals(client, w):
    consent(w["person"])
    _send(w)
    client.force_login(w["prov_a"])
    body = client.get("/").content.decode()
    assert 'id="p-referrals"' in body
    assert "Deutschkurs A" in body
    assert w["case"].number not in body
    assert "0203 555" not in body
    client.force_login(w["prov_b"])
    assert "Deutschkurs A" not in client.get("/").content.decode()


def test_the_erasure_notice_outlives_the_erased_referral(client, w, make_user):
    """Erasing the person deletes the referral; the provider still learns of the erasure."""
    from ankunft.cases.services import privacy  # noqa: PLC0415

    consent(w["person"])
    _send(w)
    number = w["case"].number
    dpo = make_user(Role.DPO)
    request = privacy.subject_request_create(
        actor=dpo, person=w["person"], kind="erasure", received_on=timezone.localdate()
    )
    privacy.person_erase(actor=dpo, person=w["person"], request=request)
    notice = ReferralNotice.objects.get()
    assert (notice.referral_id, notice.kind, notice.case_number) == (None, "erased", number)
    client.force_login(w["prov_a"])
    body = client.get(reverse("cases:referral_inbox")).content.decode()
    assert number in body
    assert "Ana" not in body
    client.force_login(w["prov_b"])
    assert number not in client.get(reverse("cases:referral_inbox")).content.decode()
