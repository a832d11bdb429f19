"""Schemas of the budget API. Money and FTE are decimals (JSON strings, exact)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from ankunft.core.locking_api import VersionIn


class LineIn(Schema):
    year: int = Field(ge=1990, le=2100)
    amount: Decimal
    purpose: str
    product_code: str = "050101"
    plan_line: str = "11"
    account: str = ""
    cost_basis: str = "full"
    cover_text: str = ""
    cover_plan_line: str = ""
    cover_product_code: str = ""
    cover_amount: Decimal | None = None


class LineOut(Schema):
    id: int
    year: int
    amount: Decimal
    purpose: str
    product_code: str
    product_area: str
    product_group: str
    plan_line: str
    account: str
    cost_basis: str
    decision_id: int | None
    cover_text: str
    cover_plan_line: str
    cover_product_code: str
    cover_amount: Decimal | None


class WarningOut(Schema):
    kind: str
    message: str
    amount: Decimal | None


class PositionYearOut(Schema):
    position_id: int
    title: str
    pay_grade: str
    fte: Decimal
    committed: Decimal
    vacancy: Decimal
    vacant_periods: list[str]
    rate_note: str


class YearExecutionOut(Schema):
    year: int
    planned: Decimal
    committed: Decimal
    spent: Decimal
    remaining: Decimal
    forecast: Decimal
    closed: bool
    as_of: dt.date
    committed_rest: Decimal
    warnings: list[WarningOut]
    positions: list[PositionYearOut]


class ExecutionOut(Schema):
    decision_id: int
    reference: str
    years: list[YearExecutionOut]


class FundingIn(Schema):
    kind: str
    budget_line_id: int | None = None
    programme: str = ""
    year: int | None = None
    share_percent: Decimal | None = None
    amount_per_fte_year: Decimal | None = None
    fixed_amount_per_year: Decimal | None = None


class FundingOut(Schema):
    id: int
    kind: str
    budget_line_id: int | None
    programme: str
    year: int | None
    share_percent: Decimal | None
    amount_per_fte_year: Decimal | None
    fixed_amount_per_year: Decimal | None


class PositionIn(Schema):
    title: str
    pay_grade: str
    fte: Decimal = Field(gt=0, le=1)
    start: dt.date
    end: dt.date | None = None
    status: str = "planned"
    notes: str = ""
    budget_line_ids: list[int] = []


class PositionUpdateIn(Schema):
    """A change of a position's title, grade, FTE, start and notes, with the version read."""

    title: str
    pay_grade: str
    fte: Decimal = Field(gt=0, le=1)
    start: dt.date
    notes: str = ""
    version: VersionIn = None


class PositionOut(Schema):
    id: int
    title: str
    pay_grade: str
    fte: Decimal
    start: dt.date
    end: dt.date | None
    status: str
    notes: str
    version: int = Field(description="Send it back with a change (optimistic locking).")
    fundings: list[FundingOut]


class CostOut(Schema):
    year: int
    fte_years: Decimal
    personnel_cost: Decimal
    full_cost: Decimal
    own_share_personnel: Decimal
    own_share_full: Decimal
    note: str


class AssignmentOut(Schema):
    id: int
    staff_member_id: int
    staff_member: str
    start: dt.date
    end: dt.date | None
    fte: Decimal


class PositionChangeOut(Schema):
    date: dt.date
    from_status: str
    to_status: str
    note: str


class PositionDetailOut(PositionOut):
    costs: list[CostOut]
    assignments: list[AssignmentOut]
    changes: list[PositionChangeOut]


class PositionStatusIn(Schema):
    status: str
    date: dt.date
    note: str = ""


class AssignmentIn(Schema):
    staff_member_id: int
    start: dt.date
    end: dt.date | None = None
    fte: Decimal | None = None


class StaffIn(Schema):
    name: str
    personnel_number: str = ""


class StaffMemberOut(Schema):
    id: int
    name: str
    personnel_number: str


class CostRateIn(Schema):
    year: int = Field(ge=1990, le=2100)
    pay_grade: str
    personnel_cost_eur: Decimal
    full_cost_eur: Decimal | None = None
    hourly_rate_eur: Decimal | None = None
    source: str
    status: str = "own"


class CostRateOut(Schema):
    id: int
    year: int
    pay_grade: str
    personnel_cost_eur: Decimal
    full_cost_eur: Decimal
    hourly_rate_eur: Decimal | None
    source: str
    status: str


class BuyRowOut(Schema):
    pay_grade: str
    rate_year: int
    substituted: bool
    personnel_cost: Decimal
    full_cost: Decimal
    fte_at_personnel_cost: Decimal
    fte_at_full_cost: Decimal
    newcomers_at_personnel_cost: int
    newcomers_at_full_cost: int
    source: str
    status: str


class BuyOut(Schema):
    amount: Decimal
    year: int
    caseload_per_fte: int
    substituted: bool
    shipped_default: bool
    notes: list[str]
    rows: list[BuyRowOut]


class BookingOut(Schema):
    id: int
    booking_id: str
    date: dt.date
    amount: Decimal
    account: str
    text: str
    budget_line_id: int | None


class BookingImportOut(Schema):
    import_id: int
    imported: int
    unassigned: int
    total: Decimal


class RowProblemOut(Schema):
    row: int
    column: str
    value: str
    reason: str
    message: str


class BookingImportErrorOut(Schema):
    detail: str
    errors: list[str]
    rows: list[RowProblemOut] = []


class UndoOut(Schema):
    import_id: int
    removed: int
