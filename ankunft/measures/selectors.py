"""Reads of the measures module, scoped to the actor's municipality and the permission layer.

Nothing here is personal (see `measures/data_classes.py`), so reads are not audited. The
chain of a decision (decision → budget → positions → measures → indicators) is built in
`measures/chain.py` and re-exported here as `chain_for_decision`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from ankunft.core import permissions
from ankunft.core.models import District, User
from ankunft.measures.charts import IndicatorStatus, Light, traffic_light
from ankunft.measures.models import (
    Barrier,
    Concept,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    Partner,
)

VIEW = "measures.view"


def _view(actor: User) -> None:
    permissions.require(actor, VIEW)


# Plain lists (also the choices of forms) -----------------------------------------------


def field_of_action_list(*, actor: User) -> QuerySet[FieldOfAction]:
    """The municipality's fields of action, in their configured order."""
    _view(actor)
    return FieldOfAction.objects.for_user(actor).order_by("order", "key")


def concept_list(*, actor: User) -> QuerySet[Concept]:
    """Concepts with the number of their measures."""
    _view(actor)
    return (
        Concept.objects.for_user(actor)
        .select_related("parent")
        .annotate(measure_count=Count("measures"))
        .order_by("title")
    )


def concept_get(*, actor: User, pk: int) -> Concept:
    _view(actor)
    concept = Concept.objects.for_user(actor).filter(pk=pk).first()
    if concept is None:
        raise Http404
    return concept


def partner_list(*, actor: User) -> QuerySet[Partner]:
    _view(actor)
    return Partner.objects.for_user(actor).order_by("name")


def district_list(*, actor: User) -> QuerySet[District]:
    _view(actor)
    return District.objects.for_user(actor).select_related("parent").order_by("name")


@dataclass(frozen=True)
class DistrictNode:
    district: District
    measure_count: int
    barrier_count: int
    children: list[DistrictNode] = field(default_factory=list)


def district_tree(*, actor: User) -> list[DistrictNode]:
    """Boroughs with their quarters (Hamborn → Marxloh, …) and how many measures and open
    barriers each has. One query."""
    _view(actor)
    rows = list(
        District.objects.for_user(actor)
        .annotate(
            measure_count=Count("measures", distinct=True),
            barrier_count=Count(
                "barriers",
                filter=Q(
                    barriers__status__in=[Barrier.Status.REPORTED, Barrier.Status.PRIORITISED]
                ),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    nodes = {d.pk: DistrictNode(d, d.measure_count, d.barrier_count) for d in rows}
    roots: list[DistrictNode] = []
    for d in rows:
        parent = nodes.get(d.parent_id) if d.parent_id else None
        (parent.children if parent else roots).append(nodes[d.pk])
    return roots


# Indicators ---------------------------------------------------------------------------------


def _latest_value_annotations() -> dict[str, Subquery]:
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-period")
    return {
        "latest_value": Subquery(latest.values("value")[:1]),
        "latest_period": Subquery(latest.values("period")[:1]),
    }


def indicator_list_with_latest(*, actor: User) -> QuerySet[Indicator]:
    """The municipality's indicators, each with its latest value and period
    (`latest_value`, `latest_period`, as `measure_light` expects)."""
    _view(actor)
    return Indicator.objects.for_user(actor).annotate(**_latest_value_annotations())


def indicator_status(indicator: Indicator) -> IndicatorStatus:
    """The status of an indicator whose values were prefetched (`indicators__values`)."""
    return IndicatorStatus.of(indicator, list(indicator.values.all()))


def indicator_get(*, actor: User, pk: int) -> Indicator:
    """One indicator with its measure and values; another municipality's is a 404."""
    _view(actor)
    indicator = (
        Indicator.objects.for_user(actor)
        .select_related("measure", "measure__concept")
        .prefetch_related(Prefetch("values", IndicatorValue.objects.order_by("period")))
        .filter(pk=pk)
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def indicator_value_get(*, actor: User, pk: int) -> IndicatorValue:
    _view(actor)
    value = IndicatorValue.objects.for_user(actor).select_related("indicator").filter(pk=pk).first()
    if value is None:
        raise Http404
    return value


# Measures -----------------------------------------------------------------------------------


def measure_list(
    *,
    actor: User,
    concept_id: int | None = None,
    field_of_action_id: int | None = None,
    district_id: int | None = None,
    status: str = "",
    query: str = "",
) -> QuerySet[Measure]:
    """Measures with concept, fields of action, districts and each indicator's latest value
    (`latest_value`, `latest_period` on the prefetched indicators): four queries in all."""
    _view(actor)
    qs = Measure.objects.for_user(actor)
    if concept_id:
        qs = qs.filter(concept_id=concept_id)
    if field_of_action_id:
        qs = qs.filter(fields_of_action__id=field_of_action_id)
    if district_id:
        # A borough's measures include those of its quarters.
        qs = qs.filter(Q(districts__id=district_id) | Q(districts__parent_id=district_id))
    if status:
        qs = qs.filter(status=status)
    for word in query.split()[:6]:
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    indicators = Indicator.objects.annotate(**_latest_value_annotations()).order_by("name")
    return (
        qs.distinct()
        .select_related("concept")
        .prefetch_related(
            "fields_of_action", "districts", Prefetch("indicators", queryset=indicators)
        )
        .order_by("concept__title", "title")
    )


def measure_light(indicator: Indicator) -> Light:
    """The traffic light of an indicator annotated by `measure_list`."""
    return traffic_light(
        value=getattr(indicator, "latest_value", None),
        target=indicator.target,
        direction=indicator.direction,
        amber_band=indicator.amber_band,
    )


def measure_get(*, actor: User, pk: int) -> Measure:
    """One measure with everything its page shows; another municipality's is a 404."""
    _view(actor)
    measure = (
        Measure.objects.for_user(actor)
        .select_related("concept")
        .prefetch_related(
            "fields_of_action",
            "districts",
            "partners",
            "positions",
            "decisions__paper",
            Prefetch(
                "indicators",
                Indicator.objects.order_by("name").prefetch_related(
                    Prefetch("values", IndicatorValue.objects.order_by("period"))
                ),
            ),
            Prefetch("barriers", Barrier.objects.select_related("field_of_action", "district")),
        )
        .filter(pk=pk)
        .first()
    )
    if measure is None:
        raise Http404
    return measure


def measure_choices(*, actor: User) -> QuerySet[Measure]:
    """Measures for a select box (answering a barrier, allocating staff time)."""
    _view(actor)
    return Measure.objects.for_user(actor).select_related("concept").order_by("title")


# Barriers ----------------------------------------------------------------------------------

BARRIER_GROUPS = {
    "field_of_action": "field_of_action",
    "institution": "institution",
    "district": "district",
}


def barrier_list(
    *,
    actor: User,
    status: str = "",
    open_only: bool = False,
    field_of_action_id: int | None = None,
    district_id: int | None = None,
    institution: str = "",
) -> QuerySet[Barrier]:
    """Barriers, highest priority first, with what the list shows (three queries)."""
    _view(actor)
    qs = Barrier.objects.for_user(actor)
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=[Barrier.Status.REPORTED, Barrier.Status.PRIORITISED])
    if field_of_action_id:
        qs = qs.filter(field_of_action_id=field_of_action_id)
    if district_id:
        qs = qs.filter(Q(district_id=district_id) | Q(district__parent_id=district_id))
    if institution:
        qs = qs.filter(institution__iexact=institution)
    return qs.select_related("field_of_action", "district").prefetch_related("measures")


@dataclass(frozen=True)
class BarrierGroup:
    label: str
    key: int | str | None
    total: int
    open: int


def barrier_groups(*, actor: User, by: str) -> list[BarrierGroup]:
    """How many barriers (and how many still open) per field of action, institution or
    district, counted in the database."""
    _view(actor)
    column = BARRIER_GROUPS.get(by, "field_of_action")
    open_q = Q(status__in=[Barrier.Status.REPORTED, Barrier.Status.PRIORITISED])
    rows = (
        Barrier.objects.for_user(actor)
        .values(column)
        .annotate(total=Count("id"), open=Count("id", filter=open_q))
        .order_by("-open", "-total", column)
    )
    # Institutions are their own labels; ids of fields and districts get their names.
    labels: dict[int | str | None, str] = {}
    if column == "field_of_action":
        labels = {f.pk: str(f) for f in FieldOfAction.objects.for_user(actor)}
    elif column == "district":
        labels = {d.pk: d.name for d in District.objects.for_user(actor)}
    return [
        BarrierGroup(
            label=labels.get(r[column], str(r[column] or "")),
            key=r[column],
            total=r["total"],
            open=r["open"],
        )
        for r in rows
    ]


def barrier_get(*, actor: User, pk: int) -> Barrier:
    _view(actor)
    barrier = (
        Barrier.objects.for_user(actor)
        .select_related("field_of_action", "district")
        .prefetch_related(Prefetch("measures", Measure.objects.select_related("concept")))
        .filter(pk=pk)
        .first()
    )
    if barrier is None:
        raise Http404
    return barrier


def institution_list(*, actor: User) -> list[str]:
    """The institutions named in barriers so far (suggestions for the form)."""
    _view(actor)
    return list(
        Barrier.objects.for_user(actor)
        .exclude(institution="")
        .order_by("institution")
        .values_list("institution", flat=True)
        .distinct()
    )


# The chain of a decision lives in its own module; `selectors.chain_for_decision` is its name
# for the pages, the API and the command line.
from ankunft.measures.chain import Chain, chain_for_decision  # noqa: E402

__all__ = ["Chain", "chain_for_decision"]
