"""Reads of the workflow: the case list and the case page (its person, consents, needs,
goals with reviews, history). Each response audits the records it shows in one INSERT."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404

from ankunft.cases import access
from ankunft.cases.models import Case, CaseEvent, Consent, Goal, GoalReview, Need, Person
from ankunft.cases.models.choices import STEP_ORDER
from ankunft.cases.sections import sections_for
from ankunft.cases.selectors import cases_visible
from ankunft.core import permissions
from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction, Role, User

LIST_KEYS = ("-opened_on", "-id")
#: What the case list shows of a case and its person (both audited with these fields).
LIST_FIELDS = ["family_name", "given_names", "number", "opened_on", "step", "team", "worker"]
#: What the API's case list shows (the person only by id).
API_LIST = ["closed_on", "number", "opened_on", "person", "step", "team", "worker"]
#: What the case page shows of the case and its person.
PAGE_FIELDS = [
    "birth_day",
    "birth_estimated",
    "birth_month",
    "birth_year",
    "closed_on",
    "closure_reason",
    "consents",
    "events",
    "family_name",
    "given_names",
    "goals",
    "interpreter_language",
    "interpreter_needed",
    "languages",
    "needs",
    "number",
    "opened_on",
    "outcome",
    "override_reason",
    "step",
    "team",
    "worker",
]
#: What the API's case detail shows (the person only by id).
API_FIELDS = [
    "closed_on",
    "closure_reason",
    "events",
    "goals",
    "needs",
    "number",
    "opened_on",
    "outcome",
    "override_reason",
    "person",
    "step",
    "team",
    "worker",
]
CONSENT_FIELDS = [
    "basis_reference",
    "form",
    "given_on",
    "legal_basis",
    "purpose",
    "valid_until",
    "withdrawn_on",
]


def case_list(
    user: Any,
    *,
    step: str = "",
    worker_id: int | None = None,
    team_id: int | None = None,
    mine: bool = False,
) -> QuerySet[Case]:
    """The cases the user may see, filtered (not audited: the page audits what it shows)."""
    cases = cases_visible(user).select_related("person", "team", "worker")
    if step in STEP_ORDER:
        cases = cases.filter(step=step)
    elif step == "open":
        cases = cases.exclude(step="closed")
    if worker_id is not None:
        cases = cases.filter(worker_id=worker_id)
    if team_id is not None:
        cases = cases.filter(team_id=team_id)
    if mine:
        cases = cases.filter(worker_id=user.pk)
    return cases


def audit_list(user: Any, cases: list[Case], *, with_person: bool = True) -> None:
    records: list[Model] = list(cases)
    if with_person:
        records += [c.person for c in cases]
    audit_many(user, AuditAction.READ, records, fields=LIST_FIELDS if with_person else API_LIST)


@dataclass
class CasePage:
    """Everything the case page shows."""

    case: Case
    person: Person
    consents: list[Consent]
    needs: list[Need]
    goals: list[Goal]
    events: list[CaseEvent]
    sections: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _case(user: Any, pk: int) -> Case:
    found = cases_visible(user).select_related("person", "team", "worker", "override_by")
    case = found.filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def case_page(user: Any, pk: int, *, api: bool = False) -> CasePage:
    """The case with everything its page shows, audited in one INSERT (the case, its person
    and the records of the sections other areas add)."""
    case = _case(user, pk)
    person = case.person
    consents = list(
        permissions.visible(user, access.VIEW, Consent)
        .filter(person=person)
        .select_related("recorded_by")
    )
    needs = list(case.needs.select_related("field_of_action"))
    goals = list(
        case.goals.select_related("need__field_of_action").prefetch_related(
            Prefetch("reviews", queryset=GoalReview.objects.select_related("reviewer"))
        )
    )
    # With the municipality the events come in order from `caseevent_case_at` in every
    # monthly partition (merged), not from a sort of the case id index's rows.
    events = list(case.events.filter(municipality_id=case.municipality_id).select_related("actor"))
    page = CasePage(case, person, consents, needs, goals, events)
    records: list[Model] = [case] if api else [case, person]
    fields = set(API_FIELDS if api else PAGE_FIELDS)
    if not api:
        for section in sections_for(user):
            context = section.context(user, case) if section.context else {}
            records += list(context.pop("audit", []))
            fields |= set(context.pop("audit_fields", []))
            page.sections.append((section.template_name, context))
    audit_many(user, AuditAction.READ, records, fields=sorted(fields))
    return page


def consents_of(user: Any, person: Person) -> list[Consent]:
    """A person's consent records, newest first; audited."""
    consents = list(permissions.visible(user, access.VIEW, Consent).filter(person=person))
    audit_many(user, AuditAction.READ, consents, fields=CONSENT_FIELDS)
    return consents


def workers_for(user: Any) -> QuerySet[User]:
    """Staff a case can be given to (case workers and team leads of the municipality)."""
    return User.objects.filter(
        municipality_id=user.municipality_id,
        role__in=[Role.CASE_WORKER, Role.TEAM_LEAD],
        is_active=True,
        team__isnull=False,
    ).select_related("team")
