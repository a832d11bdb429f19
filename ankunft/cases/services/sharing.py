"""What happens to data shared with providers when the person's consent or data change
(GDPR Art. 19: recipients are told of corrections, erasures and restrictions).

Called by the consent, person and data-protection services; filled in by the referrals.
"""

from __future__ import annotations

from collections.abc import Iterable

from ankunft.cases.models import Person
from ankunft.core.models import User


def consent_withdrawn(*, actor: User | None, person: Person) -> int:
    """Stop sharing at once: returns the number of referrals whose provider was told."""
    return 0


def person_changed(*, actor: User | None, person: Person, fields: Iterable[str]) -> int:
    """Tell the providers that received any of `fields` of the correction."""
    return 0


def person_erased(*, actor: User | None, person: Person) -> int:
    """Tell the providers that received the person's data of the erasure."""
    return 0


def person_restricted(*, actor: User | None, person: Person) -> int:
    """Tell the providers that received the person's data of the restriction."""
    return 0
