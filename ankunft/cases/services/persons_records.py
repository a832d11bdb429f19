"""Further writes of persons: spellings, legal-domain periods and the case settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import (
    CaseEvent,
    CaseSettings,
    LegalDomain,
    LegalDomainPeriod,
    Person,
    PersonName,
    ResidenceStatus,
    Step,
)
from ankunft.cases.services import require
from ankunft.cases.services.cases import record_event
from ankunft.cases.services.persons import case_settings, refresh_name_keys
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, User

MIN_RETENTION_DAYS = 30


def _writable(person: Person) -> None:
    if person.anonymised_at is not None:
        raise ValidationError(_("This record is anonymised and cannot be changed."))
    if person.restricted_at is not None:
        raise ValidationError(_("Processing of this record is restricted."))


@transaction.atomic
def spelling_add(*, actor: User | None, person: Person, given: str, family: str) -> PersonName:
    """A further spelling of the name (another transliteration, a birth name)."""
    require(actor, access.WORK, person)
    _writable(person)
    family = " ".join(family.split())
    if not family:
        raise ValidationError({"family_name": _("Give at least the family name.")})
    spelling = PersonName.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        given_names=" ".join(given.split()),
        family_name=family,
    )
    refresh_name_keys(person)
    audit(actor, AuditAction.CREATE, spelling, fields=["given_names", "family_name"])
    return spelling


@transaction.atomic
def legal_domain_change(
    *, actor: User | None, person: Person, domain: str, start: dt.date
) -> LegalDomainPeriod:
    """From `start` the person's support falls under `domain`: the open period ends the day
    before, and each open case of the person records the change."""
    require(actor, access.WORK, person)
    _writable(person)
    if domain not in LegalDomain.values:
        raise ValidationError({"domain": _("Choose a legal domain.")})
    if start > timezone.localdate():
        raise ValidationError({"start": _("A change of legal domain cannot lie in the future.")})
    periods = LegalDomainPeriod.objects.select_for_update().filter(person=person)
    if periods.filter(start__gte=start).exists():
        raise ValidationError(
            {"start": _("A later period is already recorded: the change must start after it.")}
        )
    current = periods.filter(end__isnull=True).order_by("-start").first()
    if current is not None and current.domain == domain:
        raise ValidationError({"domain": _("The person's support already falls under this law.")})
    if current is not None:
        current.end = start - dt.timedelta(days=1)
        current.save(update_fields=["end"])
        audit(actor, AuditAction.UPDATE, current, fields=["end"])
    period = LegalDomainPeriod.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        domain=domain,
        start=start,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit(actor, AuditAction.CREATE, period, fields=["domain", "start"])
    for case in person.cases.exclude(step=Step.CLOSED):
        record_event(
            case,
            CaseEvent.Kind.LEGAL_DOMAIN,
            actor=actor,
            from_value=current.domain if current else "",
            to_value=domain,
            note=start.isoformat(),
        )
    return period


SETTINGS_FIELDS = (
    "residence_statuses",
    "no_contact_weeks",
    "consent_warning_days",
    "residence_warning_days",
    "retention_days",
)


@transaction.atomic
def case_settings_update(*, actor: User, values: dict[str, Any]) -> list[str]:
    """Change the municipality's case settings; returns the fields changed (not personal:
    no audit entry)."""
    require(actor, access.SETTINGS)
    if actor.municipality_id is None:
        raise ValidationError(_("Your account belongs to no municipality."))
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    # Unsaved until the first change: saved (created) below only when a value changed.
    record: CaseSettings = case_settings(actor.municipality_id)
    statuses = values.get("residence_statuses")
    if statuses is not None:
        wrong = [s for s in statuses if s not in ResidenceStatus.values]
        if wrong:
            raise ValidationError(
                {"residence_statuses": _("Unknown residence status: %(s)s") % {"s": wrong[0]}}
            )
        values = {
            **values,
            "residence_statuses": [s for s in ResidenceStatus.values if s in statuses],
        }
    retention = values.get("retention_days")
    if retention is not None and retention < MIN_RETENTION_DAYS:
        raise ValidationError({"retention_days": _("Keep closed cases for at least 30 days.")})
    for name in ("no_contact_weeks", "consent_warning_days", "residence_warning_days"):
        number = values.get(name)
        if number is not None and not 1 <= number <= 365:  # noqa: PLR2004
            raise ValidationError({name: _("Give a number from 1 to 365.")})
    changed = [k for k, v in values.items() if getattr(record, k) != v]
    for k in changed:
        setattr(record, k, values[k])
    if changed:
        record.full_clean(exclude=["municipality"])
        record.save()
    return changed
