"""Writes of council papers and organisations, by a person or by the system.

Council papers are public records of bodies and factions, not personal data, so these
writes are not audited (see `council/data_classes.py`). `actor=None` is the system
(demo data, the OParl import run by an operator); it then needs the `municipality`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ankunft.core import permissions
from ankunft.core.models import Municipality, User
from ankunft.council.models import (
    Organization,
    Paper,
    PaperAllocation,
    text_fingerprint,
)


@dataclass(frozen=True)
class AllocationData:
    """One year's money as entered or confirmed by a person."""

    year: int | None
    amount_eur: Decimal
    recurring: bool = False
    kind: str = ""


def tenant_of(actor: User | None, municipality: Municipality | None) -> Municipality:
    """The municipality a write goes to: the actor's own, or the given one for the system."""
    if actor is not None:
        if actor.municipality is None:
            raise ValidationError(_("Your account belongs to no municipality."))
        if municipality is not None and municipality.pk != actor.municipality_id:
            raise ValidationError(_("You may only write to your own municipality."))
        return actor.municipality
    if municipality is None:
        raise ValidationError(_("A municipality is required."))
    return municipality


def _require_edit(actor: User | None, obj: object = None) -> None:
    if actor is not None:
        permissions.require(actor, "council.edit", obj)


@transaction.atomic
def organization_ensure(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    short_name: str,
    name: str = "",
    kind: str = Organization.Kind.OTHER,
) -> Organization:
    """The organisation with this short name (or else name), created when missing.

    Matching ignores case, so "Grüne" finds "GRÜNE"; an existing record keeps its name.
    """
    _require_edit(actor)
    tenant = tenant_of(actor, municipality)
    short_name = short_name.strip()
    name = name.strip() or short_name
    if not short_name and not name:
        raise ValidationError(_("An organisation needs a name."))
    # Compared in Python: SQLite's case-insensitive match knows only ASCII ("GRÜNE").
    candidates = list(
        Organization.objects.for_municipality(tenant.pk).filter(deleted=False).order_by("id")
    )
    for field, wanted in (("short_name", short_name), ("name", name)):
        key = wanted.casefold()
        found = next((o for o in candidates if key and getattr(o, field).casefold() == key), None)
        if found is not None:
            return found
    organization = Organization(municipality=tenant, name=name, short_name=short_name, kind=kind)
    organization.full_clean()
    organization.save()
    return organization


def _check_same_tenant(tenant: Municipality, objects: Iterable[object], field: str) -> None:
    for obj in objects:
        if getattr(obj, "municipality_id", None) != tenant.pk:
            raise ValidationError({field: _("The record belongs to another municipality.")})


def _set_allocations(paper: Paper, allocations: Sequence[AllocationData]) -> None:
    paper.allocations.all().delete()
    rows = []
    for item in allocations:
        row = PaperAllocation(
            municipality_id=paper.municipality_id,
            paper=paper,
            year=item.year,
            amount_eur=item.amount_eur,
            recurring=item.recurring,
            kind=item.kind,
        )
        row.full_clean(exclude=["paper"])
        rows.append(row)
    PaperAllocation.objects.bulk_create(rows)


@transaction.atomic
def paper_create(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    name: str,
    reference: str = "",
    date: datetime.date | None = None,
    paper_type: str = "",
    text: str = "",
    cover: str = "",
    originators: Sequence[Organization] = (),
    related_papers: Sequence[Paper] = (),
    related_references: Sequence[str] = (),
    allocations: Sequence[AllocationData] = (),
    source: str = Paper.Source.MANUAL,
) -> Paper:
    """Create a paper (Drucksache) with its originators, related papers and allocations."""
    _require_edit(actor)
    tenant = tenant_of(actor, municipality)
    _check_same_tenant(tenant, originators, "originators")
    _check_same_tenant(tenant, related_papers, "related_papers")
    paper = Paper(
        municipality=tenant,
        name=name.strip(),
        reference=reference.strip(),
        date=date,
        paper_type=paper_type.strip(),
        text=text,
        cover=cover.strip(),
        related_references=_clean_references(related_references),
        source=source,
        text_hash=text_fingerprint(text),
    )
    paper.full_clean()
    paper.save()
    paper.originators.set(originators)
    paper.related_papers.set(related_papers)
    _set_allocations(paper, allocations)
    return paper


@transaction.atomic
def paper_update(
    *,
    actor: User | None,
    paper: Paper,
    name: str,
    reference: str = "",
    date: datetime.date | None = None,
    paper_type: str = "",
    text: str = "",
    cover: str = "",
    originators: Sequence[Organization] = (),
    related_papers: Sequence[Paper] = (),
    related_references: Sequence[str] = (),
    allocations: Sequence[AllocationData] | None = None,
) -> Paper:
    """Change a paper; `allocations=None` keeps the allocations, a list replaces them."""
    _require_edit(actor, paper)
    tenant = paper.municipality
    _check_same_tenant(tenant, originators, "originators")
    _check_same_tenant(tenant, related_papers, "related_papers")
    if any(p.pk == paper.pk for p in related_papers):
        raise ValidationError({"related_papers": _("A paper cannot be related to itself.")})
    paper.name = name.strip()
    paper.reference = reference.strip()
    paper.date = date
    paper.paper_type = paper_type.strip()
    paper.text = text
    paper.text_hash = text_fingerprint(text)
    paper.cover = cover.strip()
    paper.related_references = _clean_references(related_references)
    paper.full_clean()
    paper.save()
    paper.originators.set(originators)
    paper.related_papers.set(related_papers)
    if allocations is not None:
        _set_allocations(paper, allocations)
    return paper


def _clean_references(references: Iterable[str]) -> list[str]:
    result: list[str] = []
    for reference in references:
        cleaned = " ".join(str(reference).split())
        if cleaned and cleaned not in result:
            result.append(cleaned)
    return result
