"""Retention of closed cases: after `retention_days` a closed case is anonymised.

What is removed and what is kept (the choice, so that reports still add up):

- The case keeps its step, outcome, opened and closed dates, team and worker (the
  office's own staff), its needs' field of action and urgency, its goals' status and
  dates, its referrals' offer, status and dates, its appointments' kind and times, and
  the events' kind and times. Free text goes: the reason for closing or for proceeding
  without consent, needs' descriptions, goal titles and review notes, referral purposes
  and provider notes, appointment places, event notes. Notes and attachments are deleted
  (the files too, unless another attachment holds the same file). `anonymised_at` is set.
- The person is anonymised only when none of their cases is open or younger (every case
  is due or already anonymised): names become "anonymised", the date of birth is reduced
  to the year (the age band), only the first nationality is kept, and the district; all
  contact, address, residence, language, gender and special-category fields are cleared.
  Spellings, name keys, consents (the register keeps no counts of erased people) and
  legal-domain periods are deleted; the household link is dropped (a household left
  without members goes). Participations in measures (measure and dates, the source of
  "people reached") are kept.

Each anonymised or deleted record gets one audit entry (UPDATE with the fields cleared,
DELETE for removed records); the command line runs as the system (`SYSTEM`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.files.storage import Storage
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from ankunft.cases import access
from ankunft.cases.models import (
    Appointment,
    Attachment,
    Case,
    CaseEvent,
    Consent,
    Goal,
    GoalReview,
    Household,
    LegalDomainPeriod,
    NameKey,
    Need,
    Note,
    Person,
    PersonName,
    Referral,
)
from ankunft.cases.selectors.privacy import due_cases, persons_to_anonymise
from ankunft.cases.services import require, sharing
from ankunft.core.audit import audit, audit_many
from ankunft.core.models import AuditAction, Municipality, User

PLACEHOLDER = "anonymised"
BATCH = 200

#: What anonymising a person clears (value set), besides names and birth.
PERSON_CLEARED: dict[str, object] = {
    "given_names_original": "",
    "family_name_original": "",
    "birth_month": None,
    "birth_day": None,
    "gender": "",
    "languages": [],
    "interpreter_needed": False,
    "interpreter_language": "",
    "phone": "",
    "email": "",
    "address": "",
    "arrival_date": None,
    "residence_status": "",
    "residence_valid_until": None,
    "health": "",
    "disability": "",
    "religion": "",
    "relation": "",
    "household": None,
    "restricted_at": None,
}
CASE_CLEARED = ("closure_reason", "override_reason")


@dataclass
class RetentionPlan:
    """What a run would do (a dry run) or did."""

    municipality: Municipality
    case_numbers: list[str] = field(default_factory=list)
    persons: int = 0
    persons_kept: int = 0

    @property
    def cases(self) -> int:
        return len(self.case_numbers)


def retention_plan(municipality: Municipality, today: dt.date | None = None) -> RetentionPlan:
    cases = list(due_cases(municipality.pk, today))
    persons = persons_to_anonymise(cases)
    return RetentionPlan(
        municipality,
        [c.number for c in cases],
        persons=len(persons),
        persons_kept=len({c.person_id for c in cases} - persons),
    )


def file_storage() -> Storage:
    """The attachments' storage (the field holds it from import on)."""
    field = Attachment._meta.get_field("file")
    storage: Storage = field.storage
    return storage


def delete_files(attachments: Iterable[Attachment]) -> None:
    """Remove the attachments' files from the private storage after the commit, unless
    another attachment (same content, same name on disk) still holds the file."""
    names = {str(a.file.name) for a in attachments if a.file}
    if not names:
        return

    def remove() -> None:
        held = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
        for name in names - held:
            storage = file_storage()
            if storage.exists(name):
                storage.delete(name)

    transaction.on_commit(remove)


def _delete(actor: object, queryset: models.QuerySet[models.Model]) -> int:
    """Delete the records, each with a DELETE entry (one INSERT)."""
    records = list(queryset)
    if not records:
        return 0
    audit_many(actor, AuditAction.DELETE, records)
    queryset.model._default_manager.filter(pk__in=[r.pk for r in records]).delete()
    return len(records)


def _anonymise_cases(actor: object, cases: list[Case], now: dt.datetime) -> None:
    ids = [c.pk for c in cases]
    attachments = list(Attachment.objects.filter(case_id__in=ids))
    _delete(actor, Attachment.objects.filter(case_id__in=ids))
    delete_files(attachments)
    _delete(actor, Note.objects.filter(case_id__in=ids))
    Need.objects.filter(case_id__in=ids).update(description="")
    Goal.objects.filter(case_id__in=ids).update(title=PLACEHOLDER)
    GoalReview.objects.filter(goal__case_id__in=ids).update(note="")
    Referral.objects.filter(case_id__in=ids).update(purpose=PLACEHOLDER, provider_note="")
    Appointment.objects.filter(case_id__in=ids).update(place="")
    CaseEvent.objects.filter(case_id__in=ids).update(note="")
    Case.objects.filter(pk__in=ids).update(
        closure_reason="", override_reason="", household=None, anonymised_at=now
    )
    fields = [
        *CASE_CLEARED,
        "household",
        "needs.description",
        "goals.title",
        "reviews.note",
        "referrals.purpose",
        "referrals.provider_note",
        "appointments.place",
        "events.note",
        "anonymised_at",
    ]
    audit_many(actor, AuditAction.UPDATE, cases, fields=fields)


def anonymise_person(actor: object, person: Person, now: dt.datetime) -> None:
    """Clear the person's identifying data (see the module's docstring)."""
    sharing.person_erased(actor=actor if isinstance(actor, User) else None, person=person)
    household_id = person.household_id
    for name, value in PERSON_CLEARED.items():
        setattr(person, name, value)
    person.given_names = PLACEHOLDER
    person.family_name = PLACEHOLDER
    person.nationalities = person.nationalities[:1]
    person.anonymised_at = now
    person.save()
    _delete(actor, PersonName.objects.filter(person=person))
    NameKey.objects.filter(person=person).delete()  # derived from the names just removed
    _delete(actor, Consent.objects.filter(person=person))
    _delete(actor, LegalDomainPeriod.objects.filter(person=person))
    cleared = sorted({*PERSON_CLEARED, "given_names", "family_name", "nationalities"})
    audit(actor, AuditAction.UPDATE, person, fields=[*cleared, "anonymised_at"])
    if household_id is not None:
        Household.objects.filter(pk=household_id, members__isnull=True).delete()


def apply_retention(
    *,
    actor: User | None,
    municipality: Municipality,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    batch: int = BATCH,
) -> RetentionPlan:
    """Anonymise the due cases (and their persons) in batches, each in a transaction.

    `actor=None` is the system (the command line); a user needs RETENTION. Running it
    again finds nothing more to do."""
    if actor is not None:
        require(actor, access.RETENTION)
        if actor.municipality_id != municipality.pk:
            raise Http404
    who: object = actor
    done = RetentionPlan(municipality)
    total = due_cases(municipality.pk, today).count()
    while True:
        with transaction.atomic():
            cases = list(due_cases(municipality.pk, today).select_for_update(of=("self",))[:batch])
            if not cases:
                break
            now = timezone.now()
            persons = persons_to_anonymise(cases)
            _anonymise_cases(who, cases, now)
            for person in Person.objects.filter(pk__in=persons, anonymised_at__isnull=True):
                anonymise_person(who, person, now)
            done.case_numbers += [c.number for c in cases]
            done.persons += len(persons)
            done.persons_kept += len({c.person_id for c in cases} - persons)
        if progress is not None:
            progress(done.cases, total)
    return done
