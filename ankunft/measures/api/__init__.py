"""API of the measures module: the same selectors and services as the pages.

The chain of a decision has exactly the shape of `ankunft chain REFERENCE --json`.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from ankunft.core import permissions
from ankunft.core.apitools import Code, DbId, Error, PageQuery, api_page, api_user, page_of
from ankunft.core.models import User
from ankunft.core.tabular import RowsRefusedError
from ankunft.measures import chain, lookups, selectors, services
from ankunft.measures import indicator_import as indicator_import_module
from ankunft.measures.api.schemas import (
    AllocationIn,
    AllocationOut,
    AnswerIn,
    BarrierIn,
    BarrierOut,
    BarrierStatusIn,
    ChainOut,
    ConceptOut,
    FieldOfActionOut,
    FundingDecisionOut,
    IndicatorDetailOut,
    IndicatorImportErrorOut,
    IndicatorImportOut,
    MeasureDetailOut,
    MeasureIn,
    MeasureOut,
    MeasurePatch,
    PriorityIn,
    ValueIn,
    ValueOut,
)
from ankunft.measures.chain import number
from ankunft.measures.charts import IndicatorStatus
from ankunft.measures.funding import may_see_money
from ankunft.measures.indicator_import import indicator_values_import
from ankunft.measures.models import Barrier, Indicator, IndicatorValue, Measure
from ankunft.measures.parsing import parse_number, parse_period
from ankunft.measures.services.barriers import (
    barrier_answer,
    barrier_prioritise,
    barrier_report,
    barrier_set_status,
)

router = Router(tags=["measures"])
BARRIER_KEYS = ("priority", "-reported_on", "-id")


_user = api_user


def _indicator(i: Indicator, status: IndicatorStatus | None = None) -> dict[str, Any]:
    if status is None:
        latest = getattr(i, "latest_value", None)
        latest_period = getattr(i, "latest_period", None)
        light = selectors.measure_light(i)
    else:
        latest, latest_period, light = status.latest, status.latest_period, status.light
    return {
        "id": i.pk,
        "name": i.name,
        "unit": i.unit,
        "direction": i.direction,
        "frequency": i.frequency,
        "baseline": number(i.baseline),
        "target": number(i.target),
        "latest": number(latest),
        "latest_period": latest_period,
        "light": light.value,
    }


def _value(v: IndicatorValue) -> dict[str, Any]:
    return {
        "id": v.pk,
        "period": v.period,
        "value": number(v.value),
        "source": v.source,
        "note": v.note,
    }


def _measure(m: Measure, indicators: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": m.pk,
        "title": m.title,
        "concept_id": m.concept_id,
        "concept": m.concept.title,
        "status": m.status,
        "start": m.start,
        "end": m.end,
        "target_groups": m.target_groups,
        "fields_of_action": [f.pk for f in m.fields_of_action.all()],
        "districts": [d.pk for d in m.districts.all()],
        "indicators": indicators,
    }


def _measure_detail(user: User, m: Measure) -> dict[str, Any]:
    statuses = [selectors.indicator_status(i) for i in m.indicators.all()]
    funding = lookups.allocations_of(actor=user, measure=m)
    money = may_see_money(user)  # funding decisions, budget lines, costs: budget roles only
    return {
        **_measure(m, [_indicator(s.indicator, s) for s in statuses]),
        "description": m.description,
        "partners": [p.name for p in m.partners.all()],
        "decisions": [d.pk for d in m.decisions.all()] if money else [],
        "budget_lines": [b.pk for b in m.budget_lines.all()] if money else [],
        "positions": [p.pk for p in m.positions.all()],
        "direct_costs": number(m.direct_costs) if money else None,
        "allocations": [
            {
                "id": a.pk,
                "position_id": a.position_id,
                "position": a.position.title,
                "percent": number(a.percent),
                "valid_from": a.valid_from,
                "valid_until": a.valid_until,
            }
            for a in funding
        ],
        "barriers": [b.pk for b in m.barriers.all()],
    }


def _barrier(b: Barrier) -> dict[str, Any]:
    return {
        "id": b.pk,
        "title": b.title,
        "description": b.description,
        "field_of_action_id": b.field_of_action_id,
        "institution": b.institution,
        "district_id": b.district_id,
        "status": b.status,
        "priority": b.priority,
        "source": b.source,
        "reported_on": b.reported_on,
        "measures": [m.pk for m in b.measures.all()],
        "response": b.response,
    }


# Fields of action, concepts, measures ----------------------------------------------------


@router.get("/fields-of-action", response=list[FieldOfActionOut], summary="Fields of action")
def field_of_action_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": f.pk, "key": f.key, "name": str(f)}
        for f in selectors.field_of_action_list(actor=_user(request))
    ]


@router.get("/concepts", response=list[ConceptOut], summary="Concepts with their measure counts")
def concept_list(request: HttpRequest) -> list[Any]:
    return list(selectors.concept_list(actor=_user(request)))


class MeasureFilter(Schema):
    concept: DbId | None = None
    field_of_action: DbId | None = None
    district: DbId | None = None
    status: str = Field("", max_length=20)
    q: str = Field("", max_length=100)


@router.get(
    "/measures",
    response=page_of(MeasureOut),
    summary="Measures with their indicators (keyset pages, by concept and title)",
)
def measure_list(
    request: HttpRequest, filters: Query[MeasureFilter], page: Query[PageQuery]
) -> dict[str, Any]:
    measures = selectors.measure_list(
        actor=_user(request),
        concept_id=filters.concept,
        field_of_action_id=filters.field_of_action,
        district_id=filters.district,
        status=filters.status,
        query=filters.q,
    )
    shown = api_page(measures, keys=("concept__title", "title", "id"), query=page)
    return {
        "items": [_measure(m, [_indicator(i) for i in m.indicators.all()]) for m in shown.items],
        "next": shown.next,
    }


@router.get("/measures/{measure_id}", response=MeasureDetailOut, summary="One measure")
def measure_detail(request: HttpRequest, measure_id: DbId) -> dict[str, Any]:
    user = _user(request)
    return _measure_detail(user, selectors.measure_get(actor=user, pk=measure_id))


def _links(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """Ids from the request → the actor's records (unknown ids: 400)."""
    links = lookups.resolve_links(actor=user, data=data)
    if data.get("partners") is not None:
        links["partners"] = [services.partner_ensure(actor=user, name=n) for n in data["partners"]]
    return links


@router.post("/measures", response={201: MeasureDetailOut}, summary="Create a measure")
def measure_create(request: HttpRequest, payload: MeasureIn) -> Status[dict[str, Any]]:
    user = _user(request)
    permissions.require(user, "measures.edit")
    data = payload.dict()
    fields = {k: v for k, v in data.items() if k not in lookups.LINK_FIELDS and k != "partners"}
    fields.pop("concept_id")
    measure = services.measure_create(actor=user, **fields, **_links(user, data))
    return Status(201, _measure_detail(user, selectors.measure_get(actor=user, pk=measure.pk)))


@router.patch("/measures/{measure_id}", response=MeasureDetailOut, summary="Change a measure")
def measure_update(request: HttpRequest, measure_id: DbId, payload: MeasurePatch) -> dict[str, Any]:
    user = _user(request)
    permissions.require(user, "measures.edit")
    measure = selectors.measure_get(actor=user, pk=measure_id)
    data = payload.dict(exclude_unset=True)
    fields = {k: v for k, v in data.items() if k not in lookups.LINK_FIELDS and k != "partners"}
    fields.pop("concept_id", None)
    services.measure_update(actor=user, measure=measure, **fields, **_links(user, data))
    return _measure_detail(user, selectors.measure_get(actor=user, pk=measure_id))


@router.post(
    "/measures/{measure_id}/allocations",
    response={201: AllocationOut},
    summary="Allocate a share of a position's time to a measure",
)
def allocation_create(
    request: HttpRequest, measure_id: DbId, payload: AllocationIn
) -> Status[dict[str, Any]]:
    user = _user(request)
    permissions.require(user, "measures.edit")
    measure = selectors.measure_get(actor=user, pk=measure_id)
    position = lookups.position_get(actor=user, pk=payload.position_id)
    a = services.staff_allocation_create(
        actor=user,
        measure=measure,
        position=position,
        percent=payload.percent,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
    )
    return Status(
        201,
        {
            "id": a.pk,
            "position_id": position.pk,
            "position": position.title,
            "percent": number(a.percent),
            "valid_from": a.valid_from,
            "valid_until": a.valid_until,
        },
    )


# Indicators ---------------------------------------------------------------------------------


@router.get("/indicators/{indicator_id}", response=IndicatorDetailOut, summary="An indicator")
def indicator_detail(request: HttpRequest, indicator_id: DbId) -> dict[str, Any]:
    indicator = selectors.indicator_get(actor=_user(request), pk=indicator_id)
    status = selectors.indicator_status(indicator)
    return {
        **_indicator(indicator, status),
        "measure_id": indicator.measure_id,
        "values": [_value(v) for v in indicator.values.all()],
    }


@router.post(
    "/indicators/{indicator_id}/values",
    response={201: ValueOut},
    summary="Record the value of one period (replaces that period's value)",
)
def indicator_value_add(
    request: HttpRequest, indicator_id: DbId, payload: ValueIn
) -> Status[dict[str, Any]]:
    user = _user(request)
    permissions.require(user, "measures.edit")
    indicator = selectors.indicator_get(actor=user, pk=indicator_id)
    try:
        period = parse_period(payload.period, indicator.frequency)
    except ValueError as exc:
        raise ValidationError(
            _("“%(period)s” is not a period (use YYYY-MM or a date such as 01.03.2022)")
            % {"period": payload.period}
        ) from exc
    try:
        value = parse_number(payload.value)
    except ValueError as exc:
        raise ValidationError(_("“%(value)s” is not a number") % {"value": payload.value}) from exc
    problem = indicator_import_module.value_problem(indicator, value)
    if problem:
        raise ValidationError(problem)
    row, _created = services.indicator_value_record(
        actor=user, indicator=indicator, period=period, value=value, note=payload.note
    )
    return Status(201, _value(row))


@router.post(
    "/indicator-values/import",
    response={200: IndicatorImportOut, 400: IndicatorImportErrorOut},
    summary="Import indicator values from CSV or XLSX (all or nothing)",
)
def indicator_import(request: HttpRequest, file: File[UploadedFile], replace: bool = False) -> Any:
    user = _user(request)
    permissions.require(user, "measures.edit")
    indicator_import_module.LIMITS.check_size(file.size)  # refused before the file is read
    try:
        result = indicator_values_import(actor=user, content=file.read(), replace=replace)
    except RowsRefusedError as exc:
        return Status(
            400,
            {
                "detail": _("Nothing was imported."),
                "errors": exc.messages,
                "rows": [p.as_dict() for p in exc.problems],
            },
        )
    return Status(200, {"created": result.created, "updated": result.updated})


# Barriers -----------------------------------------------------------------------------------


@router.get(
    "/barriers",
    response=page_of(BarrierOut),
    summary="Barriers, highest priority first (keyset pages)",
)
def barrier_list(
    request: HttpRequest,
    page: Query[PageQuery],
    status: Code = "",
    open_only: bool = False,
) -> dict[str, Any]:
    barriers = selectors.barrier_list(actor=_user(request), status=status, open_only=open_only)
    shown = api_page(barriers, keys=BARRIER_KEYS, query=page)
    return {"items": [_barrier(b) for b in shown.items], "next": shown.next}


@router.post("/barriers", response={201: BarrierOut}, summary="Report a barrier (anonymised)")
def barrier_create(request: HttpRequest, payload: BarrierIn) -> Status[dict[str, Any]]:
    user = _user(request)
    permissions.require(user, "measures.report_barrier")
    links = lookups.resolve_barrier_links(
        actor=user,
        field_of_action_id=payload.field_of_action_id,
        district_id=payload.district_id,
    )
    barrier = barrier_report(
        actor=user,
        title=payload.title,
        description=payload.description,
        institution=payload.institution,
        **links,
    )
    return Status(201, _barrier(selectors.barrier_get(actor=user, pk=barrier.pk)))


@router.post("/barriers/{barrier_id}/priority", response=BarrierOut, summary="Prioritise")
def barrier_priority(request: HttpRequest, barrier_id: DbId, payload: PriorityIn) -> dict[str, Any]:
    user = _user(request)
    permissions.require(user, "measures.barriers")
    barrier = selectors.barrier_get(actor=user, pk=barrier_id)
    barrier_prioritise(actor=user, barrier=barrier, **payload.dict())
    return _barrier(selectors.barrier_get(actor=user, pk=barrier_id))


@router.post("/barriers/{barrier_id}/answer", response=BarrierOut, summary="Answer with a measure")
def barrier_answer_api(request: HttpRequest, barrier_id: DbId, payload: AnswerIn) -> dict[str, Any]:
    user = _user(request)
    permissions.require(user, "measures.barriers")
    barrier = selectors.barrier_get(actor=user, pk=barrier_id)
    measure = selectors.measure_get(actor=user, pk=payload.measure_id)
    barrier_answer(actor=user, barrier=barrier, measure=measure, response=payload.response)
    return _barrier(selectors.barrier_get(actor=user, pk=barrier_id))


@router.post("/barriers/{barrier_id}/status", response=BarrierOut, summary="Set the status")
def barrier_status(
    request: HttpRequest, barrier_id: DbId, payload: BarrierStatusIn
) -> dict[str, Any]:
    user = _user(request)
    permissions.require(user, "measures.barriers")
    barrier = selectors.barrier_get(actor=user, pk=barrier_id)
    barrier_set_status(actor=user, barrier=barrier, **payload.dict())
    return _barrier(selectors.barrier_get(actor=user, pk=barrier_id))


# The chain ----------------------------------------------------------------------------------


@router.get(
    "/decisions", response=list[FundingDecisionOut], summary="Decisions that fund something"
)
def decision_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        chain.ChainDecision.of(d).as_dict() for d in chain.chain_decision_list(actor=_user(request))
    ]


@router.get(
    "/chain",
    response={200: ChainOut, 404: Error},
    summary="The chain of a decision, by paper reference",
)
def chain_by_reference(request: HttpRequest, reference: str) -> dict[str, Any]:
    user = _user(request)
    decision = chain.decision_by_reference(actor=user, reference=reference)
    return chain.chain_for_decision(actor=user, decision=decision).as_dict()


@router.get("/chain/{decision_id}", response=ChainOut, summary="The chain of a decision")
def chain_by_id(request: HttpRequest, decision_id: DbId) -> dict[str, Any]:
    user = _user(request)
    decision = chain.decision_get(actor=user, pk=decision_id)
    return chain.chain_for_decision(actor=user, decision=decision).as_dict()
