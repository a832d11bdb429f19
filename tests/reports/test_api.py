"""The reports API: the same selectors, services and permissions as the pages; every answer
checked against the OpenAPI document (the `client` fixture)."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from ankunft.core.models import Role
from ankunft.reports.models import Report
from tests import factories
from tests.budget.conftest import seed_decision
from tests.reports.test_pages import done, make
from tests.reports.world_pages import PDF

pytestmark = pytest.mark.django_db
URL = "/api/reports/reports"


@pytest.fixture
def head(town):
    return factories.user(Role.HEAD_OF_KI, town)


@pytest.fixture
def decision(town):
    return seed_decision(town, reference="DS 21-0815")


def post(client, body, **extra):
    return client.post(URL, body, content_type="application/json", **extra)


def test_the_list_holds_the_own_reports_newest_first(client, town, other_town, decision):
    first = make(town, decision, status=Report.Status.FAILED)
    second = make(town, None, year=2023, status=Report.Status.RUNNING, progress=20)
    make(other_town, seed_decision(other_town, reference="FREMD/1"))
    client.force_login(factories.user(Role.FINANCE, town))
    items = client.get(URL).json()
    assert [i["id"] for i in items] == [second.pk, first.pk]
    assert items[0] | {"created_at": None} == {
        "id": second.pk, "title": "", "decision_id": None, "decision_reference": None,
        "year": 2023, "threshold": 5, "language": "de", "status": "running", "progress": 20,
        "created_at": None, "finished_at": None, "published": False,
    }  # fmt: skip
    assert items[1]["decision_reference"] == "DS 21-0815"


def test_a_report_being_built_answers_with_its_progress(client, town, head, decision):
    report = make(town, decision, status=Report.Status.RUNNING, progress=40, stage="Geld")
    client.force_login(head)
    body = client.get(f"{URL}/{report.pk}").json()
    assert (body["status"], body["progress"], body["stage"]) == ("running", 40, "Geld")
    assert (body["stale"], body["has_pdf"], body["tables"]) == (False, False, [])


def test_the_pdf_of_a_finished_report_is_an_attachment(client, town, head, decision):
    report = done(town, decision)
    client.force_login(head)
    response = client.get(f"{URL}/{report.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="sachstandsbericht-ds-21-0815-2022.pdf"'
    )
    assert response.content == PDF
    running = make(town, decision, status=Report.Status.RUNNING)
    assert client.get(f"{URL}/{running.pk}/pdf").status_code == 404


@pytest.mark.parametrize("threshold", [0, 2, 51])
def test_a_threshold_outside_3_to_50_is_a_400_with_the_reason(
    client, town, head, decision, threshold
):
    client.force_login(head)
    response = post(
        client,
        {"decision_id": decision.pk, "threshold": threshold, "language": "en"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "from 3 to 50" in str(response.json())
    assert Report.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_an_unknown_decision_and_another_municipalitys_are_not_found(
    client, town, other_town, head
):
    foreign = seed_decision(other_town, reference="FREMD/2")
    client.force_login(head)
    assert post(client, {"decision_id": foreign.pk}).status_code == 404
    assert post(client, {"decision_id": foreign.pk + 1000}).status_code == 404
    assert Report.objects.count() == 0


def test_neither_decision_nor_year_is_a_400(client, town, head):
    client.force_login(head)
    response = post(client, {"threshold": 5}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Choose a decision, or a year" in str(response.json())


def test_only_the_head_of_ki_requests_and_case_workers_read_nothing(client, town, decision):
    for role in (Role.FINANCE, Role.TEAM_LEAD):
        client.force_login(factories.user(role, town))
        assert post(client, {"decision_id": decision.pk}).status_code == 403
        assert client.get(URL).status_code == 200
    client.force_login(factories.user(Role.CASE_WORKER, town))
    assert client.get(URL).status_code == 403
    assert Report.objects.count() == 0


def test_another_municipalitys_report_is_not_found(client, town, other_town, decision):
    report = done(town, decision)
    client.force_login(factories.user(Role.HEAD_OF_KI, other_town))
    assert client.get(f"{URL}/{report.pk}").status_code == 404
    assert client.get(f"{URL}/{report.pk}/pdf").status_code == 404


# With the real build (green once `build` is merged) --------------------------------------


def test_a_request_queues_the_report_on_commit(
    client, town, head, decision, django_capture_on_commit_callbacks
):
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {"decision_id": decision.pk, "year": 2022, "threshold": 5})
    assert response.status_code == 201
    body = response.json()
    report = Report.objects.get()
    assert (body["id"], body["status"], body["progress"]) == (report.pk, "queued", 0)
    assert DBTaskResult.objects.get().args_kwargs["args"] == [report.pk]


def test_a_request_without_threshold_takes_the_configured_one(
    client, town, head, decision, settings
):
    """No threshold in the request: the configured REPORT_SUPPRESSION_THRESHOLD, as the
    request form's initial value (not a fixed 5)."""
    settings.REPORT_SUPPRESSION_THRESHOLD = 7
    client.force_login(head)
    response = post(client, {"decision_id": decision.pk, "year": 2022})
    assert response.status_code == 201
    assert response.json()["threshold"] == 7
    assert Report.objects.get().threshold == 7


def test_a_year_without_data_is_a_400(client, town, head, decision):
    client.force_login(head)
    response = post(client, {"decision_id": decision.pk, "year": 1999, "threshold": 5})
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_a_finished_report_answers_with_its_tables_and_whether_it_is_stale(
    client, town, head, decision
):
    report = done(town, decision)  # built from another data version: stale
    client.force_login(head)
    body = client.get(f"{URL}/{report.pk}").json()
    assert (body["status"], body["stale"], body["has_pdf"]) == ("done", True, True)
    people = next(t for t in body["tables"] if t["name"] == "cases_by_district")
    assert people["cells"] == [[12], [None]]
    assert body["tables"][0]["cells"] == [[100000, 45000]]
