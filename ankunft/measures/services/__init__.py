"""Writes of the measures module: fields of action, concepts, measures, indicators and their
values, staff allocations.

Nothing here is personal data (see `measures/data_classes.py`), so writes are not audited.
`actor=None` is the system (demo data, the command line run by an operator on the server);
it then needs the `municipality`. Barriers are in `services_barriers.py`; the CSV import of
indicator values in `indicator_import.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ankunft.budget.models import Position
from ankunft.core import permissions
from ankunft.core.models import District, Municipality, User
from ankunft.measures.charts import fmt
from ankunft.measures.models import (
    DEFAULT_FIELDS_OF_ACTION,
    Concept,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    Partner,
    StaffAllocation,
)
from ankunft.measures.parsing import period_start

EDIT = "measures.edit"


def tenant_of(actor: User | None, municipality: Municipality | None = None) -> Municipality:
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


def require(actor: User | None, name: str, obj: object = None) -> None:
    """The permission check of every write; the system (`None`) may do everything."""
    if actor is not None:
        permissions.require(actor, name, obj)


def same_tenant(municipality: Municipality, objs: Iterable[models.Model | None]) -> None:
    """Refuse links to another municipality's records (the API takes ids from outside)."""
    for obj in objs:
        if obj is not None and getattr(obj, "municipality_id", None) != municipality.pk:
            raise ValidationError(
                _("%(record)s belongs to another municipality.") % {"record": obj}
            )


def _full_clean(obj: models.Model) -> None:
    # Tenant-wide unique constraints include `municipality`, which forms do not show.
    obj.full_clean(validate_constraints=True)


# Fields of action ----------------------------------------------------------------------


@transaction.atomic
def field_of_action_defaults_ensure(*, municipality: Municipality) -> int:
    """Create the default fields of action a municipality does not have yet; returns how many
    were created. Safe to run again."""
    have = set(
        FieldOfAction.objects.for_municipality(municipality.pk).values_list("key", flat=True)
    )
    new = [
        FieldOfAction(municipality=municipality, key=key, order=10 * (i + 1))
        for i, (key, _label) in enumerate(DEFAULT_FIELDS_OF_ACTION)
        if key not in have
    ]
    FieldOfAction.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def field_of_action_create(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    key: str,
    name: str,
    order: int = 100,
) -> FieldOfAction:
    """Add a field of action of the municipality's own (e.g. "Roma inclusion")."""
    require(actor, EDIT)
    field = FieldOfAction(
        municipality=tenant_of(actor, municipality), key=key, name=name.strip(), order=order
    )
    _full_clean(field)
    field.save()
    return field


# Concepts and measures ---------------------------------------------------------------------


@transaction.atomic
def concept_create(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    title: str,
    reference: str = "",
    description: str = "",
    parent: Concept | None = None,
) -> Concept:
    """Record a concept (e.g. "Ankunftsstadtteil Marxloh", DS 21-0220)."""
    require(actor, EDIT)
    m = tenant_of(actor, municipality)
    same_tenant(m, [parent])
    concept = Concept(
        municipality=m,
        title=title.strip(),
        reference=reference.strip(),
        description=description,
        parent=parent,
    )
    _full_clean(concept)
    concept.save()
    return concept


@transaction.atomic
def concept_update(*, actor: User | None, concept: Concept, **fields: Any) -> Concept:
    """Change a concept's title, reference, description or parent."""
    require(actor, EDIT, concept)
    same_tenant(concept.municipality, [fields.get("parent")])
    if fields.get("parent") == concept:
        raise ValidationError(_("A concept cannot be part of itself."))
    for name, value in fields.items():
        setattr(concept, name, value)
    _full_clean(concept)
    concept.save()
    return concept


MEASURE_LINKS = (
    "fields_of_action",
    "districts",
    "partners",
    "decisions",
    "budget_lines",
    "positions",
)


def _set_links(measure: Measure, links: dict[str, Any]) -> None:
    for name in MEASURE_LINKS:
        if name in links and links[name] is not None:
            related = list(links[name])
            same_tenant(measure.municipality, related)
            getattr(measure, name).set(related)


@transaction.atomic
def measure_create(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    concept: Concept,
    title: str,
    description: str = "",
    target_groups: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    status: str = Measure.Status.PLANNED,
    direct_costs: Decimal = Decimal(0),
    fields_of_action: Iterable[FieldOfAction] = (),
    districts: Iterable[District] = (),
    partners: Iterable[Partner] = (),
    decisions: Iterable[models.Model] = (),
    budget_lines: Iterable[models.Model] = (),
    positions: Iterable[models.Model] = (),
) -> Measure:
    """Add a measure to a concept, with its fields of action, districts, partners, the
    decisions and budget lines that fund it and its responsible positions."""
    require(actor, EDIT)
    m = tenant_of(actor, municipality)
    same_tenant(m, [concept])
    measure = Measure(
        municipality=m,
        concept=concept,
        title=title.strip(),
        description=description,
        target_groups=target_groups,
        start=start,
        end=end,
        status=status,
        direct_costs=direct_costs,
    )
    _full_clean(measure)
    measure.save()
    _set_links(
        measure,
        {
            "fields_of_action": fields_of_action,
            "districts": districts,
            "partners": partners,
            "decisions": decisions,
            "budget_lines": budget_lines,
            "positions": positions,
        },
    )
    return measure


@transaction.atomic
def measure_update(*, actor: User | None, measure: Measure, **fields: Any) -> Measure:
    """Change a measure; many-to-many links given as iterables replace the old ones."""
    require(actor, EDIT, measure)
    links = {k: fields.pop(k) for k in MEASURE_LINKS if k in fields}
    same_tenant(measure.municipality, [fields.get("concept")])
    for name, value in fields.items():
        setattr(measure, name, value)
    _full_clean(measure)
    measure.save()
    _set_links(measure, links)
    return measure


@transaction.atomic
def partner_ensure(
    *, actor: User | None, municipality: Municipality | None = None, name: str
) -> Partner:
    """The partner of that name, created when new (partners are typed in as names)."""
    require(actor, EDIT)
    m = tenant_of(actor, municipality)
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError(_("A partner needs a name."))
    partner, _created = Partner.objects.get_or_create(municipality=m, name=clean[:200])
    return partner


# Indicators and values ------------------------------------------------------------------


@transaction.atomic
def indicator_create(
    *,
    actor: User | None,
    measure: Measure,
    name: str,
    unit: str = "",
    direction: str = Indicator.Direction.HIGHER,
    frequency: str = Indicator.Frequency.MONTH,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    amber_band: Decimal = Decimal(10),
    source: str = Indicator.Source.MANUAL,
) -> Indicator:
    """Add an indicator to a measure (`source`: its values entered, or people reached)."""
    require(actor, EDIT, measure)
    indicator = Indicator(
        municipality_id=measure.municipality_id,
        measure=measure,
        name=name.strip(),
        unit=unit.strip(),
        direction=direction,
        frequency=frequency,
        baseline=baseline,
        target=target,
        source=source,
        amber_band=amber_band,
    )
    _full_clean(indicator)
    indicator.save()
    return indicator


@transaction.atomic
def indicator_update(*, actor: User | None, indicator: Indicator, **fields: Any) -> Indicator:
    """Change an indicator's name, unit, direction, baseline, target or amber band."""
    require(actor, EDIT, indicator)
    fields.pop("measure", None)
    for name, value in fields.items():
        setattr(indicator, name, value)
    _full_clean(indicator)
    indicator.save()
    return indicator


@transaction.atomic
def indicator_value_record(
    *,
    actor: User | None,
    indicator: Indicator,
    period: dt.date,
    value: Decimal,
    note: str = "",
    source: str = IndicatorValue.Source.MANUAL,
) -> tuple[IndicatorValue, bool]:
    """Record the value of one period (the date is moved to its period's first day); a
    value already recorded for that period is replaced. Returns (value, created)."""
    require(actor, EDIT, indicator)
    start = period_start(period, indicator.frequency)
    row, created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        period=start,
        defaults={
            "municipality_id": indicator.municipality_id,
            "value": value,
            "note": note.strip()[:300],
            "source": source,
        },
    )
    return row, created


@transaction.atomic
def indicator_value_delete(*, actor: User | None, value: IndicatorValue) -> None:
    """Remove one measured value."""
    require(actor, EDIT, value)
    value.delete()


# Staff time --------------------------------------------------------------------------------


def _peak_percent(position: Position, start: dt.date, end: dt.date | None) -> Decimal:
    """The highest sum of a position's allocations on any day between `start` and `end`."""
    overlapping = list(
        StaffAllocation.objects.filter(position=position).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=start)
        )
    )
    if end is not None:
        overlapping = [a for a in overlapping if a.valid_from <= end]
    # The sum only rises where an allocation begins, so those days (and `start`) suffice.
    days = {start, *(a.valid_from for a in overlapping if a.valid_from > start)}
    return max(
        (sum((a.percent for a in overlapping if a.active_on(d)), Decimal(0)) for d in days),
        default=Decimal(0),
    )


@transaction.atomic
def staff_allocation_create(
    *,
    actor: User | None,
    measure: Measure,
    position: Position,
    percent: Decimal,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
) -> StaffAllocation:
    """Allocate a share of a position's time to a measure (e.g. 60 % to the first-contact
    office from 1 April 2022). The position becomes one of the measure's responsible
    positions. Refused when the position's allocations would exceed 100 % on any day."""
    require(actor, EDIT, measure)
    same_tenant(measure.municipality, [position])
    allocation = StaffAllocation(
        municipality_id=measure.municipality_id,
        measure=measure,
        position=position,
        percent=percent,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    _full_clean(allocation)
    if valid_from < position.start or (position.end is not None and valid_from > position.end):
        raise ValidationError(
            {"valid_from": _("The allocation must start while the position exists.")}
        )
    # Lock the position's allocations so that two parallel requests cannot both pass.
    list(StaffAllocation.objects.select_for_update().filter(position=position))
    already = _peak_percent(position, valid_from, valid_until)
    if already + percent > Decimal(100):
        raise ValidationError(
            _(
                "%(position)s is already allocated %(already)s %% in this period; "
                "at most %(free)s %% are left."
            )
            % {
                "position": position.title,
                "already": fmt(already),
                "free": fmt(100 - already),
            }
        )
    allocation.save()
    measure.positions.add(position)
    return allocation


@transaction.atomic
def staff_allocation_delete(*, actor: User | None, allocation: StaffAllocation) -> None:
    """Remove an allocation (the position stays among the measure's responsible positions)."""
    require(actor, EDIT, allocation)
    allocation.delete()
