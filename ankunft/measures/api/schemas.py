"""Schemas of the measures API (ninja reads the annotations at import time: no
`from __future__ import annotations`)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

Number = int | float


class FieldOfActionOut(Schema):
    id: int
    key: str
    name: str


class ConceptOut(Schema):
    id: int
    title: str
    reference: str
    parent_id: int | None
    measure_count: int


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    direction: str
    frequency: str
    baseline: Number | None
    target: Number | None
    latest: Number | None
    latest_period: dt.date | None
    light: str


class ValueOut(Schema):
    id: int
    period: dt.date
    value: Number
    source: str
    note: str


class IndicatorDetailOut(IndicatorOut):
    measure_id: int
    values: list[ValueOut]


class MeasureOut(Schema):
    id: int
    title: str
    concept_id: int
    concept: str
    status: str
    start: dt.date | None
    end: dt.date | None
    target_groups: str
    fields_of_action: list[int]
    districts: list[int]
    indicators: list[IndicatorOut]


class AllocationOut(Schema):
    id: int
    position_id: int
    position: str
    percent: Number
    valid_from: dt.date
    valid_until: dt.date | None


class MeasureDetailOut(MeasureOut):
    description: str
    partners: list[str]
    decisions: list[int] = Field(..., description="empty unless the reader may see the budget")
    budget_lines: list[int] = Field(..., description="empty unless the reader may see the budget")
    positions: list[int]
    direct_costs: Number | None = Field(
        None, description="null unless the reader may see the budget (budget.view)"
    )
    allocations: list[AllocationOut]
    barriers: list[int]


class MeasureIn(Schema):
    concept_id: int
    title: str
    description: str = ""
    status: str = "planned"
    start: dt.date | None = None
    end: dt.date | None = None
    target_groups: str = ""
    direct_costs: Decimal = Decimal(0)
    fields_of_action: list[int] = []
    districts: list[int] = []
    partners: list[str] = []
    decisions: list[int] = []
    budget_lines: list[int] = []
    positions: list[int] = []


class MeasurePatch(Schema):
    concept_id: int | None = None
    title: str | None = None
    description: str | None = None
    status: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    target_groups: str | None = None
    direct_costs: Decimal | None = None
    fields_of_action: list[int] | None = None
    districts: list[int] | None = None
    partners: list[str] | None = None
    decisions: list[int] | None = None
    budget_lines: list[int] | None = None
    positions: list[int] | None = None


class ValueIn(Schema):
    period: str
    value: str
    note: str = ""


class AllocationIn(Schema):
    position_id: int
    percent: Decimal
    valid_from: dt.date
    valid_until: dt.date | None = None


class IndicatorImportOut(Schema):
    created: int
    updated: int


class RowErrorOut(Schema):
    row: int
    column: str
    value: str
    reason: str
    message: str


class IndicatorImportErrorOut(Schema):
    detail: str
    errors: list[str]
    rows: list[RowErrorOut] = []


class BarrierOut(Schema):
    id: int
    title: str
    description: str
    field_of_action_id: int | None
    institution: str
    district_id: int | None
    status: str
    priority: int | None
    source: str
    reported_on: dt.date
    measures: list[int]
    response: str


class BarrierIn(Schema):
    title: str
    description: str = ""
    field_of_action_id: int | None = None
    institution: str = ""
    district_id: int | None = None


class PriorityIn(Schema):
    priority: int | None
    response: str | None = None


class AnswerIn(Schema):
    measure_id: int
    response: str = ""


class BarrierStatusIn(Schema):
    status: str
    response: str | None = None


class ChainDecisionOut(Schema):
    id: int
    reference: str | None
    title: str
    date: dt.date | None
    outcome: str


class ChainBudgetOut(Schema):
    year: int
    planned: Number
    committed: Number
    spent: Number


class ChainPositionOut(Schema):
    title: str
    pay_grade: str
    fte: Number
    status: str


class ChainIndicatorOut(Schema):
    name: str
    target: Number | None
    latest: Number | None


class ChainMeasureOut(Schema):
    title: str
    share_of_positions: Number
    indicators: list[ChainIndicatorOut]
    people_reached: int | None = Field(
        None, description="Distinct persons taking part in the measure (no names)"
    )


class ChainReachOut(Schema):
    total: int


class ChainOut(Schema):
    decision: ChainDecisionOut
    budget: list[ChainBudgetOut]
    positions: list[ChainPositionOut]
    measures: list[ChainMeasureOut]
    people_reached: ChainReachOut | None = Field(
        None, description="Distinct persons taking part in any of the measures (no names)"
    )


class FundingDecisionOut(Schema):
    id: int
    reference: str | None
    title: str
    date: dt.date | None
