"""The case module's records of the access matrix's world: persons and cases of the own
team (assigned to the case worker, and to a colleague), of another team, and each area's
records (`world_<area>.py`)."""

from __future__ import annotations

import importlib
from typing import Any

from ankunft.core.models import Municipality, Role, User
from tests.cases import factories as cf
from tests.cases.matrix import AREAS


def build(m: Municipality, people: dict[str, User], world: dict[str, Any]) -> None:
    cw = people[Role.CASE_WORKER]
    team, other_team = cw.team, world["staff_other_team"].team
    world["case_own"] = cf.case(m, team, cw, given="Ana", family="Popescu")
    world["person_own"] = world["case_own"].person
    world["case_team"] = cf.case(m, team, world["staff_team"], given="Ivan", family="Petrov")
    world["person_team"] = world["case_team"].person
    world["case_other"] = cf.case(
        m, other_team, world["staff_other_team"], given="Amina", family="Haddad"
    )
    world["person_other"] = world["case_other"].person
    for area in AREAS:
        importlib.import_module(f"tests.cases.world_{area}").build(m, people, world)
