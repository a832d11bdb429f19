"""Writes of persons and households: create, change, spellings and their blocking keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.matching import blocking_keys
from ankunft.cases.models import CaseSettings, Household, NameKey, Person, PersonName
from ankunft.cases.selectors.privacy import settings_of
from ankunft.cases.services import require, same_tenant, tenant_of
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, Municipality, Team, User

EARLIEST_BIRTH_YEAR = 1900
MONTHS = 12

#: Fields a person's form and the API may set (the rest is set by the services).
PERSON_FIELDS = (
    "given_names",
    "family_name",
    "given_names_original",
    "family_name_original",
    "birth_year",
    "birth_month",
    "birth_day",
    "birth_estimated",
    "gender",
    "nationalities",
    "languages",
    "interpreter_needed",
    "interpreter_language",
    "phone",
    "email",
    "address",
    "district",
    "arrival_date",
    "residence_status",
    "residence_valid_until",
    "health",
    "disability",
    "religion",
    "relation",
)


@dataclass
class PersonData:
    """What is known of a person at intake or on a change (fields of `PERSON_FIELDS`)."""

    values: dict[str, Any] = field(default_factory=dict)
    spellings: list[tuple[str, str]] = field(default_factory=list)


def case_settings(municipality: Municipality | int) -> CaseSettings:
    """The municipality's case settings, or the defaults unsaved: a read writes nothing
    (the one default of the work list and the privacy tasks, `privacy.settings_of`)."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    return settings_of(municipality_id)


def check_birth(year: int | None, month: int | None, day: int | None) -> None:
    """A partial date of birth: year; year and month; or a whole date that exists."""
    today = timezone.localdate()
    if (day is not None and month is None) or (month is not None and year is None):
        raise ValidationError(
            {"birth_year": _("Give the year of birth (and the month) before the day.")}
        )
    if year is not None and not EARLIEST_BIRTH_YEAR <= year <= today.year:
        raise ValidationError(
            {"birth_year": _("The year of birth must lie between 1900 and this year.")}
        )
    if month is not None and not 1 <= month <= MONTHS:
        raise ValidationError({"birth_month": _("The month of birth must be 1 to 12.")})
    if day is not None and year is not None and month is not None:
        try:
            born = dt.date(year, month, day)
        except ValueError:
            raise ValidationError({"birth_day": _("This date of birth does not exist.")}) from None
        if born > today:
            raise ValidationError({"birth_day": _("The date of birth lies in the future.")})


def _check(person: Person) -> None:
    check_birth(person.birth_year, person.birth_month, person.birth_day)
    allowed = case_settings(person.municipality_id).residence_statuses
    if person.residence_status and person.residence_status not in allowed:
        raise ValidationError(
            {"residence_status": _("Your municipality does not record this residence status.")}
        )
    if person.arrival_date is not None and person.arrival_date > timezone.localdate():
        raise ValidationError({"arrival_date": _("The arrival date lies in the future.")})
    person.full_clean(exclude=["municipality", "team", "household"])


def refresh_name_keys(person: Person) -> None:
    """Store the blocking keys of all the person's names (for the duplicate search)."""
    keys: set[str] = blocking_keys(person.given_names, person.family_name)
    if person.family_name_original or person.given_names_original:
        keys |= blocking_keys(person.given_names_original, person.family_name_original)
    for s in person.spellings.all():
        keys |= blocking_keys(s.given_names, s.family_name)
    NameKey.objects.filter(person=person).exclude(key__in=keys).delete()
    have = set(NameKey.objects.filter(person=person).values_list("key", flat=True))
    NameKey.objects.bulk_create(
        [NameKey(municipality_id=person.municipality_id, person=person, key=k) for k in keys - have]
    )


@transaction.atomic
def household_create(
    *, actor: User | None, label: str, team: Team, municipality: Municipality | None = None
) -> Household:
    require(actor, access.WORK)
    m = tenant_of(actor, municipality)
    same_tenant(m, [team])
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": _("Give the household a label, e.g. the family name.")})
    household = Household.objects.create(municipality=m, label=label, team=team)
    audit(actor, AuditAction.CREATE, household, fields=["label", "team"])
    return household


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    data: PersonData,
    team: Team,
    household: Household | None = None,
    municipality: Municipality | None = None,
) -> Person:
    """Take in a person (with further spellings of the name)."""
    require(actor, access.WORK)
    m = tenant_of(actor, municipality)
    unknown = set(data.values) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    same_tenant(m, [team, household, data.values.get("district")])
    person = Person(municipality=m, team=team, household=household, **data.values)
    _check(person)
    person.save()
    _add_spellings(person, data.spellings)
    refresh_name_keys(person)
    audit(actor, AuditAction.CREATE, person, fields=sorted(data.values))
    return person


def _add_spellings(person: Person, spellings: Iterable[tuple[str, str]]) -> None:
    rows = [
        PersonName(
            municipality_id=person.municipality_id,
            person=person,
            given_names=" ".join(g.split()),
            family_name=" ".join(f.split()),
        )
        for g, f in spellings
        if f.strip()
    ]
    PersonName.objects.bulk_create(rows)


@transaction.atomic
def person_update(*, actor: User | None, person: Person, data: PersonData) -> list[str]:
    """Change a person's data; returns the fields that changed (audited as such)."""
    require(actor, access.WORK, person)
    unknown = set(data.values) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if person.anonymised_at is not None:
        raise ValidationError(_("This record is anonymised and cannot be changed."))
    if person.restricted_at is not None:
        raise ValidationError(_("Processing of this record is restricted."))
    same_tenant(person.municipality, [data.values.get("district")])
    changed = [k for k, v in data.values.items() if getattr(person, k) != v]
    for k in changed:
        setattr(person, k, data.values[k])
    if changed:
        _check(person)
        person.save()
    if data.spellings:
        _add_spellings(person, data.spellings)
    if changed or data.spellings:
        refresh_name_keys(person)
        audit(actor, AuditAction.UPDATE, person, fields=changed)
    return changed
