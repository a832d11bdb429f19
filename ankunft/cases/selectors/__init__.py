"""Reads of case management. Every read goes through the permission layer and is audited
(only the records shown, with the fields shown)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ankunft.cases import access
from ankunft.cases.models import Case, Person
from ankunft.core import permissions
from ankunft.core.audit import audit
from ankunft.core.classification import model_fields
from ankunft.core.models import AuditAction


def persons_visible(user: Any, permission: str = access.VIEW) -> QuerySet[Person]:
    return permissions.visible(user, permission, Person).filter(anonymised_at__isnull=True)


def cases_visible(user: Any, permission: str = access.VIEW) -> QuerySet[Case]:
    return permissions.visible(user, permission, Case)


def person_fields(user: Any) -> list[str]:
    """The person's fields this user may see (special categories only for case roles)."""
    return [f for f in model_fields(Person) if permissions.may_see_field(user, Person, f)]


def person_get(user: Any, pk: int, *, permission: str = access.VIEW) -> Person:
    """One person, if the user may see them; the read is audited with the fields shown."""
    person = persons_visible(user, permission).filter(pk=pk).first()
    if person is None:
        raise Http404
    audit(user, AuditAction.READ, person, fields=person_fields(user))
    return person


def case_get(user: Any, pk: int, *, permission: str = access.VIEW) -> Case:
    """One case with its person, if the user may see it; audited."""
    case = cases_visible(user, permission).select_related("person", "team", "worker")
    found = case.filter(pk=pk).first()
    if found is None:
        raise Http404
    audit(user, AuditAction.READ, found, fields=["number", "step", "worker", "team"])
    return found
