"""Writes of council data: organisations, papers with their allocations, decisions.

Council papers are public records of bodies and factions, not personal data, so these
writes are not audited (see `council/data_classes.py`). `actor=None` is the system
(demo data, the OParl import run by an operator); it then needs the `municipality`.

Extension point — downstream modules react to decisions on a paper's money without council
knowing them (council never imports budget): they register a handler with
`on_decision_adopted(handler)` in their app config's `ready()`. `decision_record` calls every
handler, in registration order, inside its own transaction, for each decision with an
effect (`Decision.effect`: the first adoption makes the money budget lines, a later decision
confirms, changes or cancels it): a handler that raises undoes the decision as well, so a
decision and what follows from it are stored together or not at all. No Django signals:
the list is explicit and can be read here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.core import permissions
from ankunft.core.models import Municipality, User
from ankunft.council.models import (
    DECIDING_KINDS,
    Consultation,
    CouncilSettings,
    Decision,
    Meeting,
    Membership,
    Organization,
    Paper,
    PaperAllocation,
    Person,
    text_fingerprint,
)
from ankunft.council.oparl.fields import organization_kind

# Council records keep the council's own words (as OParl data does), not the UI language.
MOTION_PAPER_TYPE = "Antrag"
DECIDING_ROLE = "Entscheidung"

DecisionHandler = Callable[[User | None, Decision], None]

# Limits of the money a decision adopts (as the budget lines' own: years 1990–2100,
# amounts of at most 12 digits before the decimal point).
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_AMOUNT = Decimal("1000000000000")

# Handlers run, in order, when a decision with an effect on the money is recorded (see the
# module docstring).
DECISION_ADOPTED_HANDLERS: list[DecisionHandler] = []


def on_decision_adopted(handler: DecisionHandler) -> DecisionHandler:
    """Register `handler(actor, decision)` to run when a decision is adopted.

    Usable as a decorator; registering the same function twice has no effect.
    """
    if handler not in DECISION_ADOPTED_HANDLERS:
        DECISION_ADOPTED_HANDLERS.append(handler)
    return handler


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


Effect = Decision.Effect
# What a later decision may do to the money an earlier one adopted, per outcome.
LATER_EFFECTS: dict[str, tuple[str, ...]] = {
    Decision.Outcome.ADOPTED: (Effect.CONFIRMS, Effect.CHANGES, Effect.CANCELS),
    Decision.Outcome.REJECTED: (Effect.CANCELS,),
}


@dataclass(frozen=True)
class YearAmount:
    """The money a decision adopts for one year when it changes the amounts."""

    year: int
    amount: Decimal


def effective_decision(paper: Paper) -> Decision | None:
    """The decision that holds for the paper's money: the latest one with an effect."""
    return Decision.objects.filter(paper=paper).exclude(effect="").order_by("-date", "-id").first()


def _clean_amounts(amounts: Sequence[YearAmount]) -> list[dict[str, object]]:
    if not amounts:
        raise ValidationError({"amounts": _("Give the adopted amount for at least one year.")})
    seen: set[int] = set()
    rows: list[dict[str, object]] = []
    for item in amounts:
        if not MIN_YEAR <= item.year <= MAX_YEAR:
            raise ValidationError(
                {
                    "amounts": _("The year %(year)s lies outside %(min)s–%(max)s.")
                    % {"year": item.year, "min": MIN_YEAR, "max": MAX_YEAR}
                }
            )
        if item.year in seen:
            raise ValidationError(
                {"amounts": _("The year %(year)s is given twice.") % {"year": item.year}}
            )
        if item.amount < 0 or not item.amount.is_finite() or item.amount >= MAX_AMOUNT:
            message = _("Give an amount of at least 0 EUR for %(year)s.")
            raise ValidationError({"amounts": message % {"year": item.year}})
        seen.add(item.year)
        rows.append({"year": item.year, "amount": str(item.amount.quantize(Decimal("0.01")))})
    return sorted(rows, key=lambda r: int(str(r["year"])))


def _decision_effect(paper: Paper, outcome: str, effect: str, *, has_earlier: bool) -> str:
    """The effect a new decision has on the paper's money, checked against its history."""
    if effect and effect not in Effect.values:
        raise ValidationError({"effect": _("Unknown effect: %(value)s") % {"value": effect}})
    if not has_earlier:
        if outcome == Decision.Outcome.ADOPTED and effect in ("", Effect.NEW):
            return Effect.NEW
        if effect:
            raise ValidationError(
                {"effect": _("No earlier decision on this paper holds money to act on.")}
            )
        return ""
    allowed: tuple[str, ...] = LATER_EFFECTS.get(outcome, ())
    if effect and effect not in allowed:
        raise ValidationError(
            {"effect": _("This outcome cannot have that effect on the budget lines.")}
        )
    if not effect and outcome == Decision.Outcome.ADOPTED:
        raise ValidationError(
            {
                "effect": _(
                    "An earlier decision on this paper already adopted its money: say whether "
                    "this one confirms it, changes the amounts or cancels it."
                )
            }
        )
    return effect


@transaction.atomic
def decision_record(
    *,
    actor: User | None,
    paper: Paper,
    outcome: str,
    date: datetime.date | None,
    organization: Organization | None = None,
    resolution_text: str = "",
    effect: str = "",
    amounts: Sequence[YearAmount] = (),
) -> Decision:
    """Record what a body decided on a paper (Beschluss).

    The first adopted decision on a paper makes its allocations budget lines (effect
    "new"). A later decision on the same paper says what it does to that money: it
    confirms it, changes the amounts (`amounts`, per year) or cancels it (a rejection may
    cancel too). Whenever a decision has an effect, every handler in
    `DECISION_ADOPTED_HANDLERS` runs inside this transaction and reads `decision.effect`.
    The date may be unknown for decisions recorded after the fact; the page's form asks
    for it.
    """
    _require_edit(actor, paper)
    if organization is not None and organization.municipality_id != paper.municipality_id:
        raise ValidationError({"organization": _("The body belongs to another municipality.")})
    if organization is not None and organization.kind not in DECIDING_KINDS:
        raise ValidationError(
            {"organization": _("Choose a body (council, committee, district council).")}
        )
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome: %(value)s") % {"value": outcome}})
    # Lock the paper: two decisions recorded at once must not both become "new".
    Paper.objects.select_for_update().filter(pk=paper.pk).first()
    has_earlier = Decision.objects.filter(paper=paper).exclude(effect="").exists()
    effect = _decision_effect(paper, outcome, effect, has_earlier=has_earlier)
    rows = _clean_amounts(amounts) if effect == Effect.CHANGES else []
    decision = Decision(
        municipality_id=paper.municipality_id,
        paper=paper,
        organization=organization,
        outcome=outcome,
        date=date,
        resolution_text=resolution_text.strip(),
        effect=effect,
        amounts=rows,
    )
    decision.full_clean()
    decision.save()
    if effect:
        for handler in DECISION_ADOPTED_HANDLERS:
            handler(actor, decision)
    return decision


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
