"""API of the case module's privacy (mounted by `ankunft.cases.api`): retention, the subject
access export, requests and the consent register (all for the DPO)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from ankunft.cases import access
from ankunft.cases.models import SubjectRequest
from ankunft.cases.selectors import privacy as selectors
from ankunft.cases.services import privacy as services
from ankunft.cases.services.retention import apply_retention
from ankunft.core import permissions
from ankunft.core.apitools import DbId, Error, api_user

router = Router(tags=["cases"])


class DueCaseOut(Schema):
    id: int
    number: str
    closed_on: dt.date


class RetentionOut(Schema):
    retention_days: int
    cases: list[DueCaseOut]


class RetentionDoneOut(Schema):
    cases: int
    persons: int
    case_numbers: list[str]


class SubjectRequestIn(Schema):
    person_id: DbId
    kind: str
    received_on: dt.date
    note: str = ""


class SubjectRequestOut(Schema):
    id: int
    person_id: int | None
    kind: str
    received_on: dt.date
    done_at: dt.datetime | None
    note: str


class RegisterConsentOut(Schema):
    id: int
    purpose: str
    legal_basis: str
    form: str
    given_on: dt.date
    valid_until: dt.date | None
    withdrawn_on: dt.date | None
    case_numbers: list[str]


class CountOut(Schema):
    label: str
    count: int


class ConsentRegisterOut(Schema):
    consents: list[RegisterConsentOut]
    by_purpose: list[CountOut]
    by_legal_basis: list[CountOut]


class ConsentFilter(Schema):
    purpose: str = ""
    expiring: bool = False
    withdrawn: bool = False


def _request_out(r: SubjectRequest) -> SubjectRequestOut:
    return SubjectRequestOut(
        id=r.pk,
        person_id=r.person_id,
        kind=r.kind,
        received_on=r.received_on,
        done_at=r.done_at,
        note=r.note,
    )


@router.get(
    "/retention",
    response={200: RetentionOut},
    summary="Closed cases whose retention period has ended (DPO)",
)
def retention_due(request: HttpRequest) -> RetentionOut:
    user = api_user(request)
    cases = selectors.retention_due_cases(user)
    days = selectors.settings_of(user.municipality_id).retention_days  # type: ignore[arg-type]
    return RetentionOut(
        retention_days=days,
        cases=[DueCaseOut(id=c.pk, number=c.number, closed_on=c.closed_on) for c in cases],  # type: ignore[arg-type]
    )


@router.post(
    "/retention/apply",
    response={200: RetentionDoneOut},
    summary="Anonymise the due cases (DPO); running it again does nothing more",
)
def retention_apply(request: HttpRequest) -> RetentionDoneOut:
    user = api_user(request)
    permissions.require(user, access.RETENTION)
    done = apply_retention(actor=user, municipality=user.municipality)  # type: ignore[arg-type]
    return RetentionDoneOut(cases=done.cases, persons=done.persons, case_numbers=done.case_numbers)


@router.get(
    "/persons/{person_id}/subject-access",
    response={200: dict[str, Any], 404: Error},
    summary="Everything held on the person (GDPR Art. 15, DPO); audited as an export",
)
def subject_access(request: HttpRequest, person_id: DbId) -> dict[str, Any]:
    return selectors.subject_access(api_user(request), person_id).data


@router.post(
    "/subject-requests",
    response={201: SubjectRequestOut, 400: Error, 404: Error},
    summary="Record a data subject's request (DPO)",
)
def subject_request_create(
    request: HttpRequest, payload: SubjectRequestIn
) -> Status[SubjectRequestOut]:
    user = api_user(request)
    permissions.require(user, access.SUBJECT_RIGHTS)
    person = selectors.dpo_person_get(user, payload.person_id)
    created = services.subject_request_create(
        actor=user,
        person=person,
        kind=payload.kind,
        received_on=payload.received_on,
        note=payload.note,
    )
    return Status(201, _request_out(created))


@router.get(
    "/subject-requests",
    response={200: list[SubjectRequestOut]},
    summary="Data subjects' requests (DPO)",
)
def subject_request_list(request: HttpRequest, open_only: bool = False) -> list[SubjectRequestOut]:
    user = api_user(request)
    permissions.require(user, access.SUBJECT_RIGHTS)
    return [_request_out(r) for r in selectors.subject_requests(user, open_only=open_only)]


@router.get(
    "/consent-register",
    response={200: ConsentRegisterOut},
    summary="The register of consents: no names, no case content (DPO)",
)
def consent_register(request: HttpRequest, filters: Query[ConsentFilter]) -> ConsentRegisterOut:
    user = api_user(request)
    permissions.require(user, access.CONSENT_REGISTER)
    register = selectors.consent_register(
        user, purpose=filters.purpose, expiring=filters.expiring, withdrawn=filters.withdrawn
    )
    return ConsentRegisterOut(
        consents=[
            RegisterConsentOut(
                id=row.consent.pk,
                purpose=row.consent.purpose,
                legal_basis=row.consent.legal_basis,
                form=row.consent.form,
                given_on=row.consent.given_on,
                valid_until=row.consent.valid_until,
                withdrawn_on=row.consent.withdrawn_on,
                case_numbers=row.case_numbers,
            )
            for row in register.rows
        ],
        by_purpose=[CountOut(label=k, count=n) for k, n in register.by_purpose],
        by_legal_basis=[CountOut(label=k, count=n) for k, n in register.by_basis],
    )
