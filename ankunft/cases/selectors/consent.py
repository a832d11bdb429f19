"""Whether a person's data may be processed for a purpose: one rule for the step gate, the
referrals and the provider's inbox (the database twin of `Consent.is_valid`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from ankunft.cases.models import Consent, Person


def valid_q(purpose: str, on: dt.date | None = None) -> Q:
    """Consent records that give a basis for `purpose` on the day: given, not withdrawn,
    not expired (a record of another legal basis counts as well)."""
    day = on or timezone.localdate()
    return (
        Q(purpose=purpose, given_on__lte=day)
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    )


def has_basis(person: Person, purpose: str, on: dt.date | None = None) -> bool:
    return Consent.objects.filter(valid_q(purpose, on), person_id=person.pk).exists()


def persons_with_basis(
    person_ids: Iterable[int], purpose: str, on: dt.date | None = None
) -> set[int]:
    """Of these persons, the ones with a basis for `purpose` (one query)."""
    found = Consent.objects.filter(valid_q(purpose, on), person_id__in=list(person_ids))
    return set(found.values_list("person_id", flat=True))
