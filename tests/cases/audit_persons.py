"""Audit paths of the case module's persons pages and API (see tests/core/test_audit_paths.py):
`CASE_ROUTES` maps a function (taking the World of that file, returning its Shown) to
its route; `NOT_PERSONAL` maps a route that shows no personal field to the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from ankunft.cases.selectors import person_fields
from ankunft.cases.selectors.persons import LIST_FIELDS
from ankunft.core.models import Role
from tests import factories
from tests.cases import factories as cf


def _shown(*args: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415 - that file imports this one

    return Shown(*args)


def _team_user(w: Any, role: str = Role.CASE_WORKER) -> Any:
    team = factories.team(w.town)
    user = w.make_user(role, team=team)
    w.client.force_login(user)
    return user, team


def page_person_list(w: Any) -> Any:
    """One entry per person of the page, none for another team's."""
    _user, team = _team_user(w)
    people = [cf.person(w.town, team, "Ivan", f"Petrov{i}") for i in range(3)]
    cf.person(w.town, factories.team(w.town), "Ivan", "Petrov")
    return _shown(w.client.get(reverse("cases:person_list")), people, LIST_FIELDS)


def page_person_detail(w: Any) -> Any:
    """The person and the household members shown (their names and dates)."""
    user, team = _team_user(w)
    household = cf.household(w.town, team)
    person = cf.person(w.town, team, household=household)
    other = cf.person(w.town, team, "Deniz", household=household)
    response = w.client.get(reverse("cases:person_detail", args=[person.pk]))
    return _shown(response, [person, other], person_fields(user))


def page_person_detail_with_duplicates(w: Any) -> Any:
    """A team lead (who may merge) also sees the likely other records: audited too."""
    user, team = _team_user(w, Role.TEAM_LEAD)
    person = cf.person(w.town, team, "Ivan", "Petrov")
    twin = cf.person(w.town, team, "Petrov", "Ivan")
    response = w.client.get(reverse("cases:person_detail", args=[person.pk]))
    assert reverse("cases:person_merge", args=[person.pk, twin.pk]) in response.content.decode()
    return _shown(response, [person, twin], person_fields(user))


def page_duplicates(w: Any) -> Any:
    _user, team = _team_user(w)
    known = cf.person(w.town, team, "Ivan", "Petrov")
    response = w.client.get(reverse("cases:duplicates"), {"given": "Ivan", "family": "Petrov"})
    return _shown(response, [known], LIST_FIELDS)


def page_person_merge(w: Any) -> Any:
    user, team = _team_user(w, Role.TEAM_LEAD)
    a, b = cf.person(w.town, team, "Ivan", "Petrov"), cf.person(w.town, team, "Iwan", "Petrow")
    response = w.client.get(reverse("cases:person_merge", args=[a.pk, b.pk]))
    return _shown(response, [a, b], person_fields(user))


def page_person_edit(w: Any) -> Any:
    user, team = _team_user(w)
    person = cf.person(w.town, team)
    response = w.client.get(reverse("cases:person_edit", args=[person.pk]))
    return _shown(response, [person], person_fields(user))


def api_person_list(w: Any) -> Any:
    _user, team = _team_user(w)
    people = [cf.person(w.town, team, "Ivan", f"Petrov{i}") for i in range(3)]
    first = w.client.get("/api/cases/persons", {"limit": 2}).json()
    response = w.client.get("/api/cases/persons", {"limit": 2, "cursor": first["next"]})
    return _shown(response, people[2:], LIST_FIELDS)


def api_person_detail(w: Any) -> Any:
    user, team = _team_user(w)
    person = cf.person(w.town, team)
    return _shown(w.client.get(f"/api/cases/persons/{person.pk}"), [person], person_fields(user))


def api_person_duplicates(w: Any) -> Any:
    _user, team = _team_user(w)
    person = cf.person(w.town, team, "Ivan", "Petrov")
    twin = cf.person(w.town, team, "Petrov", "Ivan")
    response = w.client.get(f"/api/cases/persons/{person.pk}/duplicates")
    return _shown(response, [person, twin], LIST_FIELDS)


CASE_ROUTES: dict[Callable[[Any], Any], str] = {
    page_person_list: "cases:person_list",
    page_person_detail: "cases:person_detail",
    page_person_detail_with_duplicates: "cases:person_detail",
    page_duplicates: "cases:duplicates",
    page_person_merge: "cases:person_merge",
    page_person_edit: "cases:person_edit",
    api_person_list: "GET /api/cases/persons",
    api_person_detail: "GET /api/cases/persons/{person_id}",
    api_person_duplicates: "GET /api/cases/persons/{person_id}/duplicates",
}
FORM = "an empty form or a redirect after a write (writes are audited as such)"
NAMED = "names the person in the title: read through person_get, one entry (as the edit page)"
NOT_PERSONAL: dict[str, str] = {
    "cases:intake": FORM,
    "cases:settings": "the municipality's settings: no person",
    "cases:spelling_add": NAMED,
    "cases:legal_domain_add": NAMED,
    "POST /api/cases/persons": "echoes what the caller sent; audited as a create",
    "PATCH /api/cases/persons/{person_id}": "read through person_get (audited) and the update",
    "POST /api/cases/persons/{person_id}/merge": "reads both through merge_pair (audited)",
    "POST /api/cases/households": "ids and the case number only; audited as creates",
    "POST /api/cases/persons/{person_id}/legal-domains": "read through person_get (audited)",
    "GET /api/cases/settings": "the municipality's settings: no person",
    "PUT /api/cases/settings": "the municipality's settings: no person",
}
