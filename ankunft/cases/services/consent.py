"""Consent and other legal bases (Einwilligung, Rechtsgrundlage): give, withdraw, check.

`has_basis` is the one question the step gate and the referrals ask: may this person's
data be processed for this purpose on this day?
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Consent,
    ConsentForm,
    ConsentPurpose,
    LegalBasis,
    Person,
    Step,
)
from ankunft.cases.selectors.consent import has_basis as selector_has_basis
from ankunft.cases.selectors.consent import valid_q
from ankunft.cases.services import require, same_tenant, sharing
from ankunft.cases.services.cases import record_event
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, User

CONSENT_FIELDS = (
    "purpose",
    "legal_basis",
    "basis_reference",
    "form",
    "given_on",
    "valid_until",
    "scan",
)


def valid_consents(person: Person, purpose: str, on: dt.date | None = None) -> Q:
    """The records that give a basis for `purpose` on the day (the twin of `is_valid`)."""
    return Q(person=person) & valid_q(purpose, on)


def has_basis(person: Person, purpose: str, on: dt.date | None = None) -> bool:
    """Valid consent for `purpose` on the day, or another legal basis recorded for it
    (a record whose legal basis is not consent, e.g. a public task by law)."""
    return selector_has_basis(person, purpose, on)


def _open_cases(person: Person) -> list[Case]:
    return list(Case.objects.filter(person=person).exclude(step=Step.CLOSED))


def _check_choice(value: str, choices: list[str], field: str, message: str) -> None:
    if value not in choices:
        raise ValidationError({field: message})


@transaction.atomic
def consent_give(
    actor: User | None,
    person: Person,
    purpose: str,
    legal_basis: str,
    *,
    basis_reference: str = "",
    form: str,
    given_on: dt.date,
    valid_until: dt.date | None = None,
    scan: Attachment | None = None,
) -> Consent:
    """Record consent (or another legal basis) for one purpose, with its dates."""
    require(actor, access.WORK, person)
    _check_choice(purpose, ConsentPurpose.values, "purpose", _("Choose a purpose."))
    _check_choice(legal_basis, LegalBasis.values, "legal_basis", _("Choose a legal basis."))
    _check_choice(form, ConsentForm.values, "form", _("Choose the form of the consent."))
    basis_reference = " ".join((basis_reference or "").split())
    if legal_basis != LegalBasis.CONSENT and not basis_reference:
        raise ValidationError(
            {"basis_reference": _("Name the legal provision, e.g. § 8 SGB VIII.")}
        )
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("Consent cannot be given in the future.")})
    if valid_until is not None and valid_until < given_on:
        raise ValidationError(
            {"valid_until": _("The end of validity lies before the day it was given.")}
        )
    if scan is not None:
        same_tenant(person.municipality, [scan])
        if scan.case.person_id != person.pk:
            raise ValidationError({"scan": _("The scanned form must be a file of this person.")})
    consent = Consent.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        purpose=purpose,
        legal_basis=legal_basis,
        basis_reference=basis_reference,
        form=form,
        given_on=given_on,
        valid_until=valid_until,
        scan=scan,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for case in _open_cases(person):
        record_event(case, CaseEvent.Kind.CONSENT, actor=actor, to_value=f"+{purpose}")
    audit(actor, AuditAction.CREATE, consent, fields=list(CONSENT_FIELDS))
    return consent


@transaction.atomic
def consent_withdraw(actor: User | None, consent: Consent, on: dt.date | None = None) -> Consent:
    """Withdraw consent from the day `on` (today): sharing stops at once, the person's
    open cases record it."""
    require(actor, access.WORK, consent)
    day = on or timezone.localdate()
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if consent.legal_basis != LegalBasis.CONSENT:
        raise ValidationError(_("Only consent can be withdrawn, not a basis given by law."))
    if day < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("Consent cannot be withdrawn before the day it was given.")}
        )
    if day > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("A withdrawal cannot lie in the future.")})
    consent.withdrawn_on = day
    consent.save(update_fields=["withdrawn_on"])
    person = consent.person
    sharing.consent_withdrawn(actor=actor, person=person)
    for case in _open_cases(person):
        record_event(case, CaseEvent.Kind.CONSENT, actor=actor, from_value=f"-{consent.purpose}")
    audit(actor, AuditAction.UPDATE, consent, fields=["withdrawn_on"])
    return consent
