"""Records of the access matrix's world: the case module's referrals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ankunft.cases.models import Consent, ConsentForm, ConsentPurpose, LegalBasis
from ankunft.cases.services.referrals import referral_send
from ankunft.core.models import Municipality, User


def consent(person: Any, *, given_on: dt.date | None = None, **extra: Any) -> Consent:
    """A consent of the person to share data with providers for referrals."""
    return Consent.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        purpose=ConsentPurpose.REFERRALS,
        legal_basis=LegalBasis.CONSENT,
        form=ConsentForm.WRITTEN,
        given_on=given_on or dt.date(2024, 1, 1),
        **extra,
    )


def build(m: Municipality, people: dict[str, User], world: dict[str, Any]) -> None:
    """Add this area's records to `world` (the names the matrix rows use)."""
    world["referral_consent"] = consent(world["person_own"])
    world["referral"] = referral_send(
        actor=None,
        case=world["case_own"],
        offer=world["offer"],
        purpose="Deutschkurs",
        shared_fields=["given_names", "phone"],
    )
    world["referral_b"] = referral_send(
        actor=None,
        case=world["case_own"],
        offer=world["offer_b"],
        purpose="Nähcafé",
        shared_fields=[],
    )
