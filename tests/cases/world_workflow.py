"""Records of the access matrix's world: the case module's workflow (consents and goals of
the own, the team's and another team's cases; a field of action for needs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ankunft.cases.models import ConsentPurpose, LegalBasis
from ankunft.cases.services.consent import consent_give
from ankunft.cases.services.steps import goal_add
from ankunft.core.models import Municipality, User
from ankunft.measures.models import FieldOfAction
from ankunft.measures.services import field_of_action_defaults_ensure

GIVEN = dt.date(2024, 1, 15)
DUE = dt.date(2099, 6, 30)


def build(m: Municipality, people: dict[str, User], world: dict[str, Any]) -> None:
    """Add this area's records to `world` (the names the matrix rows use)."""
    field_of_action_defaults_ensure(municipality=m)
    world["wf_field"] = FieldOfAction.objects.filter(municipality=m).order_by("pk").first()
    for name in ("own", "team", "other"):
        case = world[f"case_{name}"]
        world[f"consent_{name}"] = consent_give(
            None,
            case.person,
            ConsentPurpose.CASE_MANAGEMENT,
            LegalBasis.CONSENT,
            form="written",
            given_on=GIVEN,
        )
        world[f"goal_{name}"] = goal_add(None, case, "Deutschkurs B1", DUE, agreed_on=GIVEN)
