"""Intake of a household on one page: the household, its members and the main person's
case, all in one transaction (one member refused: nothing is saved)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import Case, Household, Person
from ankunft.cases.services import require
from ankunft.cases.services.cases import case_open
from ankunft.cases.services.persons import PersonData, household_create, person_create
from ankunft.core.models import District, User


class MemberError(ValidationError):
    """A member of the household was refused; `index` is the member's place (from 0)."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.index = index
        self.error = error


@dataclass
class Intake:
    """What the intake page (or the API) took in."""

    label: str
    members: list[PersonData]
    address: str = ""
    district: District | None = None
    main: int = 0  # the member whose case is opened


@dataclass
class IntakeResult:
    household: Household
    persons: list[Person]
    case: Case


@transaction.atomic
def household_intake(*, actor: User, intake: Intake) -> IntakeResult:
    """Create the household, each member (the household's address where the member gives
    none) and open the main person's case for the actor's team (assigned to the actor when
    a case worker)."""
    require(actor, access.WORK)
    team = actor.team
    if team is None:
        raise ValidationError(_("Your account belongs to no team: ask your team lead."))
    if not intake.members:
        raise ValidationError(_("Add at least one member of the household."))
    if not 0 <= intake.main < len(intake.members):
        raise ValidationError({"main": _("Choose the main person among the members.")})
    household = household_create(actor=actor, label=intake.label, team=team)
    persons = []
    for index, member in enumerate(intake.members):
        values = dict(member.values)
        if intake.address and not values.get("address"):
            values["address"] = intake.address
        if intake.district is not None and values.get("district") is None:
            values["district"] = intake.district
        try:
            persons.append(
                person_create(
                    actor=actor,
                    data=PersonData(values, member.spellings),
                    team=team,
                    household=household,
                )
            )
        except ValidationError as exc:
            raise MemberError(index, exc) from exc
    case = case_open(actor=actor, person=persons[intake.main], team=team, household=household)
    return IntakeResult(household, persons, case)
