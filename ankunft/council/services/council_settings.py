"""The council settings of a municipality (whether it keeps the council's persons)."""

from __future__ import annotations

from django.db import transaction

from ankunft.core.models import Municipality, User
from ankunft.council.models import (
    CouncilSettings,
    Membership,
    Person,
)
from ankunft.council.services.papers import _require_edit, tenant_of


@transaction.atomic
def set_persons_enabled(
    *, enabled: bool, actor: User | None = None, municipality: Municipality | None = None
) -> CouncilSettings:
    """Switch the persons of the council on or off for a municipality. Off removes the
    persons and memberships imported so far; the next import brings them back when on."""
    tenant = tenant_of(actor, municipality)
    _require_edit(actor)
    settings, _created = CouncilSettings.objects.update_or_create(
        municipality=tenant, defaults={"persons": enabled}
    )
    if not enabled:
        Membership.objects.filter(municipality=tenant).delete()
        Person.objects.filter(municipality=tenant).delete()
    return settings
