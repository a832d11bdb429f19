"""The council settings of a municipality (whether it keeps the council's persons)."""

from __future__ import annotations

from django.db import transaction

from ankunft.core import permissions
from ankunft.core.audit import SYSTEM, audit
from ankunft.core.models import AuditAction, Municipality, User
from ankunft.council.models import CouncilSettings, Membership, Person
from ankunft.council.services.papers import tenant_of

SETTINGS_PERMISSION = "council.manage_settings"


@transaction.atomic
def set_persons_enabled(
    *, enabled: bool, actor: User | None = None, municipality: Municipality | None = None
) -> CouncilSettings:
    """Switch the persons of the council on or off for a municipality. Off removes the
    persons and memberships imported so far; the next import brings them back when on.

    A person needs `council.manage_settings` (the head of the KI); a change is audited
    (persons of the council are public office holders, but they are persons)."""
    if actor is not None:
        permissions.require(actor, SETTINGS_PERMISSION)
    tenant = tenant_of(actor, municipality)
    settings, created = CouncilSettings.objects.get_or_create(
        municipality=tenant, defaults={"persons": enabled}
    )
    if not created and settings.persons != enabled:
        settings.persons = enabled
        settings.save(update_fields=["persons"])
        created = True  # changed: audited below
    if created:
        audit(actor or SYSTEM, AuditAction.UPDATE, settings, fields=["persons"])
    if not enabled:
        Membership.objects.filter(municipality=tenant).delete()
        Person.objects.filter(municipality=tenant).delete()
    return settings
