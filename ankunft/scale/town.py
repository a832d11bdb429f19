"""One fictitious municipality's small records, through the modules' own services and models:
districts, teams and staff accounts, fields of action, a council decision with budget lines,
positions held by staff, measures with indicators (the chain). The bulk (persons, cases,
events, bookings, audit) is written by `ankunft.scale.people` and `ankunft.scale.generate`.

ALL OF IT IS FICTITIOUS: "Beispielstadt 12", "Fallmanagement 3", seeded random.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from ankunft.budget import services as budget_services
from ankunft.budget.costs import shipped_rates
from ankunft.budget.models import BudgetLine, Position
from ankunft.budget.services import positions as position_services
from ankunft.cases.models import CaseSettings
from ankunft.core.models import District, Municipality, Role, Team, User
from ankunft.council.models import Decision
from ankunft.council.services import AllocationData, decision_record, paper_create
from ankunft.measures.models import (
    DEFAULT_FIELDS_OF_ACTION,
    Concept,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBudgetLine,
    MeasureFieldOfAction,
    MeasurePosition,
    StaffAllocation,
)

DISTRICTS = (
    "Nordviertel", "Südstadt", "Altstadt", "Hafenviertel", "Am Bahnhof", "Westend",
    "Oberdorf", "Unterdorf", "Neustadt", "Rheinufer",
)  # fmt: skip
PERSONS_PER_WORKER = 150  # a case worker's caseload
WORKERS_PER_TEAM = 10
POSITIONS = 8
MEASURES = 10
PASSWORD = "scale-bench-only"  # noqa: S105 - fictitious accounts of generated data


@dataclass
class Town:
    """The ids the bulk generators need, and the accounts the benchmark logs in with."""

    index: int
    municipality: Municipality
    persons: int
    teams: list[Team] = field(default_factory=list)
    workers: dict[int, list[int]] = field(default_factory=dict)  # team id -> worker ids
    leads: dict[int, int] = field(default_factory=dict)  # team id -> team lead id
    head: User | None = None
    districts: list[int] = field(default_factory=list)
    fields: list[int] = field(default_factory=list)
    decision: Decision | None = None
    budget_lines: list[BudgetLine] = field(default_factory=list)
    offers: list[int] = field(default_factory=list)


def slug_of(index: int) -> str:
    return f"beispielstadt-{index}"


def create_town(index: int, persons: int, *, today: dt.date) -> Town:
    m = Municipality.objects.create(name=f"Beispielstadt {index}", slug=slug_of(index))
    town = Town(index=index, municipality=m, persons=persons)
    CaseSettings.objects.create(municipality=m)
    town.districts = [
        d.pk
        for d in District.objects.bulk_create(
            District(municipality=m, name=name, kind=District.Kind.QUARTER) for name in DISTRICTS
        )
    ]
    town.fields = [
        f.pk
        for f in FieldOfAction.objects.bulk_create(
            FieldOfAction(municipality=m, key=key, order=i)
            for i, (key, _label) in enumerate(DEFAULT_FIELDS_OF_ACTION)
        )
    ]
    _staff(town)
    _chain(town, today)
    return town


def _staff(town: Town) -> None:
    m = town.municipality
    workers = max(1, -(-town.persons // PERSONS_PER_WORKER))
    n_teams = max(1, -(-workers // WORKERS_PER_TEAM))
    town.teams = Team.objects.bulk_create(
        Team(municipality=m, name=f"Fallmanagement {t + 1}") for t in range(n_teams)
    )
    password = make_password(PASSWORD)
    users = [
        User(
            username=f"{m.slug}-fm{w + 1}", first_name="Fallmanager", last_name=f"{w + 1}",
            role=Role.CASE_WORKER, municipality=m, team=town.teams[w % n_teams],
            password=password,
        )
        for w in range(workers)
    ] + [
        User(
            username=f"{m.slug}-lead{t + 1}", first_name="Teamleitung", last_name=f"{t + 1}",
            role=Role.TEAM_LEAD, municipality=m, team=team, password=password,
        )
        for t, team in enumerate(town.teams)
    ]  # fmt: skip
    users.append(
        User(
            username=f"{m.slug}-leitung", first_name="Leitung", last_name="KI",
            role=Role.HEAD_OF_KI, municipality=m, password=password,
        )
    )  # fmt: skip
    created = User.objects.bulk_create(users)
    for u in created:
        if u.role == Role.CASE_WORKER:
            town.workers.setdefault(u.team_id, []).append(u.pk)  # type: ignore[arg-type]
        elif u.role == Role.TEAM_LEAD:
            town.leads[u.team_id] = u.pk  # type: ignore[index]
    town.head = created[-1]


def _chain(town: Town, today: dt.date) -> None:
    """A decision funding four years, positions on its budget lines, measures and indicators."""
    m = town.municipality
    budget_services.cost_rates_load(actor=None, municipality=m, rates=shipped_rates())
    years = [today.year - 2, today.year - 1, today.year, today.year + 1]
    paper = paper_create(
        actor=None,
        municipality=m,
        name="Kommunales Integrationsmanagement (Beispiel)",
        reference=f"BSP-{town.index}/1",
        allocations=[AllocationData(y, Decimal("2400000")) for y in years],
    )
    town.decision = decision_record(
        actor=None,
        paper=paper,
        outcome=Decision.Outcome.ADOPTED,
        date=dt.date(years[0] - 1, 11, 18),
    )
    town.budget_lines = list(BudgetLine.objects.filter(decision=town.decision).order_by("year"))
    positions: list[Position] = []
    for i in range(POSITIONS):
        p = position_services.position_create(
            actor=None, municipality=m, title=f"Fallmanagement Stelle {i + 1}",
            pay_grade="S 12" if i % 2 else "E 9b", fte=Decimal("1.00"),
            start=dt.date(years[0], 1, 1), budget_lines=town.budget_lines,
        )  # fmt: skip
        member = position_services.staff_member_create(
            actor=None, municipality=m, name=f"Beschäftigte {town.index}-{i + 1}"
        )
        position_services.assignment_create(
            actor=None, position=p, staff_member=member, start=dt.date(years[0], 1 + i % 12, 1)
        )
        positions.append(p)
    concept = Concept.objects.create(municipality=m, title="Integrationskonzept (Beispiel)")
    measures = Measure.objects.bulk_create(
        Measure(
            municipality=m, concept=concept, title=f"Maßnahme {k + 1}",
            status=Measure.Status.RUNNING, start=dt.date(years[0], 1, 1),
            target_groups="Neu Zugewanderte (Beispiel)",
        )
        for k in range(MEASURES)
    )  # fmt: skip
    MeasureBudgetLine.objects.bulk_create(
        MeasureBudgetLine(municipality=m, measure=x, budget_line=line)
        for x in measures
        for line in town.budget_lines
    )
    MeasureFieldOfAction.objects.bulk_create(
        MeasureFieldOfAction(municipality=m, measure=x, field_of_action_id=town.fields[k % 8])
        for k, x in enumerate(measures)
    )
    MeasurePosition.objects.bulk_create(
        MeasurePosition(municipality=m, measure=measures[k % MEASURES], position=p)
        for k, p in enumerate(positions)
    )
    StaffAllocation.objects.bulk_create(
        StaffAllocation(
            municipality=m, position=p, measure=measures[k % MEASURES], percent=Decimal(100),
            valid_from=dt.date(years[0], 1, 1),
        )
        for k, p in enumerate(positions)
    )  # fmt: skip
    indicators = Indicator.objects.bulk_create(
        Indicator(municipality=m, measure=x, name="Beratungen", unit="Personen", target=Decimal(40))
        for x in measures
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            municipality=m, indicator=ind, period=dt.date(y, month, 1), value=Decimal(30 + month)
        )
        for ind in indicators
        for y in years[:3]
        for month in range(1, 13)
        if dt.date(y, month, 1) <= today
    )
