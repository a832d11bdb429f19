"""Test data of case management: persons, households and cases through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ankunft.cases.models import Case, Household, Person
from ankunft.cases.services.cases import case_open
from ankunft.cases.services.persons import PersonData, household_create, person_create
from ankunft.core.models import Municipality, Team, User


def person(
    m: Municipality,
    team: Team,
    given: str = "Ana",
    family: str = "Popescu",
    *,
    household: Household | None = None,
    spellings: list[tuple[str, str]] | None = None,
    **values: Any,
) -> Person:
    values.setdefault("birth_year", 1990)
    return person_create(
        actor=None,
        municipality=m,
        team=team,
        household=household,
        data=PersonData({"given_names": given, "family_name": family, **values}, spellings or []),
    )


def household(m: Municipality, team: Team, label: str = "Familie Popescu") -> Household:
    return household_create(actor=None, municipality=m, team=team, label=label)


def case(
    m: Municipality,
    team: Team,
    worker: User | None = None,
    *,
    person_: Person | None = None,
    opened_on: dt.date | None = None,
    **person_values: Any,
) -> Case:
    """A case at intake for a (new) person of the team, assigned to `worker`."""
    p = person_ or person(m, team, **person_values)
    return case_open(actor=None, person=p, team=team, worker=worker, opened_on=opened_on)
