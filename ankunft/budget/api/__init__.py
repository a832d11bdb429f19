"""API of the budget module: lines, execution, positions, staff, cost table, "what does this
buy", bookings. Same permissions and services as the pages."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status

from ankunft.budget import bookings_import, selectors, services
from ankunft.budget.api.schemas import (
    AssignmentIn,
    AssignmentOut,
    BookingImportErrorOut,
    BookingImportOut,
    BookingOut,
    BuyOut,
    CostOut,
    CostRateIn,
    CostRateOut,
    ExecutionOut,
    FundingIn,
    FundingOut,
    LineIn,
    LineOut,
    PositionChangeOut,
    PositionDetailOut,
    PositionIn,
    PositionOut,
    PositionStatusIn,
    PositionUpdateIn,
    StaffIn,
    StaffMemberOut,
    UndoOut,
)
from ankunft.budget.services import positions
from ankunft.budget.services.buy import (
    MAX_AMOUNT,
    MAX_CASELOAD,
    MAX_YEAR,
    MIN_CASELOAD,
    MIN_YEAR,
    buy_question,
)
from ankunft.core.apitools import Code, DbId, Error, PageQuery, Year, api_page, api_user, page_of
from ankunft.core.audit import audit_many
from ankunft.core.locking import ConflictError
from ankunft.core.locking_api import ConflictOut, conflict_answer
from ankunft.core.models import AuditAction
from ankunft.core.tabular import RowsRefusedError

router = Router(tags=["budget"])


_user = api_user


# --- budget lines and execution ----------------------------------------------------------


@router.get(
    "/lines", response=page_of(LineOut), summary="Budget lines (Haushaltsansätze), keyset pages"
)
def line_list(request: HttpRequest, page: Query[PageQuery], year: Year | None = None) -> Any:
    lines = selectors.budget_line_list(actor=_user(request), year=year)
    shown = api_page(lines, keys=("-year", "id"), query=page)
    return {"items": shown.items, "next": shown.next}


@router.get("/lines/{line_id}", response=LineOut, summary="One budget line")
def line_detail(request: HttpRequest, line_id: DbId) -> Any:
    return selectors.budget_line_get(actor=_user(request), pk=line_id)


@router.post("/lines", response={201: LineOut}, summary="Create a budget line")
def line_create(request: HttpRequest, payload: LineIn) -> Any:
    return Status(201, services.budget_line_create(actor=_user(request), **payload.dict()))


@router.put("/lines/{line_id}", response=LineOut, summary="Change a budget line")
def line_update(request: HttpRequest, line_id: DbId, payload: LineIn) -> Any:
    user = _user(request)
    line = selectors.budget_line_get(actor=user, pk=line_id)
    return services.budget_line_update(actor=user, line=line, **payload.dict())


@router.get(
    "/decisions/{decision_id}/execution",
    response=ExecutionOut,
    summary="Budget execution of a decision per year: planned, committed, spent, forecast",
)
def execution(
    request: HttpRequest, decision_id: DbId, year: Year | None = None, as_of: dt.date | None = None
) -> Any:
    user = _user(request)
    decision = selectors.decision_get(actor=user, pk=decision_id)
    years = selectors.execution_for_decision(actor=user, decision=decision, year=year, as_of=as_of)
    return {
        "decision_id": decision.pk,
        "reference": decision.paper.reference,
        "years": years,
    }


# --- what does this buy, cost table ------------------------------------------------------


class BuyQuery(Schema):
    amount: Decimal = Field(
        ..., description=f"EUR a year, above 0 and at most {MAX_AMOUNT} (else 400)"
    )
    year: int = Field(..., description=f"{MIN_YEAR}–{MAX_YEAR} (else 400)")
    caseload: int | None = Field(
        None, description=f"cases per full-time position, {MIN_CASELOAD}–{MAX_CASELOAD}"
    )


@router.get(
    "/buy",
    response={200: BuyOut, 400: Error},
    summary="What does an annual amount buy: FTE per pay grade and the caseload they carry",
    description=(
        "The same limits as the page and `ankunft what-does-this-buy`: a value out of range "
        "answers 400 with a message per field in the request's language; a value that is "
        "not a number answers 422."
    ),
)
def buy(request: HttpRequest, query: Query[BuyQuery]) -> Any:
    question = buy_question(amount=query.amount, year=query.year, caseload=query.caseload)
    result = selectors.buy(
        actor=_user(request),
        amount=question.amount,
        year=question.year,
        caseload=question.caseload,
    )
    return {
        "amount": result.amount,
        "year": result.year,
        "caseload_per_fte": result.caseload_per_fte,
        "substituted": result.substituted,
        "shipped_default": result.shipped_default,
        "notes": result.notes,
        "rows": result.rows,
    }


@router.get("/cost-rates", response=page_of(CostRateOut), summary="The cost table (keyset pages)")
def cost_rate_list(request: HttpRequest, page: Query[PageQuery]) -> Any:
    rates = selectors.cost_rate_list(actor=_user(request))
    shown = api_page(rates, keys=("-year", "pay_grade", "id"), query=page)
    return {"items": shown.items, "next": shown.next}


@router.post("/cost-rates", response={201: CostRateOut}, summary="Add a cost rate (finance)")
def cost_rate_create(request: HttpRequest, payload: CostRateIn) -> Any:
    return Status(201, services.cost_rate_create(actor=_user(request), **payload.dict()))


@router.put("/cost-rates/{rate_id}", response=CostRateOut, summary="Change a cost rate (finance)")
def cost_rate_update(request: HttpRequest, rate_id: DbId, payload: CostRateIn) -> Any:
    user = _user(request)
    rate = selectors.cost_rate_get(actor=user, pk=rate_id)
    return services.cost_rate_update(actor=user, rate=rate, **payload.dict())


# --- positions ----------------------------------------------------------------------------


@router.get(
    "/positions", response=page_of(PositionOut), summary="Positions (Stellen), keyset pages"
)
def position_list(request: HttpRequest, page: Query[PageQuery], status: Code = "") -> Any:
    found = selectors.position_list(actor=_user(request), status=status)
    shown = api_page(found, keys=("id",), query=page)
    return {"items": [_position(p) for p in shown.items], "next": shown.next}


def _position(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "pay_grade": p.pay_grade,
        "fte": p.fte,
        "start": p.start,
        "end": p.end,
        "status": p.status,
        "notes": p.notes,
        "version": p.version,
        "fundings": [FundingOut.from_orm(f) for f in p.fundings.all()],
    }


@router.get(
    "/positions/{position_id}",
    response=PositionDetailOut,
    summary="One position with its planned cost per year, assignments and history",
)
def position_detail(request: HttpRequest, position_id: DbId) -> Any:
    user = _user(request)
    position = selectors.position_get(actor=user, pk=position_id)
    assignments = selectors.position_assignments(actor=user, position=position)
    return {
        **_position(position),
        "costs": [
            CostOut.from_orm(c) for c in selectors.position_costs(actor=user, position=position)
        ],
        "assignments": [
            AssignmentOut(
                id=a.pk,
                staff_member_id=a.staff_member_id,
                staff_member=a.staff_member.name,
                start=a.start,
                end=a.end,
                fte=a.fte,
            )
            for a in assignments
        ],
        "changes": [
            # The application's own notes in the request's language, as on the page.
            PositionChangeOut(
                date=c.date,
                from_status=c.from_status,
                to_status=c.to_status,
                note=c.get_note_display(),
            )
            for c in selectors.position_changes(actor=user, position=position)
        ],
    }


@router.post("/positions", response={201: PositionOut, 404: Error}, summary="Create a position")
def position_create(request: HttpRequest, payload: PositionIn) -> Any:
    user = _user(request)
    data = payload.dict()
    lines = [selectors.budget_line_get(actor=user, pk=pk) for pk in data.pop("budget_line_ids")]
    position = positions.position_create(actor=user, budget_lines=lines, **data)
    return Status(201, _position(position))


@router.put(
    "/positions/{position_id}",
    response={200: PositionOut, 409: ConflictOut},
    summary="Change a position's title, grade, FTE, start and notes",
    description=(
        "Send the position's `version` as read: when it changed since, the answer is 409 "
        "with the fields that differ, and nothing is saved."
    ),
)
def position_update(request: HttpRequest, position_id: DbId, payload: PositionUpdateIn) -> Any:
    user = _user(request)
    position = selectors.position_get(actor=user, pk=position_id)
    try:
        positions.position_update(actor=user, position=position, **payload.dict())
    except ConflictError as exc:
        return conflict_answer(exc)
    return _position(position)


@router.post(
    "/positions/{position_id}/status",
    response=PositionOut,
    summary="Mark a position planned, advertised or vacant from a date",
)
def position_status(request: HttpRequest, position_id: DbId, payload: PositionStatusIn) -> Any:
    user = _user(request)
    position = selectors.position_get(actor=user, pk=position_id)
    positions.position_set_status(actor=user, position=position, **payload.dict())
    return _position(position)


@router.post(
    "/positions/{position_id}/assignments",
    response={201: AssignmentOut},
    summary="Fill a position: a staff member holds it from a date",
)
def assignment_create(request: HttpRequest, position_id: DbId, payload: AssignmentIn) -> Any:
    user = _user(request)
    position = selectors.position_get(actor=user, pk=position_id)
    member = selectors.staff_member_get(actor=user, pk=payload.staff_member_id)
    a = positions.assignment_create(
        actor=user,
        position=position,
        staff_member=member,
        start=payload.start,
        end=payload.end,
        fte=payload.fte,
    )
    return Status(
        201,
        AssignmentOut(
            id=a.pk,
            staff_member_id=member.pk,
            staff_member=member.name,
            start=a.start,
            end=a.end,
            fte=a.fte,
        ),
    )


@router.post(
    "/positions/{position_id}/fundings",
    response={201: FundingOut},
    summary="Add a funding source (budget line, state programme, grant)",
)
def funding_add(request: HttpRequest, position_id: DbId, payload: FundingIn) -> Any:
    user = _user(request)
    position = selectors.position_get(actor=user, pk=position_id)
    data = payload.dict()
    line_id = data.pop("budget_line_id")
    line = selectors.budget_line_get(actor=user, pk=line_id) if line_id else None
    funding = positions.funding_add(actor=user, position=position, budget_line=line, **data)
    return Status(201, funding)


# --- staff members ------------------------------------------------------------------------


@router.get(
    "/staff",
    response=page_of(StaffMemberOut),
    summary="Staff members (personal data: each person shown is audited), keyset pages",
)
def staff_list(request: HttpRequest, page: Query[PageQuery]) -> Any:
    user = _user(request)
    shown = api_page(selectors.staff_member_rows(actor=user), keys=("name", "id"), query=page)
    audit_many(user, AuditAction.READ, shown.items, fields=selectors.STAFF_FIELDS)
    return {"items": shown.items, "next": shown.next}


@router.post("/staff", response={201: StaffMemberOut}, summary="Record a staff member")
def staff_create(request: HttpRequest, payload: StaffIn) -> Any:
    return Status(201, positions.staff_member_create(actor=_user(request), **payload.dict()))


# --- bookings -----------------------------------------------------------------------------


@router.get(
    "/bookings",
    response={200: page_of(BookingOut), 404: Error},
    summary="Bookings (Ist), latest first, keyset pages; each booking shown is audited",
)
def booking_list(
    request: HttpRequest, page: Query[PageQuery], budget_line_id: DbId | None = None
) -> Any:
    user = _user(request)
    line = selectors.budget_line_get(actor=user, pk=budget_line_id) if budget_line_id else None
    rows = selectors.booking_rows(actor=user, budget_line=line)
    shown = api_page(rows, keys=("-date", "-id"), query=page)
    audit_many(user, AuditAction.READ, shown.items, fields=["text"])
    return {"items": shown.items, "next": shown.next}


class MappingIn(Schema):
    date: str = ""
    amount: str = ""
    booking_id: str = ""
    account: str = ""
    text: str = ""
    budget_line_id: DbId | None = None
    allow_unassigned: bool = False


def _refused(exc: RowsRefusedError) -> Status[dict[str, Any]]:
    return Status(
        400,
        {
            "detail": _("Nothing was imported: %(count)d rows were refused.")
            % {"count": len(exc.problems)},
            "errors": exc.messages,
            "rows": [p.as_dict() for p in exc.problems],
        },
    )


@router.post(
    "/bookings/import",
    response={201: BookingImportOut, 400: BookingImportErrorOut, 404: Error},
    summary="Import a finance export (CSV or XLSX), all rows or none",
    description=(
        "multipart/form-data: `file` (CSV or XLSX, at most 20 MB and 100,000 rows) and, "
        "where the file's headers are not the usual ones (Buchungsdatum, Betrag, "
        "Belegnummer, Sachkonto, Buchungstext), the file's column names for `date`, "
        "`amount`, `booking_id`, `account`, `text`; optionally one `budget_line_id` for all "
        "rows. Bookings without a budget line are refused unless `allow_unassigned`. "
        "Any bad row: 400 with every bad row listed (row, column, value, reason), nothing "
        "imported. A file that is no table: 400 with the reason."
    ),
)
def booking_import(request: HttpRequest, mapping: Form[MappingIn], file: File[UploadedFile]) -> Any:
    user = _user(request)
    data = mapping.dict()
    line_id = data.pop("budget_line_id")
    allow_unassigned = data.pop("allow_unassigned")
    line = selectors.budget_line_get(actor=user, pk=line_id) if line_id else None
    services.require(user, "budget.edit")
    bookings_import.LIMITS.check_size(file.size)  # refused before the file is read
    try:
        record = bookings_import.booking_import(
            actor=user,
            source=file.read(),
            mapping={k: v for k, v in data.items() if v},
            budget_line=line,
            allow_unassigned=allow_unassigned,
            filename=file.name or "",
        )
    except RowsRefusedError as exc:
        return _refused(exc)
    return Status(
        201,
        {
            "import_id": record.pk,
            "imported": record.rows,
            "unassigned": record.unassigned,
            "total": record.total,
        },
    )


@router.post(
    "/bookings/imports/{import_id}/undo",
    response={200: UndoOut},
    summary="Undo an import of bookings: remove all its bookings",
)
def booking_import_undo(request: HttpRequest, import_id: DbId) -> Any:
    user = _user(request)
    services.require(user, "budget.edit")
    record = selectors.booking_import_get(actor=user, pk=import_id)
    removed = bookings_import.booking_import_undo(actor=user, record=record)
    return {"import_id": record.pk, "removed": removed}
