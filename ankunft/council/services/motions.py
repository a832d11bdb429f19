"""Motions read by the motion reader and confirmed by a person, stored as papers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ankunft.core.models import Municipality, User
from ankunft.council.models import (
    Consultation,
    Meeting,
    Organization,
    Paper,
)
from ankunft.council.oparl.fields import organization_kind
from ankunft.council.services.papers import (
    AllocationData,
    _clean_references,
    _require_edit,
    organization_ensure,
    paper_create,
    tenant_of,
)

# Council records keep the council's own words (as OParl data does), not the UI language.
MOTION_PAPER_TYPE = "Antrag"
DECIDING_ROLE = "Entscheidung"


@dataclass(frozen=True)
class ConfirmedMotion:
    """A motion as the person confirmed it after the reader's proposal."""

    title: str
    reference: str = ""
    date: datetime.date | None = None
    originators: Sequence[str] = ()
    committee: str = ""
    meeting_date: datetime.date | None = None
    allocations: Sequence[AllocationData] = ()
    cover: str = ""
    related_references: Sequence[str] = ()
    text: str = ""


def _meeting_ensure(tenant: Municipality, committee: Organization, day: datetime.date) -> Meeting:
    """The committee's meeting on that day, created when missing."""
    found = (
        Meeting.objects.for_municipality(tenant.pk)
        .filter(organizations=committee, start__date=day, deleted=False)
        .order_by("id")
        .first()
    )
    if found is not None:
        return found
    meeting = Meeting.objects.create(
        municipality=tenant,
        name=f"Sitzung {committee.name}",
        start=timezone.make_aware(datetime.datetime.combine(day, datetime.time())),
    )
    meeting.organizations.add(committee)
    return meeting


@transaction.atomic
def motion_confirm(
    *, actor: User | None, municipality: Municipality | None = None, motion: ConfirmedMotion
) -> Paper:
    """Store a confirmed motion as a paper (source "motion reader").

    Factions are found by short name or created; the committee becomes the paper's
    authoritative consultation, in its meeting on the meeting date (created when missing);
    references of papers that exist are linked, the others kept as references.
    """
    _require_edit(actor)
    tenant = tenant_of(actor, municipality)
    originators = [
        organization_ensure(
            actor=actor, municipality=tenant, short_name=name, kind=Organization.Kind.FACTION
        )
        for name in _clean_references(motion.originators)
    ]
    references = [
        r for r in _clean_references(motion.related_references) if r != motion.reference.strip()
    ]
    related = list(
        Paper.objects.for_municipality(tenant.pk).filter(reference__in=references, deleted=False)
    )
    known = {p.reference for p in related}
    paper = paper_create(
        actor=actor,
        municipality=tenant,
        name=motion.title,
        reference=motion.reference,
        date=motion.date,
        paper_type=MOTION_PAPER_TYPE,
        text=motion.text,
        cover=motion.cover,
        originators=originators,
        related_papers=related,
        related_references=[r for r in references if r not in known],
        allocations=motion.allocations,
        source=Paper.Source.MOTION_READER,
    )
    if motion.committee.strip():
        committee = organization_ensure(
            actor=actor,
            municipality=tenant,
            short_name="",
            name=motion.committee,
            kind=_committee_kind(motion.committee),
        )
        meeting = (
            _meeting_ensure(tenant, committee, motion.meeting_date) if motion.meeting_date else None
        )
        Consultation.objects.create(
            municipality=tenant,
            paper=paper,
            meeting=meeting,
            organization=committee,
            role=DECIDING_ROLE,
            authoritative=True,
        )
    return paper


def _committee_kind(name: str) -> str:
    kind = organization_kind(name)
    return kind if kind in Organization.Kind.values and kind != "other" else "committee"
