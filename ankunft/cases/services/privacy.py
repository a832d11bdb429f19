"""Data subjects' requests (GDPR Art. 15–18): record them, erase, restrict, lift.

Requests outlive the person: after an erasure only the request and its `subject_key` (the
audit pseudonym of the person) are left, as evidence that the request was answered.
Recipients of shared data are told through `services.sharing` before anything goes.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import (
    Attachment,
    Case,
    Household,
    Person,
    RequestKind,
    SubjectRequest,
)
from ankunft.cases.services import require, same_tenant, sharing
from ankunft.cases.services.retention import delete_files
from ankunft.core.audit import audit, audit_many, subject_key
from ankunft.core.models import AuditAction, User

NOTE_MAX = 500


def person_key(person: Person) -> str:
    return subject_key(person._meta.label_lower, person.pk)


@transaction.atomic
def subject_request_create(
    *,
    actor: User,
    person: Person,
    kind: str,
    received_on: dt.date,
    note: str = "",
) -> SubjectRequest:
    """Record a request of the person (the DPO)."""
    require(actor, access.SUBJECT_RIGHTS, person)
    if kind not in RequestKind.values:
        raise ValidationError({"kind": _("Choose the kind of request.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The request cannot be received in the future.")})
    note = " ".join(note.split())
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("The note may have at most 500 characters.")})
    request = SubjectRequest.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        subject_key=person_key(person),
        kind=kind,
        received_on=received_on,
        note=note,
        recorded_by=actor,
    )
    audit(actor, AuditAction.CREATE, request, fields=["kind", "note", "person", "received_on"])
    return request


def _check_request(actor: User, request: SubjectRequest, person: Person, kind: str) -> None:
    require(actor, access.SUBJECT_RIGHTS, request)
    same_tenant(person.municipality, [request])
    if request.person_id != person.pk or request.kind != kind:
        raise ValidationError(_("This request does not ask for this."))
    if request.done_at is not None:
        raise ValidationError(_("This request has already been answered."))


def _done(actor: User, request: SubjectRequest) -> None:
    request.done_at = timezone.now()
    request.save(update_fields=["done_at", "person"])
    audit(actor, AuditAction.UPDATE, request, fields=["done_at"])


@transaction.atomic
def subject_request_done(*, actor: User, request: SubjectRequest) -> SubjectRequest:
    """Mark an access or rectification request answered (erasure and restriction are
    answered by carrying them out)."""
    require(actor, access.SUBJECT_RIGHTS, request)
    if request.done_at is not None:
        raise ValidationError(_("This request has already been answered."))
    if request.kind in (RequestKind.ERASURE, RequestKind.RESTRICTION):
        raise ValidationError(_("Carry out the erasure or restriction to answer this request."))
    _done(actor, request)
    return request


@transaction.atomic
def person_erase(*, actor: User, person: Person, request: SubjectRequest) -> int:
    """Erase the person and all their case data (Art. 17); returns the cases erased.

    The providers that received data are told first (Art. 19). The request stays, with
    the person's audit pseudonym only."""
    require(actor, access.SUBJECT_RIGHTS, person)
    _check_request(actor, request, person, RequestKind.ERASURE)
    sharing.person_erased(actor=actor, person=person)
    cases = list(Case.objects.filter(person=person))
    attachments = list(Attachment.objects.filter(case__person=person))
    households = {h for h in (person.household_id, *(c.household_id for c in cases)) if h}
    audit_many(actor, AuditAction.DELETE, cases)
    audit(actor, AuditAction.DELETE, person)
    Case.objects.filter(person=person).delete()  # events, needs, goals, notes … cascade
    delete_files(attachments)
    request.person = None
    _done(actor, request)
    person.delete()  # spellings, name keys, consents, legal domains, participations
    Household.objects.filter(pk__in=households, members__isnull=True).delete()
    return len(cases)


@transaction.atomic
def person_restrict(*, actor: User, person: Person, request: SubjectRequest) -> Person:
    """Restrict processing (Art. 18): the record can no longer be changed."""
    require(actor, access.SUBJECT_RIGHTS, person)
    _check_request(actor, request, person, RequestKind.RESTRICTION)
    if person.restricted_at is not None:
        raise ValidationError(_("Processing of this record is already restricted."))
    person.restricted_at = timezone.now()
    person.save(update_fields=["restricted_at", "updated_at"])
    audit(actor, AuditAction.UPDATE, person, fields=["restricted_at"])
    sharing.person_restricted(actor=actor, person=person)
    _done(actor, request)
    return person


@transaction.atomic
def person_lift_restriction(*, actor: User, person: Person) -> Person:
    """Lift the restriction (the reason for it has ended)."""
    require(actor, access.SUBJECT_RIGHTS, person)
    if person.restricted_at is None:
        raise ValidationError(_("Processing of this record is not restricted."))
    person.restricted_at = None
    person.save(update_fields=["restricted_at", "updated_at"])
    audit(actor, AuditAction.UPDATE, person, fields=["restricted_at"])
    return person
