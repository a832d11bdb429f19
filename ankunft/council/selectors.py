"""Reads of council data, scoped to the actor's municipality and the permission layer.

Council data is not personal (see `council/data_classes.py`), so reads are not audited.
Long lists use keyset pagination: a cursor names the last row shown, so a page costs the
same at row 10 as at row 100,000 and no COUNT(*) runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, F, Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ankunft.core import permissions
from ankunft.core.models import User
from ankunft.core.pagination import DEFAULT_LIMIT as PAGE_SIZE
from ankunft.core.pagination import Page, keyset_page
from ankunft.council.models import (
    DECIDING_KINDS,
    AgendaItem,
    Consultation,
    Decision,
    File,
    Meeting,
    Organization,
    Paper,
    text_fingerprint,
)


def _visible(actor: User) -> None:
    permissions.require(actor, "council.view")


# Papers ---------------------------------------------------------------------------------


def paper_list(
    *, actor: User, query: str = "", paper_type: str = "", include_deleted: bool = False
) -> QuerySet[Paper]:
    """Papers of the actor's municipality, newest first; `query` searches reference, title
    and text (every word must occur somewhere)."""
    _visible(actor)
    qs = Paper.objects.for_user(actor)
    if not include_deleted:
        qs = qs.filter(deleted=False)
    for word in query.split()[:8]:
        qs = qs.filter(
            Q(reference__icontains=word) | Q(name__icontains=word) | Q(text__icontains=word)
        )
    if paper_type:
        qs = qs.filter(paper_type=paper_type)
    return qs.order_by(F("date").desc(nulls_last=True), "-id")


PAPER_KEYS = ("-date", "-id")


def paper_rows(papers: QuerySet[Paper]) -> QuerySet[Paper]:
    """`papers` with what a list row shows (no full text, the originators)."""
    return papers.defer("text").prefetch_related("originators")


def paper_page(*, papers: QuerySet[Paper], cursor: str = "", limit: int = PAGE_SIZE) -> Page[Paper]:
    """A keyset page of `papers` (date desc, undated last, then id desc) after `cursor`;
    a cursor this list did not issue raises `CursorError`."""
    return keyset_page(paper_rows(papers), keys=PAPER_KEYS, cursor=cursor, limit=limit)


def paper_types(*, actor: User) -> list[str]:
    """The paper types in use, for the list's filter."""
    _visible(actor)
    return list(
        Paper.objects.for_user(actor)
        .exclude(paper_type="")
        .order_by("paper_type")
        .values_list("paper_type", flat=True)
        .distinct()
    )


def paper_get(*, actor: User, pk: int) -> Paper:
    """One paper with everything its page shows; another municipality's paper is a 404."""
    _visible(actor)
    paper = (
        Paper.objects.for_user(actor)
        .prefetch_related(
            "originators",
            "allocations",
            Prefetch("files", queryset=File.objects.filter(deleted=False).defer("text")),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.select_related("meeting", "organization"),
            ),
            # The agenda items that dealt with the paper, with their files (resolution …).
            Prefetch(
                "consultations__agenda_items",
                queryset=AgendaItem.objects.filter(deleted=False).select_related("meeting"),
            ),
            Prefetch(
                "consultations__agenda_items__files",
                queryset=File.objects.filter(deleted=False).defer("text"),
            ),
            Prefetch("decisions", queryset=Decision.objects.select_related("organization")),
            Prefetch("related_papers", queryset=Paper.objects.order_by("reference")),
            Prefetch("referenced_by", queryset=Paper.objects.order_by("reference")),
        )
        .filter(pk=pk)
        .first()
    )
    if paper is None:
        raise Http404
    permissions.require(actor, "council.view", paper)
    return paper


def paper_unresolved_references(*, paper: Paper) -> list[str]:
    """The paper's related references that still name no paper of the municipality."""
    known = set(
        Paper.objects.for_municipality(paper.municipality_id)
        .filter(reference__in=paper.related_references)
        .values_list("reference", flat=True)
    )
    return [ref for ref in paper.related_references if ref not in known]


def paper_by_references(*, municipality_id: int, references: list[str]) -> list[Paper]:
    """Papers of a municipality whose reference is one of `references`."""
    if not references:
        return []
    return list(
        Paper.objects.for_municipality(municipality_id)
        .filter(reference__in=references, deleted=False)
        .order_by("reference", "id")
    )


def paper_default_decision(*, paper: Paper) -> tuple[Organization | None, datetime.date | None]:
    """The body and date a decision on the paper most likely has: its authoritative (or
    else latest) consultation's organisation and meeting date."""
    consultations = sorted(
        paper.consultations.all(), key=lambda c: (c.authoritative, c.pk), reverse=True
    )
    for consultation in consultations:
        start = consultation.meeting.start if consultation.meeting else None
        return consultation.organization, timezone.localdate(start) if start else None
    return None, None


def _budget_lines_of(paper: Paper) -> QuerySet[Model] | None:
    """The budget lines made from the paper's decisions, when the budget module is there
    (council does not import it: the lines are read through the app registry)."""
    if not apps.is_installed("ankunft.budget"):
        return None
    model = apps.get_model("budget", "BudgetLine")
    return model._default_manager.filter(
        municipality_id=paper.municipality_id, decision__paper_id=paper.pk
    )


def paper_budget_lines(*, actor: User, paper: Paper) -> list[Any]:
    """The paper's budget lines with the decision that holds each and its history; empty
    for those who may not see the budget (money is the budget module's to show)."""
    if not permissions.can(actor, "budget.view", paper):
        return []
    lines = _budget_lines_of(paper)
    if lines is None:
        return []
    history = apps.get_model("budget", "BudgetLineChange")._default_manager.select_related(
        "decision__organization"
    )
    return list(
        lines.select_related("decision__organization")
        .prefetch_related(Prefetch("changes", queryset=history.order_by("changed_at", "id")))
        .order_by("year", "id")
    )


def paper_money_years(*, paper: Paper) -> list[tuple[int, Decimal]] | None:
    """None while no decision on the paper has acted on its money; else the years of its
    budget lines with their amounts (what a later decision confirms, changes or cancels)."""
    if not Decision.objects.filter(paper=paper).exclude(effect="").exists():
        return None
    lines = _budget_lines_of(paper)
    totals: dict[int, Decimal] = {}
    for year, amount in lines.values_list("year", "amount") if lines is not None else []:
        totals[year] = totals.get(year, Decimal(0)) + amount
    return sorted(totals.items())


def paper_duplicates(
    *,
    actor: User,
    title: str,
    date: datetime.date | None,
    originators: Sequence[str],
    text: str,
) -> list[Paper]:
    """Papers of the actor's municipality that look like this motion read once more: the
    same text (fingerprint), or the same title, date and originators (case ignored)."""
    text_hash = text_fingerprint(text)
    papers = Paper.objects.for_user(actor).filter(deleted=False)
    same_text = list(papers.filter(text_hash=text_hash)[:10]) if text_hash else []
    wanted = sorted(name.casefold() for name in originators)
    same_title = [
        p
        for p in papers.filter(name__iexact=title.strip(), date=date).prefetch_related(
            "originators"
        )[:10]
        if sorted((o.short_name or o.name).casefold() for o in p.originators.all()) == wanted
    ]
    found: dict[int, Paper] = {p.pk: p for p in [*same_text, *same_title]}
    return sorted(found.values(), key=lambda p: p.pk)


# Organisations and meetings ---------------------------------------------------------------


def organization_list(*, actor: User, kind: str = "") -> QuerySet[Organization]:
    """Bodies and factions of the municipality with the number of papers they moved."""
    _visible(actor)
    qs = Organization.objects.for_user(actor).filter(deleted=False)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(paper_count=Count("originated_papers", distinct=True)).order_by(
        "kind", "name", "id"
    )


def organization_choices(*, actor: User) -> QuerySet[Organization]:
    """Organisations a form may offer (not deleted), by name."""
    _visible(actor)
    return Organization.objects.for_user(actor).filter(deleted=False).order_by("name", "id")


def deciding_body_choices(*, actor: User) -> QuerySet[Organization]:
    """Bodies that take decisions (council, committees, district councils; not factions
    nor the administration), by name."""
    return organization_choices(actor=actor).filter(kind__in=DECIDING_KINDS)


def organization_get(*, actor: User, pk: int) -> Organization:
    """One organisation with its papers, meetings and decisions (most recent first)."""
    _visible(actor)
    organization = (
        Organization.objects.for_user(actor)
        .prefetch_related(
            Prefetch(
                "originated_papers",
                queryset=Paper.objects.filter(deleted=False).order_by(
                    F("date").desc(nulls_last=True), "-id"
                )[:100],
                to_attr="recent_papers",
            ),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.filter(deleted=False).order_by(
                    F("start").desc(nulls_last=True), "-id"
                )[:100],
                to_attr="recent_meetings",
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("paper")[:100],
                to_attr="recent_decisions",
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if organization is None:
        raise Http404
    return organization


MEETING_KEYS = ("-start", "-id")


def meeting_list(*, actor: User, query: str = "") -> QuerySet[Meeting]:
    """Meetings of the municipality, most recent first, with their bodies."""
    _visible(actor)
    qs = Meeting.objects.for_user(actor).filter(deleted=False)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(organizations__name__icontains=query))
        qs = qs.distinct()
    return qs.prefetch_related("organizations").order_by(F("start").desc(nulls_last=True), "-id")


def meeting_get(*, actor: User, pk: int) -> Meeting:
    """One meeting with its bodies, files, agenda (and the paper each item treats) and the
    papers consulted in it."""
    _visible(actor)
    meeting = (
        Meeting.objects.for_user(actor)
        .prefetch_related(
            "organizations",
            Prefetch(
                "consultations",
                queryset=Consultation.objects.select_related("paper", "organization"),
            ),
            Prefetch("files", queryset=File.objects.filter(deleted=False).defer("text")),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.filter(deleted=False).select_related(
                    "consultation__paper"
                ),
            ),
            Prefetch(
                "agenda_items__files",
                queryset=File.objects.filter(deleted=False).defer("text"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting
