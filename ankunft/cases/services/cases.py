"""Opening a case and recording its events (the rest of the steps: `services/steps.py`)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import Case, CaseEvent, Household, Person, Step
from ankunft.cases.services import require, same_tenant
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, Role, Team, User

NUMBER_ATTEMPTS = 5


def next_number(municipality_id: int, year: int) -> str:
    """The next case number of the year: "2026-00042" (per municipality)."""
    prefix = f"{year}-"
    last = (
        Case.objects.filter(municipality_id=municipality_id, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    n = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{n:05d}"


def record_event(
    case: Case,
    kind: str,
    *,
    actor: User | None,
    from_value: str = "",
    to_value: str = "",
    note: str = "",
) -> CaseEvent:
    """One entry of the case's history: who did what, and when."""
    return CaseEvent.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        kind=kind,
        from_value=from_value[:60],
        to_value=to_value[:60],
        note=note[:500],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _check_worker(worker: User | None, team: Team) -> None:
    if worker is None:
        return
    if worker.municipality_id != team.municipality_id or worker.role not in (
        Role.CASE_WORKER,
        Role.TEAM_LEAD,
    ):
        raise ValidationError({"worker": _("Choose a case worker of your municipality.")})


@transaction.atomic
def case_open(
    *,
    actor: User | None,
    person: Person,
    team: Team | None = None,
    worker: User | None = None,
    household: Household | None = None,
    opened_on: dt.date | None = None,
) -> Case:
    """Open a case for a person (of a household); it starts at intake."""
    require(actor, access.WORK, person)
    team = team or person.team
    same_tenant(person.municipality, [team, household, worker])
    if worker is None and actor is not None and actor.role == Role.CASE_WORKER:
        worker = actor
    _check_worker(worker, team)
    opened = opened_on or timezone.localdate()
    if opened > timezone.localdate():
        raise ValidationError({"opened_on": _("A case cannot be opened in the future.")})
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    municipality_id=person.municipality_id,
                    number=next_number(person.municipality_id, opened.year),
                    person=person,
                    household=household or person.household,
                    team=team,
                    worker=worker,
                    step=Step.INTAKE,
                    opened_on=opened,
                    last_contact_on=opened,
                )
            break
        except IntegrityError:
            continue  # another intake took the number at the same moment: take the next
    else:
        raise ValidationError(_("No case number could be given; please try again."))
    if person.team_id != team.pk:
        person.team = team
        person.save(update_fields=["team", "updated_at"])
    record_event(case, CaseEvent.Kind.OPENED, actor=actor, to_value=Step.INTAKE)
    audit(actor, AuditAction.CREATE, case, fields=["number", "person", "team", "worker", "step"])
    return case
