"""Records of the access matrix's world: the case module's privacy."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from ankunft.cases.models import (
    Appointment,
    AppointmentKind,
    Attachment,
    Case,
    Consent,
    ConsentForm,
    ConsentPurpose,
    Goal,
    GoalReview,
    GoalStatus,
    LegalBasis,
    LegalDomain,
    LegalDomainPeriod,
    Need,
    Note,
    Outcome,
    Participation,
    Referral,
    Relation,
    RequestKind,
    Step,
    Urgency,
)
from ankunft.cases.services.privacy import subject_request_create
from ankunft.core.models import Municipality, Role, Team, User
from ankunft.directory.models import Offer
from ankunft.measures.models import FieldOfAction, Measure
from tests import factories
from tests.cases import factories as cf
from tests.measures import builders as mb


def build(m: Municipality, people: dict[str, User], world: dict[str, Any]) -> None:
    """Add this area's records to `world` (the names the matrix rows use)."""
    # An access request of the own case worker's person, recorded by the DPO.
    world["subject_request"] = subject_request_create(
        actor=people[Role.DPO],
        person=world["person_own"],
        kind=RequestKind.ACCESS,
        received_on=dt.date(2026, 11, 2),
    )


# --- test data of every kind (the privacy tests and audit paths use these) ---------------


def close(case: Case, closed_on: dt.date) -> Case:
    """Close a case on a date (directly: the steps are another area's services)."""
    Case.objects.filter(pk=case.pk).update(
        step=Step.CLOSED,
        closed_on=closed_on,
        outcome=Outcome.GOALS_MET,
        closure_reason="Ziel erreicht, Frau Popescu arbeitet",
    )
    case.refresh_from_db()
    return case


def attachment(case: Case, content: bytes = b"%PDF-1.4 scan") -> Attachment:
    digest = hashlib.sha256(content).hexdigest()
    record = Attachment(
        municipality_id=case.municipality_id,
        case=case,
        original_name="Einwilligung Popescu.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=digest,
    )
    record.file.save("x.pdf", ContentFile(content), save=False)
    record.save()
    return record


def rich_case(m: Municipality, team: Team, worker: User | None, **person_values: Any) -> Case:
    """A case with data of every kind: spelling, household, consent, needs, goals with a
    review, a referral, an appointment, a note, an attachment, a legal domain and a
    participation; the person has special-category data."""
    person_values.setdefault("given", "Ana")
    person_values.setdefault("family", "Popescu")
    hh = cf.household(m, team, label=f"Familie {person_values['family']}")
    person = cf.person(
        m,
        team,
        household=hh,
        spellings=[("Anna", "Popesku")],
        birth_month=3,
        birth_day=14,
        nationalities=["RO", "MD"],
        languages=["ro"],
        phone="0203 555 0101",
        email="ana@example.org",
        address="Weseler Straße 12",
        health="Diabetes Typ 2",
        religion="orthodox",
        relation=Relation.HEAD,
        **{k: v for k, v in person_values.items() if k not in ("given", "family")},
        given=person_values["given"],
        family=person_values["family"],
    )
    case = cf.case(m, team, worker, person_=person, opened_on=dt.date(2020, 1, 6))
    field, _created = FieldOfAction.objects.get_or_create(
        municipality=m, key="language", defaults={"name": "Sprache"}
    )
    need = Need.objects.create(
        municipality=m,
        case=case,
        field_of_action=field,
        urgency=Urgency.HIGH,
        description="Sprachkurs B1 gesucht",
    )
    goal = Goal.objects.create(
        municipality=m,
        case=case,
        need=need,
        title="B1-Prüfung bestehen",
        due_on=dt.date(2020, 9, 1),
    )
    GoalReview.objects.create(
        municipality=m,
        goal=goal,
        reviewed_on=dt.date(2020, 6, 1),
        status=GoalStatus.PARTLY,
        note="Kurs läuft gut",
    )
    Consent.objects.create(
        municipality=m,
        person=person,
        purpose=ConsentPurpose.REFERRALS,
        legal_basis=LegalBasis.CONSENT,
        form=ConsentForm.WRITTEN,
        given_on=dt.date(2020, 1, 6),
    )
    LegalDomainPeriod.objects.create(
        municipality=m, person=person, domain=LegalDomain.SGB_II, start=dt.date(2020, 1, 1)
    )
    offer = world_offer(m)
    referral = Referral.objects.create(
        municipality=m,
        case=case,
        offer=offer,
        purpose="Sprachkurs für Frau Popescu",
        shared_fields=["given_names", "family_name", "phone"],
        sent_at=timezone.now(),
    )
    measure = Measure.objects.filter(municipality=m).first() or mb.measure(m)
    Participation.objects.create(
        municipality=m,
        person=person,
        measure=measure,
        referral=referral,
        started_on=dt.date(2020, 2, 1),
    )
    start = timezone.now() - dt.timedelta(days=30)
    Appointment.objects.create(
        municipality=m,
        case=case,
        kind=AppointmentKind.CONSULTATION,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Büro Marxloh, Raum 3",
        worker=worker or User.objects.filter(municipality=m, role=Role.CASE_WORKER).first(),
    )
    Note.objects.create(municipality=m, case=case, text="Gespräch über die Wohnung geführt")
    attachment(case)
    return case


def world_offer(m: Municipality) -> Any:
    from ankunft.directory import services as directory  # noqa: PLC0415
    from tests.directory.conftest import make_offer  # noqa: PLC0415

    found = Offer.objects.filter(municipality=m).first()
    if found is not None:
        return found
    head = User.objects.filter(municipality=m, role=Role.HEAD_OF_KI).first() or factories.user(
        Role.HEAD_OF_KI, m
    )
    provider = directory.provider_create(actor=head, name="Sprachschule Test e.V.")
    return make_offer(head, provider, "Deutschkurs Test")
