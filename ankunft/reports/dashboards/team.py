"""The team leads' dashboard (Teamübersicht): per case worker of the lead's team (the head
of the KI: of every team, or of one chosen): caseload by step, the wait from opening to the
assessment, the cases with an overdue goal and those without contact for the
municipality's number of weeks (the work list's rules), and each team's median and 90th
percentile wait.

Cases are read through the case module's permission layer only (`worklist.open_cases`,
`goals_q`, `no_contact_q`: `permissions.visible` with the case scope, so a team lead counts
the own team's cases and nothing else). What is shown of people is counts, through
disclosure control, and medians of groups of at least the threshold. The case workers are
staff accounts, shown by name as the staff list shows them to the same users (the staff
scope of `core.view_staff`), and audited as read, in one entry per worker shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import Case, CaseEvent, Step
from ankunft.cases.selectors import worklist as wl
from ankunft.core import permissions
from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction, Team, User
from ankunft.reports.dashboards import figures
from ankunft.reports.tables import Table

PERMISSION = "reports.dashboard_team"
STAFF_VIEW = "core.view_staff"
#: What a row shows of a case worker: the full name, or the user name where none is given.
WORKER_FIELDS = ["first_name", "last_name", "username"]
OPEN_STEPS = [s for s in Step if s != Step.CLOSED]
UNASSIGNED, OTHERS = -1, -2


@dataclass(frozen=True)
class WorkerRow:
    key: int  # the worker's id, or UNASSIGNED / OTHERS
    label: str
    waiting: figures.Waiting


@dataclass(frozen=True)
class TeamRow:
    team_id: int
    name: str
    waiting: figures.Waiting


@dataclass
class TeamDashboard:
    as_of: dt.date
    year: int
    teams: list[Team]  # the teams the user may choose from
    team: Team | None  # the chosen one (None: all of them)
    workers: list[WorkerRow]
    team_waits: list[TeamRow]
    tables: list[Table]
    no_contact_weeks: int
    threshold: int = field(default_factory=figures.threshold)


def teams_for(actor: Any) -> list[Team]:
    """The teams whose figures the user sees: a team lead's own, the head's every team."""
    qs = Team.objects.for_user(actor).order_by("name", "pk")
    if actor.role in permissions.CASE_ROLES:
        qs = qs.filter(pk=actor.team_id)
    return list(qs)


def _first_assessment() -> Subquery:
    """When the case first entered the assessment (its first step change to it)."""
    return Subquery(
        CaseEvent.objects.filter(
            case_id=OuterRef("pk"), kind=CaseEvent.Kind.STEP, to_value=Step.ASSESSMENT
        )
        .order_by()
        .values("case_id")
        .annotate(first=Min("at"))
        .values("first")[:1]
    )


def _workers(actor: Any, ids: set[int], team_ids: list[int]) -> dict[int, User]:
    """The case workers the user may see by name (one query): those with cases in the
    figures and the members of the teams shown."""
    if not permissions.has_perm(actor, STAFF_VIEW):
        return {}
    members = Q(team_id__in=team_ids, role__in=permissions.CASE_ROLES, is_active=True)
    qs = permissions.visible(actor, STAFF_VIEW, User).filter(Q(pk__in=ids) | members)
    return {u.pk: u for u in qs.only("first_name", "last_name", "username", "municipality_id")}


def team_dashboard(
    *, actor: Any, team_id: int | None = None, today: dt.date | None = None
) -> TeamDashboard:
    """The figures of the user's teams (or of `team_id`, one of them; another is a 404)."""
    permissions.require(actor, PERMISSION)
    permissions.require(actor, access.VIEW)
    teams = teams_for(actor)
    chosen = None
    if team_id is not None:
        chosen = next((t for t in teams if t.pk == team_id), None)
        if chosen is None:
            raise Http404
    team_ids = [chosen.pk] if chosen else [t.pk for t in teams]
    period = wl.periods(actor, today)
    day = period.today
    jan1 = dt.date(day.year, 1, 1)

    open_cases = wl.open_cases(actor, wl.TEAM).filter(team_id__in=team_ids)
    load: dict[int, dict[str, int]] = defaultdict(dict)
    for worker_id, step, n in (
        open_cases.order_by().values_list("worker_id", "step").annotate(n=Count("pk"))
    ):
        load[worker_id if worker_id is not None else UNASSIGNED][step] = n
    overdue = dict(
        wl.goals_q(actor, wl.TEAM, period)
        .filter(case__team_id__in=team_ids, case__anonymised_at__isnull=True)
        .order_by()
        .values_list("case__worker_id")
        .annotate(n=Count("case_id", distinct=True))
        .values_list("case__worker_id", "n")
    )
    silent = dict(
        wl.no_contact_q(actor, wl.TEAM, period)
        .filter(team_id__in=team_ids)
        .order_by()
        .values_list("worker_id")
        .annotate(n=Count("pk"))
        .values_list("worker_id", "n")
    )
    # Waits of the cases that reached the assessment this year: days only, no record.
    waits = (
        permissions.visible(actor, access.VIEW, Case)
        .filter(team_id__in=team_ids)
        .annotate(assessed_at=_first_assessment())
        .filter(assessed_at__date__gte=jan1, assessed_at__date__lte=day)
        .order_by()
        .values_list("team_id", "worker_id", "opened_on", "assessed_at")
    )
    by_worker: dict[int, list[int]] = defaultdict(list)
    by_team: dict[int, list[int]] = defaultdict(list)
    for team, worker, opened, assessed in waits:
        days = max((timezone.localtime(assessed).date() - opened).days, 0)
        by_worker[worker if worker is not None else UNASSIGNED].append(days)
        by_team[team].append(days)

    overdue = {(k if k is not None else UNASSIGNED): v for k, v in overdue.items()}
    silent = {(k if k is not None else UNASSIGNED): v for k, v in silent.items()}
    ids = {k for k in (*load, *overdue, *silent, *by_worker) if k > 0}
    named = _workers(actor, ids, team_ids)
    audit_many(actor, AuditAction.READ, named.values(), fields=WORKER_FIELDS)

    def key(worker_id: int) -> int:
        return worker_id if worker_id in named or worker_id == UNASSIGNED else OTHERS

    merged_load: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    merged: dict[str, dict[int, int]] = {"overdue": defaultdict(int), "silent": defaultdict(int)}
    merged_waits: dict[int, list[int]] = defaultdict(list)
    for w, steps in load.items():
        for step, n in steps.items():
            merged_load[key(w)][step] += n
    for w, n in overdue.items():
        merged["overdue"][key(w)] += n
    for w, n in silent.items():
        merged["silent"][key(w)] += n
    for w, waited in by_worker.items():
        merged_waits[key(w)] += waited

    shown_named = sorted(named.values(), key=lambda u: (u.last_name, u.first_name, u.pk))
    keys = [u.pk for u in shown_named]
    labels = [u.get_full_name() or u.username for u in shown_named]
    extra = [(OTHERS, _("Other case workers")), (UNASSIGNED, _("Not assigned"))]
    for k, text in extra:
        if k in merged_load or k in merged["overdue"] or k in merged["silent"]:
            keys.append(k)
            labels.append(text)

    tables = figures.protected(
        [
            figures.people_table(
                name="caseload_by_worker",
                title=_("Open cases per case worker, by step"),
                row_labels=labels,
                column_labels=[str(s.label) for s in OPEN_STEPS],
                cells=[[merged_load[k][s.value] for s in OPEN_STEPS] for k in keys],
            ),
            figures.people_table(
                name="overdue_goals_by_worker",
                title=_("Open cases with a goal past its due date"),
                row_labels=labels,
                column_labels=[_("Cases")],
                cells=[[merged["overdue"][k]] for k in keys],
            ),
            figures.people_table(
                name="no_contact_by_worker",
                title=_("Open cases without contact for %(weeks)s weeks")
                % {"weeks": period.no_contact_weeks},
                row_labels=labels,
                column_labels=[_("Cases")],
                cells=[[merged["silent"][k]] for k in keys],
            ),
        ]
    )
    shown_teams = [t for t in teams if t.pk in team_ids]
    return TeamDashboard(
        as_of=day,
        year=day.year,
        teams=teams,
        team=chosen,
        workers=[
            WorkerRow(k, text, figures.waiting(merged_waits.get(k, [])))
            for k, text in zip(keys, labels, strict=True)
        ],
        team_waits=[
            TeamRow(t.pk, t.name, figures.waiting(by_team.get(t.pk, []))) for t in shown_teams
        ],
        tables=tables,
        no_contact_weeks=period.no_contact_weeks,
    )
