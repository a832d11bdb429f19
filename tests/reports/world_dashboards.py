"""Records of the access matrix's world for the reports' dashboards (its rows need none:
the dashboards take no record in their address), and the builders of the dashboards'
tests: cases at chosen steps and dates, waits, referrals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ankunft.cases.models import Case, CaseEvent, Referral, Step
from ankunft.core.models import Municipality, Team, User
from tests.cases import factories as cf


def build(m: Municipality, people: dict[str, User], world: dict[str, Any]) -> None:
    """Add this area's records to `world` (keys named in its matrix rows' kwargs)."""


def cases(
    m: Municipality,
    team: Team,
    worker: User | None,
    n: int,
    *,
    step: str = Step.INTAKE,
    opened_on: dt.date | None = None,
    **values: Any,
) -> list[Case]:
    """`n` cases of the team at `step` (closed ones on their opening day + 10)."""
    made = []
    for i in range(n):
        case = cf.case(m, team, worker, opened_on=opened_on, family=f"Fam{i}", **values)
        changes: dict[str, Any] = {"step": step}
        if step == Step.CLOSED:
            changes["closed_on"] = case.opened_on + dt.timedelta(days=10)
            changes["outcome"] = values.get("outcome", "goals_met")
        Case.objects.filter(pk=case.pk).update(**changes)
        case.refresh_from_db()
        made.append(case)
    return made


def assessed(case: Case, after_days: int) -> None:
    """The case entered the assessment `after_days` after it was opened."""
    event = CaseEvent.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        kind=CaseEvent.Kind.STEP,
        from_value=Step.INTAKE,
        to_value=Step.ASSESSMENT,
    )
    at = timezone.make_aware(
        dt.datetime.combine(case.opened_on + dt.timedelta(days=after_days), dt.time(10))
    )
    CaseEvent.objects.filter(pk=event.pk).update(at=at)


def referrals(case: Case, offer: Any, n: int, status: str, sent: dt.datetime) -> None:
    for _i in range(n):
        Referral.objects.create(
            municipality_id=case.municipality_id,
            case=case,
            offer=offer,
            purpose="Sprachkurs",
            status=status,
            sent_at=sent,
        )
