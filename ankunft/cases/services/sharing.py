"""What happens to data shared with providers when the person's consent or data change
(GDPR Art. 19: recipients are told of corrections, erasures and restrictions).

Called by the consent, person and data-protection services. The inbox reads shared fields
live and only while consent holds, so a withdrawal hides the data at once; the notices tell
the provider why.
"""

from __future__ import annotations

from collections.abc import Iterable

from ankunft.cases.models import Person, Referral, ReferralNotice, ReferralStatus
from ankunft.core.models import User

OPEN = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


def _notify(referrals: Iterable[Referral], kind: str, fields_of: dict[int, list[str]]) -> int:
    rows = [
        ReferralNotice(
            municipality_id=r.municipality_id,
            referral=r,
            offer_id=r.offer_id,
            case_number=r.case.number,
            kind=kind,
            fields=fields_of.get(r.pk, list(r.shared_fields)),
        )
        for r in referrals
    ]
    ReferralNotice.objects.bulk_create(rows)
    return len(rows)


def _shared(person: Person) -> list[Referral]:
    """Referrals of the person that shared any data (the case number alone is no data)."""
    return [
        r
        for r in Referral.objects.select_related("case")
        .filter(case__person=person)
        .exclude(status=ReferralStatus.WITHDRAWN)
        if r.shared_fields
    ]


def consent_withdrawn(*, actor: User | None, person: Person) -> int:
    """Stop sharing at once: returns the number of referrals whose provider was told."""
    referrals = Referral.objects.select_related("case").filter(case__person=person, status__in=OPEN)
    return _notify(referrals, ReferralNotice.Kind.WITHDRAWN, {})


def person_changed(*, actor: User | None, person: Person, fields: Iterable[str]) -> int:
    """Tell the providers that received any of `fields` of the correction."""
    changed = set(fields)
    referrals = [r for r in _shared(person) if changed & set(r.shared_fields)]
    touched = {r.pk: [f for f in r.shared_fields if f in changed] for r in referrals}
    return _notify(referrals, ReferralNotice.Kind.CORRECTED, touched)


def person_erased(*, actor: User | None, person: Person) -> int:
    """Tell the providers that received the person's data of the erasure."""
    return _notify(_shared(person), ReferralNotice.Kind.ERASED, {})


def person_restricted(*, actor: User | None, person: Person) -> int:
    """Tell the providers that received the person's data of the restriction."""
    return _notify(_shared(person), ReferralNotice.Kind.RESTRICTED, {})
