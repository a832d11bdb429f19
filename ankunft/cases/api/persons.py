"""API of the case module's persons (mounted by `ankunft.cases.api`): the same selectors and
services as the pages."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from ankunft.cases import access
from ankunft.cases.api.persons_schemas import (
    CandidateOut,
    HouseholdIn,
    HouseholdOut,
    LegalDomainIn,
    LegalDomainOut,
    MergeIn,
    PersonIn,
    PersonListOut,
    PersonOut,
    PersonPatch,
    SettingsIo,
)
from ankunft.cases.models import Person
from ankunft.cases.selectors import cases_visible, person_get, persons_visible
from ankunft.cases.selectors import persons as sel
from ankunft.cases.services import sharing
from ankunft.cases.services.merge import person_merge
from ankunft.cases.services.persons import (
    PersonData,
    case_settings,
    person_create,
    person_update,
)
from ankunft.cases.services.persons_codes import parse_codes
from ankunft.cases.services.persons_intake import Intake, MemberError, household_intake
from ankunft.cases.services.persons_records import (
    SETTINGS_FIELDS,
    case_settings_update,
    legal_domain_change,
)
from ankunft.core import permissions
from ankunft.core.apitools import DbId, PageQuery, SearchText, api_page, api_user, page_of
from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction, User

router = Router(tags=["cases"])
SPECIAL = ("health", "disability", "religion")
PLAIN = (
    "given_names", "family_name", "given_names_original", "family_name_original", "gender",
    "relation", "interpreter_needed", "phone", "email", "address", "arrival_date",
    "residence_status", "residence_valid_until", *SPECIAL,
)  # fmt: skip


class PersonQuery(Schema):
    q: SearchText = Field("", description="A name (any spelling) or its beginning")


def _birth(p: Person) -> dict[str, Any]:
    return {
        "year": p.birth_year,
        "month": p.birth_month,
        "day": p.birth_day,
        "estimated": p.birth_estimated,
    }


def _list_item(p: Person) -> dict[str, Any]:
    return {
        "id": p.pk,
        "given_names": p.given_names,
        "family_name": p.family_name,
        "birth": _birth(p),
        "household_id": p.household_id,
    }


def _person(user: User, p: Person, changed: list[str] | None = None) -> dict[str, Any]:
    """The person as this user may see them: no special-category keys otherwise."""
    data = _list_item(p)
    for name in (*PLAIN, "nationalities", "languages", "interpreter_language", "team_id"):
        data[name] = getattr(p, name)
    data["district_id"] = p.district_id
    data["spellings"] = [
        {"given_names": s.given_names, "family_name": s.family_name} for s in p.spellings.all()
    ]
    data["legal_domains"] = [
        {"id": d.pk, "domain": d.domain, "start": d.start, "end": d.end}
        for d in p.legal_domains.order_by("start")
    ]
    data["case_ids"] = list(cases_visible(user).filter(person=p).values_list("pk", flat=True))
    if changed is not None:
        data["changed"] = changed
    return {
        k: v
        for k, v in data.items()
        if k not in SPECIAL or permissions.may_see_field(user, Person, k)
    }


def _values(user: User, payload: PersonPatch) -> PersonData:
    """The payload as a person's values; codes checked, the district the user's own."""
    data = payload.dict(exclude_unset=True)
    spellings = [(s.get("given_names", ""), s["family_name"]) for s in data.pop("spellings", [])]
    values: dict[str, Any] = {}
    for name in PLAIN:
        if data.get(name) is not None:
            values[name] = data[name]
    if "birth" in data:
        birth = data["birth"] or {}
        values.update(
            birth_year=birth.get("year"),
            birth_month=birth.get("month"),
            birth_day=birth.get("day"),
            birth_estimated=bool(birth.get("estimated")),
        )
    for name, kind in (("nationalities", "country"), ("languages", "language")):
        if data.get(name) is not None:
            values[name] = parse_codes(data[name], kind=kind)
    if data.get("interpreter_language"):
        values["interpreter_language"] = parse_codes(
            [data["interpreter_language"]], kind="language"
        )[0]
    if "district_id" in data:
        values["district"] = _district(user, data["district_id"])
    return PersonData(values, spellings)


def _district(user: User, pk: int | None) -> Any:
    if pk is None:
        return None
    district = sel.district_choices(user).filter(pk=pk).first()
    if district is None:
        raise ValidationError({"district_id": _("There is no such district.")})
    return district


@router.get("/persons", response=page_of(PersonListOut), summary="Persons (search by name)")
def person_list(
    request: HttpRequest, filters: Query[PersonQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    user = api_user(request)
    permissions.require(user, access.VIEW)
    shown = api_page(sel.person_search(user, filters.q), keys=sel.PERSON_KEYS, query=page)
    sel.audit_list(user, shown.items)
    return {"items": [_list_item(p) for p in shown.items], "next": shown.next}


@router.post(
    "/persons", response={201: PersonOut}, exclude_unset=True, summary="Take in one person"
)
def person_add(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    permissions.require(user, access.WORK)
    if user.team is None:
        raise ValidationError(_("Your account belongs to no team: ask your team lead."))
    person = person_create(actor=user, data=_values(user, payload), team=user.team)
    return Status(201, _person(user, person))


@router.get("/persons/{person_id}", response=PersonOut, exclude_unset=True, summary="One person")
def person_detail(request: HttpRequest, person_id: DbId) -> dict[str, Any]:
    user = api_user(request)
    permissions.require(user, access.VIEW)
    return _person(user, person_get(user, person_id))


@router.patch(
    "/persons/{person_id}", response=PersonOut, exclude_unset=True, summary="Change a person"
)
def person_change(request: HttpRequest, person_id: DbId, payload: PersonPatch) -> dict[str, Any]:
    user = api_user(request)
    permissions.require(user, access.WORK)
    person = person_get(user, person_id, permission=access.WORK)
    changed = person_update(actor=user, person=person, data=_values(user, payload))
    if changed:
        sharing.person_changed(actor=user, person=person, fields=changed)
    return _person(user, person, changed)


@router.get(
    "/persons/{person_id}/duplicates",
    response=list[CandidateOut],
    summary="Likely other records of the same person",
)
def person_duplicates(request: HttpRequest, person_id: DbId) -> list[dict[str, Any]]:
    user = api_user(request)
    permissions.require(user, access.VIEW)
    person = persons_visible(user).filter(pk=person_id).first()
    if person is None:
        raise Http404
    found = sel.likely_duplicates(
        user,
        person.given_names,
        person.family_name,
        person.birth,
        exclude=person.pk,
        audit_read=False,
    )
    # The person and the candidates: one entry each, in one INSERT.
    audit_many(user, AuditAction.READ, [person, *(c.person for c in found)], fields=sel.LIST_FIELDS)
    return [{"person": _list_item(c.person), "score": c.score} for c in found]


@router.post(
    "/persons/{person_id}/merge",
    response=PersonOut,
    exclude_unset=True,
    summary="Merge another record of the same person into this one",
)
def merge(request: HttpRequest, person_id: DbId, payload: MergeIn) -> dict[str, Any]:
    user = api_user(request)
    permissions.require(user, access.MERGE)
    keep, other = sel.merge_pair(user, person_id, payload.other_id)
    person_merge(actor=user, keep=keep, merge=other)
    return _person(user, Person.objects.get(pk=keep.pk))


@router.post(
    "/households",
    response={201: HouseholdOut},
    summary="Take in a household with its members and open the main person's case",
)
def household_add(request: HttpRequest, payload: HouseholdIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    permissions.require(user, access.WORK)
    members = [_values(user, m) for m in payload.members]
    try:
        result = household_intake(
            actor=user,
            intake=Intake(
                label=payload.label,
                address=payload.address,
                district=_district(user, payload.district_id),
                members=members,
                main=payload.main,
            ),
        )
    except MemberError as exc:
        raise ValidationError(
            [_("Member %(n)s: %(error)s") % {"n": exc.index + 1, "error": m} for m in exc.messages]
        ) from exc
    return Status(
        201,
        {
            "household_id": result.household.pk,
            "person_ids": [p.pk for p in result.persons],
            "case_id": result.case.pk,
            "case_number": result.case.number,
        },
    )


@router.post(
    "/persons/{person_id}/legal-domains",
    response={201: LegalDomainOut},
    summary="Record a change of legal domain (closes the open period)",
)
def legal_domain_add(
    request: HttpRequest, person_id: DbId, payload: LegalDomainIn
) -> Status[dict[str, Any]]:
    user = api_user(request)
    permissions.require(user, access.WORK)
    person = person_get(user, person_id, permission=access.WORK)
    period = legal_domain_change(
        actor=user, person=person, domain=payload.domain, start=payload.start
    )
    return Status(
        201, {"id": period.pk, "domain": period.domain, "start": period.start, "end": period.end}
    )


def _settings(user: User) -> dict[str, Any]:
    record = case_settings(user.municipality_id or 0)
    return {name: getattr(record, name) for name in SETTINGS_FIELDS}


@router.get("/settings", response=SettingsIo, summary="The municipality's case settings")
def settings_get(request: HttpRequest) -> dict[str, Any]:
    user = api_user(request)
    permissions.require(user, access.SETTINGS)
    return _settings(user)


@router.put("/settings", response=SettingsIo, summary="Change the case settings")
def settings_put(request: HttpRequest, payload: SettingsIo) -> dict[str, Any]:
    user = api_user(request)
    permissions.require(user, access.SETTINGS)
    case_settings_update(actor=user, values=payload.dict())
    return _settings(user)
