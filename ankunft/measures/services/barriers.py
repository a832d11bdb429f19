"""Writes of barriers (strukturelle Hürden): report, prioritise, answer with a measure.

The cases module reports barriers through `barrier_report(..., source=Barrier.Source.CASE)`;
until it exists, people enter them here directly. A barrier carries no personal data: the
form asks for an anonymised description.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.core.models import District, Municipality, User
from ankunft.measures.models import Barrier, FieldOfAction, Measure
from ankunft.measures.services import require, same_tenant, tenant_of

# A barrier answered, resolved or dismissed has left the steering group's queue.
OPEN_STATUSES = (Barrier.Status.REPORTED, Barrier.Status.PRIORITISED)


@transaction.atomic
def barrier_report(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    title: str,
    description: str = "",
    field_of_action: FieldOfAction | None = None,
    institution: str = "",
    district: District | None = None,
    source: str = Barrier.Source.DIRECT,
    reported_on: dt.date | None = None,
) -> Barrier:
    """Record a structural barrier met in case work (anonymised)."""
    require(actor, "measures.report_barrier")
    m = tenant_of(actor, municipality)
    same_tenant(m, [field_of_action, district])
    barrier = Barrier(
        municipality=m,
        title=title.strip(),
        description=description.strip(),
        field_of_action=field_of_action,
        institution=" ".join(institution.split()),
        district=district,
        source=source,
        reported_on=reported_on or timezone.localdate(),
    )
    barrier.full_clean()
    barrier.save()
    return barrier


@transaction.atomic
def barrier_prioritise(
    *, actor: User | None, barrier: Barrier, priority: int | None, response: str | None = None
) -> Barrier:
    """Give a barrier a priority (high, medium, low); a reported barrier becomes prioritised.
    `None` takes the priority away again."""
    require(actor, "measures.barriers", barrier)
    if priority is not None and priority not in Barrier.Priority.values:
        raise ValidationError(_("Unknown priority: %(value)s") % {"value": priority})
    barrier.priority = priority
    if priority is not None and barrier.status == Barrier.Status.REPORTED:
        barrier.status = Barrier.Status.PRIORITISED
    elif priority is None and barrier.status == Barrier.Status.PRIORITISED:
        barrier.status = Barrier.Status.REPORTED
    if response is not None:
        barrier.response = response.strip()
    barrier.save(update_fields=["priority", "status", "response"])
    return barrier


@transaction.atomic
def barrier_answer(
    *, actor: User | None, barrier: Barrier, measure: Measure, response: str = ""
) -> Barrier:
    """Answer a barrier with a measure (new or existing); the barrier is then "answered"."""
    require(actor, "measures.barriers", barrier)
    same_tenant(barrier.municipality, [measure])
    barrier.measures.add(measure)
    if barrier.status in OPEN_STATUSES:
        barrier.status = Barrier.Status.ANSWERED
    if response.strip():
        barrier.response = response.strip()
    barrier.save(update_fields=["status", "response"])
    return barrier


@transaction.atomic
def barrier_set_status(
    *, actor: User | None, barrier: Barrier, status: str, response: str | None = None
) -> Barrier:
    """Mark a barrier resolved or dismissed (or reopen it), with the steering group's note."""
    require(actor, "measures.barriers", barrier)
    if status not in Barrier.Status.values:
        raise ValidationError(_("Unknown status: %(value)s") % {"value": status})
    if status == Barrier.Status.ANSWERED and not barrier.measures.exists():
        raise ValidationError(_("Answer the barrier with a measure first."))
    barrier.status = status
    if response is not None:
        barrier.response = response.strip()
    barrier.save(update_fields=["status", "response"])
    return barrier
