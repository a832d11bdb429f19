"""API of the case module's referrals (mounted by `ankunft.cases.api`): the same selectors
and services as the pages."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from ankunft.cases import access
from ankunft.cases.selectors import case_get, person_get
from ankunft.cases.selectors import referrals as selectors
from ankunft.cases.services import referrals as services
from ankunft.core.apitools import DbId, Error, api_user

router = Router(tags=["cases"])


class ReferralIn(Schema):
    offer_id: DbId
    purpose: str = Field(max_length=500)
    shared_fields: list[str] = Field(default_factory=list, max_length=20)


class ReferralOut(Schema):
    id: int
    case_number: str
    offer_id: int
    offer: str
    purpose: str
    status: str
    sent_at: dt.datetime
    answered_at: dt.datetime | None
    finished_at: dt.datetime | None
    provider_note: str
    shared_fields: list[str]
    consent_holds: bool | None = Field(
        None, description="Providers: false once consent is withdrawn (then `shared` is null)"
    )
    shared: dict[str, Any] | None = Field(None, description="Providers: the shared fields' values")


class ReferralAnswerIn(Schema):
    status: str = Field(max_length=20)
    note: str = Field("", max_length=500)
    measure_id: DbId | None = None


class TurnaroundOut(Schema):
    provider_id: int
    provider: str
    sent: int
    accepted: int
    declined: int
    completed: int
    no_show: int
    median_days_to_answer: float | None
    median_days_to_completion: float | None


class ParticipationIn(Schema):
    measure_id: DbId
    started_on: dt.date
    referral_id: DbId | None = None


class ParticipationOut(Schema):
    id: int
    person_id: int
    measure_id: int
    started_on: dt.date
    referral_id: int | None


class CaseBarrierIn(Schema):
    title: str = Field(max_length=200)
    description: str = Field("", max_length=5000)
    field_of_action_id: DbId | None = None
    institution: str = Field("", max_length=200)
    district_id: DbId | None = None


class CaseBarrierOut(Schema):
    id: int
    title: str
    source: str


def _out(view: selectors.ReferralView, *, provider: bool) -> dict[str, Any]:
    r = view.referral
    data: dict[str, Any] = {
        "id": r.pk,
        "case_number": r.case.number,
        "offer_id": r.offer_id,
        "offer": view.offer_title,
        "purpose": r.purpose,
        "status": r.status,
        "sent_at": r.sent_at,
        "answered_at": r.answered_at,
        "finished_at": r.finished_at,
        "provider_note": r.provider_note,
        "shared_fields": list(r.shared_fields),
    }
    if provider:
        data.update(consent_holds=view.consent_holds, shared=view.shared)
    return data


def _is_provider(user: Any) -> bool:
    return selectors.permission_for(user) == access.REFERRAL_INBOX


def _views(user: Any, referrals: list[Any]) -> list[selectors.ReferralView]:
    """Providers: with the shared data (the persons' reads audited); staff: the referrals
    themselves (audited as read)."""
    if _is_provider(user):
        return selectors.present(user, referrals)
    return selectors.staff_views(user, referrals)


def _one(user: Any, pk: int) -> dict[str, Any]:
    view = _views(user, [selectors.referral_get(user, pk)])[0]
    return _out(view, provider=_is_provider(user))


@router.post(
    "/cases/{case_id}/referrals",
    response={201: ReferralOut, 400: Error, 403: Error, 404: Error},
    summary="Refer a case to an offer (needs the person's consent to referrals)",
)
def referral_create(
    request: HttpRequest, case_id: DbId, payload: ReferralIn
) -> Status[dict[str, Any]]:
    user = api_user(request)
    selectors.require_work(user)
    case = case_get(user, case_id, permission=access.WORK)
    offers = selectors.offer_by_id(user, payload.offer_id)
    if not offers:
        raise ValidationError(_("Only published offers can receive referrals."))
    referral = services.referral_send(
        actor=user,
        case=case,
        offer=offers[0][0],
        purpose=payload.purpose,
        shared_fields=payload.shared_fields,
    )
    return Status(201, _one(user, referral.pk))


@router.get(
    "/referrals",
    response={200: list[ReferralOut], 403: Error},
    summary="Referrals: a provider's to its own offers, staff's of the cases they see",
)
def referral_list(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    user = api_user(request)
    if _is_provider(user):
        views = selectors.inbox(user, status=status)
    else:
        selectors.require_view(user)
        qs = selectors.referrals_visible(user)
        if status:
            qs = qs.filter(status=status)
        views = _views(user, list(qs[:200]))
    return [_out(v, provider=_is_provider(user)) for v in views]


@router.get(
    "/referrals/turnaround",
    response={200: list[TurnaroundOut], 403: Error},
    summary="Turnaround of referrals per provider (aggregates only)",
)
def referral_turnaround(request: HttpRequest) -> list[selectors.Turnaround]:
    return selectors.turnaround(api_user(request))


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralOut, 403: Error, 404: Error},
    summary="One referral",
)
def referral_detail(request: HttpRequest, referral_id: DbId) -> dict[str, Any]:
    user = api_user(request)
    selectors.require_view(user)
    return _one(user, referral_id)


@router.post(
    "/referrals/{referral_id}/answer",
    response={200: ReferralOut, 400: Error, 403: Error, 404: Error},
    summary="The provider's answer: accepted, declined, completed or no_show",
)
def referral_answer(
    request: HttpRequest, referral_id: DbId, payload: ReferralAnswerIn
) -> dict[str, Any]:
    user = api_user(request)
    selectors.require_inbox(user)
    referral = selectors.referral_get(user, referral_id)
    measure = None
    if payload.measure_id is not None:
        measure = selectors.measure_options(user).filter(pk=payload.measure_id).first()
        if measure is None:
            raise ValidationError(_("Unknown measure."))
    services.referral_answer(
        actor=user, referral=referral, status=payload.status, note=payload.note, measure=measure
    )
    return _one(user, referral_id)


@router.post(
    "/referrals/{referral_id}/withdraw",
    response={200: ReferralOut, 400: Error, 403: Error, 404: Error},
    summary="The case worker withdraws a referral",
)
def referral_withdraw(request: HttpRequest, referral_id: DbId) -> dict[str, Any]:
    user = api_user(request)
    selectors.require_work(user)
    services.referral_withdraw(actor=user, referral=selectors.referral_get(user, referral_id))
    return _one(user, referral_id)


@router.post(
    "/persons/{person_id}/participations",
    response={201: ParticipationOut, 400: Error, 403: Error, 404: Error},
    summary="Record a person's participation in a measure",
)
def participation_create(
    request: HttpRequest, person_id: DbId, payload: ParticipationIn
) -> Status[dict[str, Any]]:
    user = api_user(request)
    selectors.require_work(user)
    person = person_get(user, person_id, permission=access.WORK)
    measure = selectors.measure_options(user).filter(pk=payload.measure_id).first()
    if measure is None:
        raise ValidationError(_("Unknown measure."))
    referral = None
    if payload.referral_id is not None:
        referral = selectors.referral_get(user, payload.referral_id)
    p = services.participation_add(
        actor=user, person=person, measure=measure, started_on=payload.started_on, referral=referral
    )
    return Status(
        201,
        {
            "id": p.pk,
            "person_id": p.person_id,
            "measure_id": p.measure_id,
            "started_on": p.started_on,
            "referral_id": p.referral_id,
        },
    )


@router.post(
    "/cases/{case_id}/barriers",
    response={201: CaseBarrierOut, 400: Error, 403: Error, 404: Error},
    summary="Report a barrier met in a case (anonymised; names of the person are refused)",
)
def case_barrier_create(
    request: HttpRequest, case_id: DbId, payload: CaseBarrierIn
) -> Status[dict[str, Any]]:
    user = api_user(request)
    selectors.require_work(user)
    case = case_get(user, case_id, permission=access.WORK)
    fields = selectors.field_of_action_options(user)
    districts = selectors.district_options(user)
    field = (
        fields.filter(pk=payload.field_of_action_id).first() if payload.field_of_action_id else None
    )
    district = districts.filter(pk=payload.district_id).first() if payload.district_id else None
    if (payload.field_of_action_id and field is None) or (payload.district_id and district is None):
        raise ValidationError(_("Unknown field of action or district."))
    barrier = services.barrier_from_case(
        actor=user,
        case=case,
        title=payload.title,
        description=payload.description,
        field_of_action=field,
        institution=payload.institution,
        district=district,
    )
    return Status(201, {"id": barrier.pk, "title": barrier.title, "source": barrier.source})
