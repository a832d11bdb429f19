"""Records of other modules that measures link to (decisions, budget lines, positions) and
districts and fields of action, looked up in the actor's municipality: choices for forms
and ids from the API turned into records. Nothing here is personal (no holder names)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ankunft.budget.models import BudgetLine, Position
from ankunft.core import permissions
from ankunft.core.models import District, User
from ankunft.council.models import Decision
from ankunft.measures.models import Concept, FieldOfAction, Measure, StaffAllocation

_M = TypeVar("_M", bound=models.Model)
VIEW = "measures.view"


def decision_choices(*, actor: User) -> QuerySet[Decision]:
    return (
        Decision.objects.for_user(actor)
        .select_related("paper", "organization")
        .order_by("-date", "-id")
    )


def budget_line_choices(*, actor: User) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.for_user(actor).order_by("-year", "purpose")


def position_choices(*, actor: User) -> QuerySet[Position]:
    return Position.objects.for_user(actor).order_by("title", "start")


def position_get(*, actor: User, pk: int) -> Position:
    permissions.require(actor, VIEW)
    position = position_choices(actor=actor).filter(pk=pk).first()
    if position is None:
        raise Http404
    return position


def allocation_get(*, actor: User, pk: int) -> StaffAllocation:
    permissions.require(actor, VIEW)
    allocation = StaffAllocation.objects.for_user(actor).filter(pk=pk).first()
    if allocation is None:
        raise Http404
    return allocation


def allocations_of(*, actor: User, measure: Measure) -> list[StaffAllocation]:
    """The staff allocations of a measure with their positions."""
    permissions.require(actor, VIEW, measure)
    return list(
        StaffAllocation.objects.for_user(actor)
        .filter(measure=measure)
        .select_related("position")
        .order_by("valid_from", "id")
    )


def _by_ids(qs: QuerySet[_M], ids: Iterable[int], label: str) -> list[_M]:
    wanted = set(ids)
    found = list(qs.filter(pk__in=wanted))
    missing = sorted(wanted - {obj.pk for obj in found})
    if missing:
        raise ValidationError(
            _("Unknown %(what)s: %(ids)s") % {"what": label, "ids": ", ".join(map(str, missing))}
        )
    return found


# The many-to-many links of a measure that the API names by id.
LINK_FIELDS = ("fields_of_action", "districts", "decisions", "budget_lines", "positions")


def resolve_links(*, actor: User, data: dict[str, Any]) -> dict[str, Any]:
    """Ids of `data` (concept_id and the LINK_FIELDS) → the actor's records; 400 on an id
    that is unknown or another municipality's."""
    sources: dict[str, tuple[QuerySet[Any], str]] = {
        "fields_of_action": (FieldOfAction.objects.for_user(actor), _("field of action")),
        "districts": (District.objects.for_user(actor), _("district")),
        "decisions": (Decision.objects.for_user(actor), _("decision")),
        "budget_lines": (BudgetLine.objects.for_user(actor), _("budget line")),
        "positions": (Position.objects.for_user(actor), _("position")),
    }
    links: dict[str, Any] = {}
    for name, (qs, label) in sources.items():
        if data.get(name) is not None:
            links[name] = _by_ids(qs, data[name], label)
    if data.get("concept_id") is not None:
        links["concept"] = _by_ids(
            Concept.objects.for_user(actor), [data["concept_id"]], _("concept")
        )[0]
    return links


def resolve_barrier_links(
    *, actor: User, field_of_action_id: int | None, district_id: int | None
) -> dict[str, Any]:
    """The field of action and district of a barrier from their ids (400 when unknown)."""
    return {
        "field_of_action": _by_ids(
            FieldOfAction.objects.for_user(actor), [field_of_action_id], _("field of action")
        )[0]
        if field_of_action_id
        else None,
        "district": _by_ids(District.objects.for_user(actor), [district_id], _("district"))[0]
        if district_id
        else None,
    }
