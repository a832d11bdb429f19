"""Reads of data protection: the DPO's person finder, the subject access export (Art. 15),
the requests, the consent register and what retention has due. Each read is audited.

The subject access export holds the special categories decrypted: the DPO answers the
person's own request and hands them their data; nobody else sees it through this path.
Audit entries name no staff member in the export (the person learns what was done when,
through which interface, to which of their records).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ankunft.cases import access
from ankunft.cases.models import (
    Case,
    CaseSettings,
    Consent,
    ConsentPurpose,
    LegalBasis,
    Person,
    Step,
    SubjectRequest,
)
from ankunft.core import permissions
from ankunft.core.audit import audit, audit_many, subject_key
from ankunft.core.classification import model_fields
from ankunft.core.models import AuditAction, AuditEntry

SEARCH_LIMIT = 50
SEARCH_FIELDS = ["birth_year", "cases", "family_name", "given_names"]
CONSENT_FIELDS = [
    "case",
    "form",
    "given_on",
    "legal_basis",
    "purpose",
    "valid_until",
    "withdrawn_on",
]
REFERRAL_FIELDS = [
    "purpose",
    "shared_fields",
    "status",
    "sent_at",
    "answered_at",
    "finished_at",
    "provider_note",
]
REQUEST_FIELDS = ["done_at", "kind", "note", "person", "received_on"]


def settings_of(municipality_id: int) -> CaseSettings:
    """The municipality's case settings, or the defaults (without writing them)."""
    found = CaseSettings.objects.filter(municipality_id=municipality_id).first()
    return found or CaseSettings(municipality_id=municipality_id)


def due_cases(municipality_id: int, today: dt.date | None = None) -> QuerySet[Case]:
    """Closed, not yet anonymised cases whose retention period has ended."""
    days = settings_of(municipality_id).retention_days
    limit = (today or timezone.localdate()) - dt.timedelta(days=days)
    return (
        Case.objects.filter(
            municipality_id=municipality_id,
            step=Step.CLOSED,
            closed_on__isnull=False,
            closed_on__lt=limit,
            anonymised_at__isnull=True,
        )
        .select_related("person")
        .order_by("closed_on", "pk")
    )


def persons_to_anonymise(cases: list[Case]) -> set[int]:
    """The persons of `cases` none of whose other cases is open or younger."""
    ids = {c.pk for c in cases}
    person_ids = {c.person_id for c in cases}
    kept = set(
        Case.objects.filter(person_id__in=person_ids, anonymised_at__isnull=True)
        .exclude(pk__in=ids)
        .values_list("person_id", flat=True)
    )
    return person_ids - kept


def dpo_persons(user: Any) -> QuerySet[Person]:
    return permissions.visible(user, access.SUBJECT_RIGHTS, Person)


def subject_search(user: Any, *, name: str, birth_year: int | None) -> list[Person]:
    """Persons by a part of any of their names (and the year of birth): minimal fields."""
    permissions.require(user, access.SUBJECT_RIGHTS)
    words = name.split()
    if not words and birth_year is None:
        return []
    qs = dpo_persons(user).filter(anonymised_at__isnull=True)
    for word in words:
        qs = qs.filter(
            Q(given_names__icontains=word)
            | Q(family_name__icontains=word)
            | Q(given_names_original__icontains=word)
            | Q(family_name_original__icontains=word)
            | Q(spellings__family_name__icontains=word)
            | Q(spellings__given_names__icontains=word)
        )
    if birth_year is not None:
        qs = qs.filter(birth_year=birth_year)
    found = list(
        qs.distinct().prefetch_related("cases").order_by("family_name", "pk")[:SEARCH_LIMIT]
    )
    audit_many(user, AuditAction.READ, found, fields=SEARCH_FIELDS)
    return found


def dpo_person_get(user: Any, pk: int) -> Person:
    """A person for the DPO's request pages (name only shown; audited as such)."""
    person = dpo_persons(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def dpo_person_shown(user: Any, pk: int) -> Person | None:
    """The person a request form names (name and year of birth shown; audited)."""
    person = dpo_persons(user).filter(pk=pk, anonymised_at__isnull=True).first()
    if person is not None:
        audit(user, AuditAction.READ, person, fields=["birth_year", "family_name", "given_names"])
    return person


def _values(obj: Any, fields: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, f"{name}_id", None) if _is_fk(obj, name) else getattr(obj, name)
        if _is_fk(obj, name):
            related = getattr(obj, name)
            value = str(related) if related is not None else None
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        display = getattr(obj, f"get_{name}_display", None)
        out[name] = display() if display is not None and value else value
    return out


def _is_fk(obj: Any, name: str) -> bool:
    field = obj._meta.get_field(name)
    return bool(field.is_relation)


def _fields(model: Any, exclude: tuple[str, ...] = ()) -> list[str]:
    return [f for f in model_fields(model) if f not in ("municipality", *exclude)]


def _case(case: Case) -> dict[str, Any]:
    out = _values(case, _fields(Case, ("person", "override_by")))
    out["events"] = [
        _values(e, ["kind", "from_value", "to_value", "note", "at"]) for e in case.events.all()
    ]
    out["needs"] = [
        _values(n, ["field_of_action", "urgency", "description"]) for n in case.needs.all()
    ]
    out["goals"] = [
        {
            **_values(g, ["title", "due_on", "agreed_on", "status", "reviewed_on"]),
            "reviews": [_values(r, ["reviewed_on", "status", "note"]) for r in g.reviews.all()],
        }
        for g in case.goals.all()
    ]
    out["referrals"] = [
        {
            "recipient": f"{r.offer.provider} ({r.offer})",
            **_values(r, REFERRAL_FIELDS),
        }
        for r in case.referrals.all()
    ]
    out["appointments"] = [
        _values(a, ["kind", "starts_at", "ends_at", "place", "attended", "cancelled_at"])
        for a in case.appointments.all()
    ]
    out["notes"] = [
        _values(n, ["created_at", "level", "is_contact", "text"]) for n in case.notes.all()
    ]
    out["attachments"] = [
        _values(a, ["original_name", "content_type", "size", "uploaded_at"])
        for a in case.attachments.all()
    ]
    return out


def _audit_entries(keys: list[str], municipality_id: int) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(
        subject_key__in=keys, municipality_id=municipality_id
    ).order_by("at", "pk")
    return [
        {
            "at": e.at.isoformat(),
            "action": e.get_action_display(),
            "interface": e.get_interface_display(),
            "record": e.object_type,
            "fields": e.fields,
        }
        for e in entries
    ]


@dataclass
class SubjectAccess:
    person: Person
    data: dict[str, Any]


def subject_access(user: Any, pk: int) -> SubjectAccess:
    """Everything held on the person (Art. 15); audited as one EXPORT of the person."""
    permissions.require(user, access.SUBJECT_RIGHTS)
    person = dpo_persons(user).select_related("household", "district").filter(pk=pk).first()
    if person is None:
        raise Http404
    return _export(user, person)


def subject_access_system(municipality: Any, pk: int) -> SubjectAccess:
    """The same for the command line (the system acts; the audit names it)."""
    person = Person.objects.filter(municipality=municipality, pk=pk).first()
    if person is None:
        raise Http404
    return _export(None, person)


def _export(user: Any, person: Person) -> SubjectAccess:
    cases = list(
        Case.objects.filter(person=person, municipality_id=person.municipality_id)
        .select_related("team", "worker", "household")
        .prefetch_related(
            "events",
            "needs__field_of_action",
            "goals__reviews",
            "referrals__offer__provider",
            "appointments",
            "notes",
            "attachments",
        )
    )
    keys = [
        subject_key("cases.person", person.pk),
        *(subject_key("cases.case", c.pk) for c in cases),
    ]
    data: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "person_id": person.pk,
        "municipality": person.municipality.name,
        "person": _values(person, _fields(Person, ("team",))),
        "spellings": [_values(s, ["given_names", "family_name"]) for s in person.spellings.all()],
        "household": (
            {"label": person.household.label, "relation": person.get_relation_display()}
            if person.household
            else None
        ),
        "consents": [
            _values(
                c,
                [
                    "purpose",
                    "legal_basis",
                    "basis_reference",
                    "form",
                    "given_on",
                    "valid_until",
                    "withdrawn_on",
                ],
            )
            for c in person.consents.all()
        ],
        "legal_domains": [
            _values(d, ["domain", "start", "end"]) for d in person.legal_domains.all()
        ],
        "participations": [
            _values(p, ["measure", "started_on", "ended_on"])
            for p in person.participations.select_related("measure")
        ],
        "requests": [
            _values(r, ["kind", "received_on", "done_at", "note"]) for r in person.requests.all()
        ],
        "cases": [_case(c) for c in cases],
        "audit": _audit_entries(keys, person.municipality_id),
    }
    audit(user, AuditAction.EXPORT, person, fields=sorted(data["person"]))
    return SubjectAccess(person, data)


def subject_requests(user: Any, *, open_only: bool = False) -> list[SubjectRequest]:
    permissions.require(user, access.SUBJECT_RIGHTS)
    qs = permissions.visible(user, access.SUBJECT_RIGHTS, SubjectRequest).select_related("person")
    if open_only:
        qs = qs.filter(done_at__isnull=True)
    found = list(qs[:200])
    audit_many(user, AuditAction.READ, found, fields=REQUEST_FIELDS)
    return found


def subject_request_get(user: Any, pk: int) -> SubjectRequest:
    found = (
        permissions.visible(user, access.SUBJECT_RIGHTS, SubjectRequest)
        .select_related("person")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    audit(user, AuditAction.READ, found, fields=REQUEST_FIELDS)
    return found


@dataclass
class ConsentRow:
    consent: Consent
    case_numbers: list[str]


@dataclass
class ConsentRegister:
    rows: list[ConsentRow]
    by_purpose: list[tuple[str, int]]
    by_basis: list[tuple[str, int]]


def consent_register(
    user: Any,
    *,
    purpose: str = "",
    expiring: bool = False,
    withdrawn: bool = False,
    limit: int = 500,
) -> ConsentRegister:
    """The municipality's consents: purpose, basis, form, dates and the case numbers, no
    names. Counts are of all consents of the filter; the rows shown are audited."""
    permissions.require(user, access.CONSENT_REGISTER)
    qs = permissions.visible(user, access.CONSENT_REGISTER, Consent).filter(
        person__anonymised_at__isnull=True
    )
    today = timezone.localdate()
    if purpose in ConsentPurpose.values:
        qs = qs.filter(purpose=purpose)
    if withdrawn:
        qs = qs.filter(withdrawn_on__isnull=False)
    if expiring:
        days = settings_of(user.municipality_id).consent_warning_days
        qs = qs.filter(
            withdrawn_on__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=days),
        )
    purposes = Counter(qs.values_list("purpose", flat=True))
    bases = Counter(qs.values_list("legal_basis", flat=True))
    consents = list(qs.order_by("-given_on", "-pk")[:limit])
    numbers: dict[int, list[str]] = {}
    for person_id, number in Case.objects.filter(
        person_id__in={c.person_id for c in consents}, municipality_id=user.municipality_id
    ).values_list("person_id", "number"):
        numbers.setdefault(person_id, []).append(number)
    audit_many(user, AuditAction.READ, consents, fields=CONSENT_FIELDS)
    return ConsentRegister(
        [ConsentRow(c, sorted(numbers.get(c.person_id, []))) for c in consents],
        [
            (str(label), purposes[value])
            for value, label in ConsentPurpose.choices
            if purposes[value]
        ],
        [(str(label), bases[value]) for value, label in LegalBasis.choices if bases[value]],
    )


def retention_due_cases(user: Any) -> list[Case]:
    """The cases retention would anonymise now (the DPO's page; numbers shown, audited)."""
    permissions.require(user, access.RETENTION)
    found = list(due_cases(user.municipality_id)[:500])
    audit_many(user, AuditAction.READ, found, fields=["closed_on", "number"])
    return found
