"""Request and answer bodies of the workflow's API (`ankunft.cases.api.workflow`)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

import datetime as dt

from ninja import Field, Schema

from ankunft.core.apitools import Code, DbId
from ankunft.core.locking_api import VersionIn


class CaseOut(Schema):
    id: int
    number: str
    person_id: int
    step: str
    team_id: int
    worker_id: int | None
    opened_on: dt.date
    closed_on: dt.date | None
    outcome: str
    version: int = Field(description="Send it back with a change (optimistic locking).")


class NeedOut(Schema):
    id: int
    field_of_action_id: int
    field_of_action: str
    urgency: str
    description: str


class ReviewOut(Schema):
    id: int
    reviewed_on: dt.date
    status: str
    note: str
    reviewer_id: int | None


class GoalOut(Schema):
    id: int
    title: str
    need_id: int | None
    due_on: dt.date
    agreed_on: dt.date | None
    status: str
    reviewed_on: dt.date | None
    reviews: list[ReviewOut] = []


class EventOut(Schema):
    kind: str
    from_value: str
    to_value: str
    note: str
    actor_id: int | None
    at: dt.datetime


class CaseDetailOut(CaseOut):
    closure_reason: str
    override_reason: str
    needs: list[NeedOut]
    goals: list[GoalOut]
    events: list[EventOut]


class ConsentOut(Schema):
    id: int
    person_id: int
    purpose: str
    legal_basis: str
    basis_reference: str
    form: str
    given_on: dt.date
    valid_until: dt.date | None
    withdrawn_on: dt.date | None
    scan_id: int | None


class CaseFilter(Schema):
    step: Code = ""
    worker: DbId | None = None
    team: DbId | None = None
    mine: bool = False


class CaseIn(Schema):
    person_id: DbId
    team_id: DbId | None = None
    worker_id: DbId | None = None


class StepIn(Schema):
    to_step: Code
    note: str = Field("", max_length=500)


class ReasonIn(Schema):
    reason: str = Field("", max_length=500)


class NeedIn(Schema):
    field_of_action_id: DbId
    urgency: Code
    description: str = Field("", max_length=500)


class GoalIn(Schema):
    title: str = Field(..., max_length=300)
    due_on: dt.date
    need_id: DbId | None = None
    agreed_on: dt.date | None = None


class ReviewIn(Schema):
    status: Code
    note: str = Field("", max_length=500)
    reviewed_on: dt.date | None = None


class CloseIn(Schema):
    outcome: Code
    reason: str = Field("", max_length=500)


class ReassignIn(Schema):
    worker_id: DbId
    team_id: DbId | None = None
    version: VersionIn = None


class ConsentIn(Schema):
    purpose: Code
    legal_basis: Code
    basis_reference: str = Field("", max_length=200)
    form: Code
    given_on: dt.date
    valid_until: dt.date | None = None
    attachment_id: DbId | None = None


class WithdrawIn(Schema):
    on: dt.date | None = None
