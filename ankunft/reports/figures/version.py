"""The version of the data a report is built from (Datenstand): a SHA-256 over cheap
aggregates of every input table of the municipality.

Per table: the number of rows, the highest id, the sum of the ids, the latest change
timestamp where the model has one, and a checksum of the fields the report reads (Σ id ×
value, with choices as their position and dates as day numbers). An insert, a delete or an
edit of a field the report uses changes it; it costs one aggregate query per table.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.db.models import Count, F, Max, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear

from ankunft.budget import models as budget
from ankunft.cases import models as cases
from ankunft.core.models import District
from ankunft.council import models as council
from ankunft.directory.models.offers import Offer, OfferTag
from ankunft.measures import models as measures
from ankunft.reports.figures.scope import Scope

# model → (timestamp field or "", fields whose values the report reads)
SOURCES: list[tuple[type[models.Model], str, tuple[str, ...]]] = [
    (council.Paper, "modified", ("reference", "date")),
    (council.Decision, "", ("paper", "organization", "outcome", "date", "effect")),
    (council.Organization, "", ()),
    (budget.BudgetLine, "", ("year", "amount", "decision", "cost_basis")),
    (budget.BudgetLineChange, "changed_at", ()),
    (budget.Booking, "imported_at", ("amount", "date", "budget_line")),
    (budget.Position, "", ("fte", "start", "end", "status", "pay_grade")),
    (
        budget.PositionFunding,
        "",
        ("budget_line", "share_percent", "amount_per_fte_year", "fixed_amount_per_year", "year"),
    ),
    (budget.PositionChange, "changed_at", ("date", "to_status")),
    (budget.Assignment, "", ("fte", "start", "end")),
    (budget.CostRate, "", ("year", "personnel_cost_eur", "full_cost_eur")),
    (measures.FieldOfAction, "", ("order",)),
    (measures.Measure, "", ("status", "concept")),
    (measures.MeasureDecision, "", ("measure", "decision")),
    (measures.MeasureBudgetLine, "", ("measure", "budget_line")),
    (measures.MeasurePosition, "", ("measure", "position")),
    (measures.StaffAllocation, "", ("percent", "valid_from", "valid_until", "measure", "position")),
    (measures.Indicator, "", ("target", "direction", "amber_band", "source")),
    (measures.IndicatorValue, "", ("value", "period")),
    (measures.Barrier, "", ("status", "field_of_action", "reported_on")),
    (District, "", ()),
    (cases.Person, "updated_at", ("district", "birth_year", "birth_month", "birth_day")),
    (cases.Case, "", ("opened_on", "closed_on", "outcome", "step", "person")),
    (cases.Need, "", ("field_of_action", "urgency", "case")),
    (cases.Referral, "", ("status", "offer", "sent_at")),
    (cases.Participation, "", ("measure", "person", "started_on", "ended_on")),
    (Offer, "updated_at", ()),
    (OfferTag, "", ("kind", "offer")),
]


def _numeric(model: type[models.Model], name: str) -> Any:
    field: Any = model._meta.get_field(name)
    if field.is_relation:
        return Coalesce(F(f"{name}_id"), Value(0))
    if getattr(field, "choices", None):
        return models.Case(
            *[
                When(**{name: value}, then=Value(i + 1))
                for i, (value, _l) in enumerate(field.choices or [])
            ],
            default=Value(0),
            output_field=models.IntegerField(),
        )
    if isinstance(field, models.DateTimeField | models.DateField):
        return Coalesce(
            ExtractYear(name) * 372 + ExtractMonth(name) * 31 + ExtractDay(name), Value(0)
        )
    if isinstance(field, models.CharField):
        from django.db.models.functions import Length  # noqa: PLC0415

        return Length(name)
    return Coalesce(F(name), Value(0), output_field=field.__class__(**_decimal_kw(field)))


def _decimal_kw(field: Any) -> dict[str, Any]:
    if isinstance(field, models.DecimalField):
        return {"max_digits": 30, "decimal_places": field.decimal_places}
    return {}


def aggregates(municipality_id: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for model, stamp, fields in SOURCES:
        expressions: dict[str, Any] = {"n": Count("pk"), "max_id": Max("pk"), "sum_id": Sum("pk")}
        if stamp:
            expressions["stamp"] = Max(stamp)
        for name in fields:
            expressions[f"f_{name}"] = Sum(F("pk") * _numeric(model, name))
        values = model.objects.filter(municipality_id=municipality_id).aggregate(**expressions)  # type: ignore[attr-defined]
        rows.append([model._meta.label, *(str(values[k]) for k in sorted(values))])
    return rows


def data_version(scope: Scope) -> str:
    """A fingerprint of the data the report reads: changes when any of it changes."""
    payload = {
        "decisions": [d.pk for d in scope.decisions],
        "year": scope.year,
        "period": [scope.period_start.isoformat(), scope.period_end.isoformat()],
        "tables": aggregates(scope.municipality.pk),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
