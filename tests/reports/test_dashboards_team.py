"""The team leads' dashboard: caseload, waiting times and overdue steps per case worker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ankunft.cases.models import Case, Goal, Step
from ankunft.core.models import AuditEntry, Role
from ankunft.reports import disclosure
from ankunft.reports.dashboards import team as tm
from tests import factories
from tests.reports import world_dashboards as dd

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 6, 30)


@pytest.fixture
def teams(town, make_user):
    """Two teams; team A: a lead and two workers (Ada with 6 cases at intake and 2 in the
    plan, Ben with 1); team B: one worker with 5 cases."""
    a, b = factories.team(town, "Team A"), factories.team(town, "Team B")
    lead = make_user(Role.TEAM_LEAD, team=a)
    ada = make_user(Role.CASE_WORKER, team=a, first_name="Ada", last_name="Arslan")
    ben = make_user(Role.CASE_WORKER, team=a, first_name="Ben", last_name="Berg")
    cem = make_user(Role.CASE_WORKER, team=b, first_name="Cem", last_name="Celik")
    opened = dt.date(2023, 5, 1)
    dd.cases(town, a, ada, 6, opened_on=opened)
    dd.cases(town, a, ada, 2, step=Step.PLAN, opened_on=opened)
    dd.cases(town, a, ben, 1, opened_on=opened)
    dd.cases(town, b, cem, 5, opened_on=opened)
    return {"a": a, "b": b, "lead": lead, "ada": ada, "ben": ben, "cem": cem}


def _table(board, name):
    return next(t for t in board.tables if t.name == name)


def test_a_team_lead_counts_the_own_teams_cases_only(teams, other_town):
    dd.cases(other_town, factories.team(other_town), None, 9)
    board = tm.team_dashboard(actor=teams["lead"], today=DAY)
    load = _table(board, "caseload_by_worker")
    assert load.row_labels == ["Ada Arslan", "Ben Berg", "Vorname " + teams["lead"].last_name]
    intake, plan = tm.OPEN_STEPS.index(Step.INTAKE), tm.OPEN_STEPS.index(Step.PLAN)
    ada = Case.objects.filter(worker=teams["ada"])
    assert load.cells[0][intake] == sum(1 for c in ada if c.step == Step.INTAKE) == 6
    assert load.row_totals[0] == ada.count() == 8
    assert load.total == Case.objects.filter(team=teams["a"]).count() == 9
    assert load.cell(0, plan) is None  # 2: suppressed
    assert load.cell(1, intake) is None  # Ben's 1
    for i, row in enumerate(load.cells):  # what is shown is true; what is hidden stays wide
        assert all(load.cell(i, j) in (None, value) for j, value in enumerate(row))
    assert all(b.protects(5) for b in disclosure.audit([load], threshold=5))
    assert [t.name for t in board.teams] == ["Team A"]


def test_the_head_sees_every_team_and_can_filter_one(teams, make_user):
    head = make_user(Role.HEAD_OF_KI)
    board = tm.team_dashboard(actor=head, today=DAY)
    assert _table(board, "caseload_by_worker").total == 14
    assert [t.name for t in board.teams] == ["Team A", "Team B"]
    only_b = tm.team_dashboard(actor=head, team_id=teams["b"].pk, today=DAY)
    load = _table(only_b, "caseload_by_worker")
    assert load.row_labels == ["Cem Celik"]
    assert load.total == 5


def test_another_team_is_a_404_for_a_team_lead(client, teams):
    client.force_login(teams["lead"])
    url = reverse("reports:dashboard_team")
    assert client.get(url, {"team": teams["b"].pk}).status_code == 404
    assert client.get(url, {"team": "x"}).status_code == 400
    assert client.get("/api/reports/dashboard/team", {"team": teams["b"].pk}).status_code == 404


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "The team must be given by its number."),
     ("de", "Das Team muss mit seiner Nummer angegeben werden.")],
)  # fmt: skip
def test_a_team_that_is_no_number_is_a_translated_400(client, teams, language, message):
    """`?team=x`: a 400 page saying what is wrong, in the user's language."""
    client.force_login(teams["lead"])
    response = client.get(
        reverse("reports:dashboard_team"), {"team": "x"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_overdue_goals_and_no_contact_follow_the_work_list(teams, town):
    ada_cases = list(Case.objects.filter(worker=teams["ada"]).order_by("pk"))
    for case in ada_cases[:5]:
        for _i in range(2):  # two overdue goals: still one case
            Goal.objects.create(
                municipality=town, case=case, title="Kita", due_on=DAY - dt.timedelta(days=3)
            )
    Goal.objects.create(municipality=town, case=ada_cases[5], title="Kurs", due_on=DAY)
    board = tm.team_dashboard(actor=teams["lead"], today=DAY)
    overdue = _table(board, "overdue_goals_by_worker")
    assert overdue.cells[0] == [5]
    silent = _table(board, "no_contact_by_worker")
    # Opened 1 May, no contact since: more than the 6 weeks by 30 June.
    assert silent.cells[:2] == [[8], [1]]
    assert silent.cell(1, 0) is None


def test_waiting_time_median_and_p90_from_groups_of_five(teams):
    ada_cases = list(Case.objects.filter(worker=teams["ada"]).order_by("pk"))
    for case, days in zip(ada_cases, [2, 4, 6, 8, 30], strict=False):
        dd.assessed(case, days)
    dd.assessed(Case.objects.get(worker=teams["ben"]), 3)
    board = tm.team_dashboard(actor=teams["lead"], today=DAY)
    ada = next(w for w in board.workers if w.key == teams["ada"].pk)
    ben = next(w for w in board.workers if w.key == teams["ben"].pk)
    assert (ada.waiting.median, ada.waiting.p90) == (6.0, 30.0)
    assert (ben.waiting.median, ben.waiting.p90) == (None, None)  # one case: not shown
    assert (board.team_waits[0].waiting.median, board.team_waits[0].waiting.p90) == (5.0, 30.0)


def test_the_page_shows_names_audited_and_no_person(client, teams):
    client.force_login(teams["lead"])
    response = client.get(reverse("reports:dashboard_team"))
    body = response.content.decode()
    assert "Ada Arslan" in body
    assert "Cem Celik" not in body
    assert "Fam0" not in body
    entries = AuditEntry.objects.filter(request_id=response["X-Request-ID"])
    assert sorted(e.object_id for e in entries) == sorted(
        str(u.pk) for u in (teams["ada"], teams["ben"], teams["lead"])
    )
    assert {tuple(e.fields) for e in entries} == {tuple(sorted(tm.WORKER_FIELDS))}


def test_the_page_keeps_its_query_count(client, teams, town, django_assert_max_num_queries):
    client.force_login(teams["lead"])
    with django_assert_max_num_queries(18):
        assert client.get(reverse("reports:dashboard_team")).status_code == 200
    for i in range(4):
        extra = factories.user(Role.CASE_WORKER, town, team=teams["a"], last_name=f"Neu{i}")
        dd.cases(town, teams["a"], extra, 3)
    with django_assert_max_num_queries(18):
        assert client.get(reverse("reports:dashboard_team")).status_code == 200


def test_the_api_gives_the_same_tables(client, teams):
    client.force_login(teams["lead"])
    body = client.get("/api/reports/dashboard/team").json()
    board = tm.team_dashboard(actor=teams["lead"])
    assert body["tables"] == [t.as_json() for t in board.tables]
    assert [w["label"] for w in body["workers"]] == [w.label for w in board.workers]
