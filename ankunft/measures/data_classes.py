"""Data classes of the measures models (see `ankunft.core.classification`).

The module holds plans, figures and anonymised barriers: no personal data. Indicator values
are aggregates (how many newcomers were advised in a month), never rows about a person.
A barrier's description must be anonymised (the form says so); it describes an obstacle
in an institution, not a case.
"""

from __future__ import annotations

from ankunft.core.classification import DataClass

N = DataClass.NOT_PERSONAL

FIELDS = {
    "FieldOfAction": {"municipality": N, "key": N, "name": N, "order": N},
    "Partner": {"municipality": N, "name": N},
    "Concept": {"municipality": N, "title": N, "reference": N, "description": N, "parent": N},
    "Measure": {
        "municipality": N,
        "concept": N,
        "title": N,
        "description": N,
        "fields_of_action": N,
        "districts": N,
        "target_groups": N,
        "start": N,
        "end": N,
        "status": N,
        "partners": N,
        "decisions": N,
        "budget_lines": N,
        "positions": N,
        "direct_costs": N,
    },
    "StaffAllocation": {
        "municipality": N,
        "position": N,
        "measure": N,
        "percent": N,
        "valid_from": N,
        "valid_until": N,
    },
    "Indicator": {
        "municipality": N,
        "measure": N,
        "name": N,
        "unit": N,
        "direction": N,
        "frequency": N,
        "baseline": N,
        "target": N,
        "amber_band": N,
        "source": N,
    },
    "IndicatorValue": {
        "municipality": N,
        "indicator": N,
        "period": N,
        "value": N,
        "source": N,
        "note": N,
    },
    "Barrier": {
        "municipality": N,
        "title": N,
        "description": N,
        "field_of_action": N,
        "institution": N,
        "district": N,
        "status": N,
        "priority": N,
        "source": N,
        "reported_on": N,
        "measures": N,
        "response": N,
    },
    # Link tables of the many-to-many relations.
    "MeasureFieldOfAction": {"municipality": N, "measure": N, "field_of_action": N},
    "MeasureDistrict": {"municipality": N, "measure": N, "district": N},
    "MeasurePartner": {"municipality": N, "measure": N, "partner": N},
    "MeasureDecision": {"municipality": N, "measure": N, "decision": N},
    "MeasureBudgetLine": {"municipality": N, "measure": N, "budget_line": N},
    "MeasurePosition": {"municipality": N, "measure": N, "position": N},
    "BarrierMeasure": {"municipality": N, "barrier": N, "measure": N},
}
