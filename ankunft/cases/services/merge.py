"""Merging two records of the same person (found as likely duplicates): everything of the
merged record moves to the kept one, whose history says so; the merged record is deleted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import (
    Case,
    CaseEvent,
    Consent,
    LegalDomainPeriod,
    Participation,
    Person,
    PersonMerge,
    PersonName,
    SubjectRequest,
)
from ankunft.cases.services import require
from ankunft.cases.services.cases import record_event
from ankunft.cases.services.persons import PERSON_FIELDS, refresh_name_keys
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, User

#: Fields of `keep` filled from `merge` where `keep` has none (never overwritten). The
#: names in Latin script are `keep`'s by choice; the two flags have no "none".
FILLABLE = tuple(
    f
    for f in PERSON_FIELDS
    if f not in {"given_names", "family_name", "birth_estimated", "interpreter_needed"}
)


def _empty(value: object) -> bool:
    return value is None or value in ("", [])


def _fill(keep: Person, merge: Person) -> list[str]:
    filled = []
    for name in FILLABLE:
        if name.startswith("birth_") and keep.birth_year is not None:
            continue  # a partial date stays the kept record's: never mix two dates
        attr = f"{name}_id" if name == "district" else name
        if _empty(getattr(keep, attr)) and not _empty(getattr(merge, attr)):
            setattr(keep, attr, getattr(merge, attr))
            filled.append(name)
    if merge.interpreter_needed and not keep.interpreter_needed:
        keep.interpreter_needed = True
        filled.append("interpreter_needed")
    if "birth_year" in filled:
        keep.birth_estimated = merge.birth_estimated
    return filled


def _spellings(keep: Person, merge: Person) -> None:
    """The merged record's names become spellings of the kept one (unless the same)."""
    have = {(keep.given_names.casefold(), keep.family_name.casefold())}
    have |= {(s.given_names.casefold(), s.family_name.casefold()) for s in keep.spellings.all()}
    names = [(merge.given_names, merge.family_name)]
    if merge.family_name_original:
        names.append((merge.given_names_original, merge.family_name_original))
    new = []
    for given, family in names:
        if (given.casefold(), family.casefold()) not in have:
            have.add((given.casefold(), family.casefold()))
            new.append(
                PersonName(
                    municipality_id=keep.municipality_id,
                    person=keep,
                    given_names=given,
                    family_name=family,
                )
            )
    PersonName.objects.bulk_create(new)
    PersonName.objects.filter(person=merge).update(person=keep)


@transaction.atomic
def person_merge(*, actor: User | None, keep: Person, merge: Person) -> PersonMerge:
    """Merge `merge` into `keep` (both must be visible to the actor; the same municipality)."""
    require(actor, access.MERGE, keep)
    require(actor, access.MERGE, merge)
    if keep.pk == merge.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    if keep.municipality_id != merge.municipality_id:
        raise ValidationError(_("Records of different municipalities cannot be merged."))
    for p in (keep, merge):
        if p.anonymised_at is not None or p.restricted_at is not None:
            raise ValidationError(_("Anonymised or restricted records cannot be merged."))
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    merge = Person.objects.select_for_update().get(pk=merge.pk)
    filled = _fill(keep, merge)
    if keep.household_id is None and merge.household_id is not None:
        keep.household_id = merge.household_id
        filled.append("household")
    _spellings(keep, merge)
    moved_cases = list(Case.objects.filter(person=merge).values_list("pk", flat=True))
    Case.objects.filter(person=merge).update(person=keep)
    # The same participation recorded on both: keep one (the unique constraint holds).
    both = Participation.objects.filter(person=keep).values_list("measure_id", "started_on")
    for measure_id, started_on in list(both):
        Participation.objects.filter(
            person=merge, measure_id=measure_id, started_on=started_on
        ).delete()
    for model in (Consent, LegalDomainPeriod, Participation, SubjectRequest):
        model.objects.filter(person=merge).update(person=keep)
    PersonMerge.objects.filter(kept=merge).update(kept=keep)
    keep.full_clean(exclude=["municipality", "team", "household"])
    keep.save()
    refresh_name_keys(keep)
    record = PersonMerge.objects.create(
        municipality_id=keep.municipality_id,
        kept=keep,
        merged_id=merge.pk,
        merged_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for case in Case.objects.filter(person=keep):
        note = _("moved from the merged record") if case.pk in moved_cases else ""
        record_event(
            case,
            CaseEvent.Kind.MERGED,
            actor=actor,
            from_value=str(merge.pk),
            to_value=str(keep.pk),
            note=note,
        )
    audit(actor, AuditAction.UPDATE, keep, fields=sorted({*filled, "cases", "spellings"}))
    audit(actor, AuditAction.DELETE, merge)
    merge.delete()
    return record
