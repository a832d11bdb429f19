"""The internal report pages and the services behind them: the list, the request form and
its refusals, the page of a report while it is built (htmx polling of the progress) and when
it is done or failed, the downloads, build again and delete a draft."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ankunft.core.models import AuditAction, AuditEntry, Role
from ankunft.reports import build
from ankunft.reports.models import Report
from ankunft.reports.services.generate import report_delete, report_request, report_retry
from tests import factories
from tests.budget.conftest import seed_decision
from tests.measures import builders
from tests.reports.world_pages import PDF, content

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def head(town):
    return factories.user(Role.HEAD_OF_KI, town)


@pytest.fixture
def decision(town):
    return seed_decision(town, reference="DS 21-0815")


def make(town, decision=None, **kw) -> Report:
    kw.setdefault("year", 2022)
    return Report.objects.create(municipality=town, decision=decision, **kw)


def done(town, decision, **kw) -> Report:
    return make(
        town,
        decision,
        status=Report.Status.DONE,
        progress=100,
        title="Sachstandsbericht 2022",
        content=content(title="Sachstandsbericht 2022", decision_id=decision.pk),
        pdf=PDF,
        as_of=dt.date(2022, 12, 31),
        data_version="old",
        finished_at=timezone.now(),
        **kw,
    )


# The list --------------------------------------------------------------------------------


def test_the_list_shows_status_scope_and_the_request_link_to_the_head(client, town, head, decision):
    make(town, decision, status=Report.Status.RUNNING, progress=40)
    make(town, None, status=Report.Status.FAILED)
    client.force_login(head)
    html = client.get(reverse("reports:report_list"), **EN).content.decode()
    assert html.count('class="report-row"') == 2
    assert "DS 21-0815 · 2022" in html
    assert "All decisions of 2022" in html
    assert "being built (40 %)" in html
    assert reverse("reports:report_create") in html


def test_the_list_takes_the_same_queries_for_one_report_and_for_many(
    client, town, decision, django_assert_max_num_queries
):
    """No query per report (decision and paper come with the reports)."""
    lead = factories.user(Role.TEAM_LEAD, town)
    client.force_login(lead)
    make(town, decision)
    client.get(reverse("reports:report_list"))  # warm the session and the role's record
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reports:report_list"))
    for _ in range(4):
        make(town, decision, status=Report.Status.FAILED)
        make(town, None, year=2023)
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("reports:report_list")).content.decode()
    assert html.count('class="report-row"') == 9
    assert len(many) == len(one)
    assert reverse("reports:report_create") not in html  # a team lead reads, does not request


def test_the_list_shows_only_the_own_municipalitys_reports(client, town, other_town, decision):
    make(town, decision)
    make(other_town, seed_decision(other_town, reference="FREMD/1"))
    client.force_login(factories.user(Role.FINANCE, town))
    html = client.get(reverse("reports:report_list")).content.decode()
    assert html.count('class="report-row"') == 1
    assert "FREMD/1" not in html


def test_case_workers_providers_and_the_dpo_may_not_see_reports(client, town):
    for role in (Role.CASE_WORKER, Role.PROVIDER, Role.DPO, Role.INTERPRETER):
        client.force_login(factories.user(role, town))
        assert client.get(reverse("reports:report_list")).status_code == 403


# The request form ------------------------------------------------------------------------


def test_the_form_offers_the_decisions_and_the_configured_threshold(
    client, town, head, decision, settings
):
    settings.REPORT_SUPPRESSION_THRESHOLD = 7
    builders.decision(town, reference="OHNE-GELD/1")  # funds nothing: not offered
    client.force_login(head)
    html = client.get(reverse("reports:report_create"), **EN).content.decode()
    assert 'name="threshold"' in html
    assert 'value="7"' in html
    assert "DS 21-0815 – Verstärkung des Personals" in html
    assert "OHNE-GELD/1" not in html
    assert "All decisions of the year" in html
    assert '<option value="en">' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2022", "threshold": "0"}, "Ensure this value is greater than or equal to 3."),
        ({"year": "2022", "threshold": "51"}, "Ensure this value is less than or equal to 50."),
        ({"threshold": "5"}, "Choose a decision, or a year for a report on all its decisions."),
        ({"year": "2022", "threshold": "5", "language": "tr"}, "Select a valid choice."),
        ({"year": "1999", "threshold": "5"}, "There is no data for 1999 in"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_queued(
    client, town, head, data, message
):
    client.force_login(head)
    response = client.post(reverse("reports:report_create"), {"language": "de", **data}, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Report.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_another_municipalitys_decision_cannot_be_chosen(client, town, other_town, head):
    foreign = seed_decision(other_town, reference="FREMD/2")
    client.force_login(head)
    response = client.post(
        reverse("reports:report_create"),
        {"decision": foreign.pk, "year": "2022", "threshold": "5", "language": "de"},
    )
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_only_the_head_of_ki_requests_reports(client, town, decision):
    for role in (Role.TEAM_LEAD, Role.FINANCE, Role.CASE_WORKER):
        client.force_login(factories.user(role, town))
        assert client.get(reverse("reports:report_create")).status_code == 403
        response = client.post(
            reverse("reports:report_create"),
            {"decision": decision.pk, "threshold": "5", "language": "de"},
        )
        assert response.status_code == 403
    assert Report.objects.count() == 0


def test_the_service_refuses_without_permission_and_across_municipalities(
    town, other_town, decision
):
    lead = factories.user(Role.TEAM_LEAD, town)
    with pytest.raises(PermissionDenied):
        report_request(actor=lead, decision=decision, year=None, threshold=5, language="de")
    foreign_head = factories.user(Role.HEAD_OF_KI, other_town)
    with pytest.raises(Http404):
        report_request(actor=foreign_head, decision=decision, year=None, threshold=5, language="de")
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("case", "field"),
    [((0, "de"), "threshold"), ((2, "de"), "threshold"), ((51, "de"), "threshold"),
     ((5, "fr"), "language")],
)  # fmt: skip
def test_the_service_validates_threshold_and_language_before_anything(
    town, head, decision, case, field
):
    threshold, language = case
    with pytest.raises(ValidationError) as caught:
        report_request(
            actor=head, decision=decision, year=2022, threshold=threshold, language=language
        )
    assert list(caught.value.error_dict) == [field]
    assert Report.objects.count() == 0


def test_the_service_needs_a_decision_or_a_year(town, head):
    with pytest.raises(ValidationError) as caught:
        report_request(actor=head, decision=None, year=None, threshold=5, language="de")
    assert list(caught.value.error_dict) == ["year"]


# The report's page -----------------------------------------------------------------------


def test_a_report_being_built_shows_its_progress_and_polls_itself(client, town, head, decision):
    report = make(town, decision, status=Report.Status.RUNNING, progress=40, stage="Geld je Jahr")
    client.force_login(head)
    url = reverse("reports:report_detail", args=[report.pk])
    html = client.get(url).content.decode()
    assert f'hx-get="{url}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert '<progress id="report-progress-bar" max="100" value="40">40 %</progress>' in html
    assert "Geld je Jahr" in html
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert 'value="40"' in partial
    assert "Geld je Jahr" in partial
    assert "hx-get" not in partial  # the polling element stays; only its inside is swapped


def test_the_progress_the_task_stores_is_what_the_next_poll_shows(client, town, head, decision):
    from ankunft.reports.tasks import progress_recorder  # noqa: PLC0415

    report = make(town, decision, status=Report.Status.RUNNING)
    client.force_login(head)
    url = reverse("reports:report_detail", args=[report.pk])
    progress_recorder(report.pk)(65, "Vermittlungen")
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="65"' in partial
    assert "Vermittlungen" in partial


def test_polling_ends_with_a_reload_when_the_report_finished_or_failed(
    client, town, head, decision
):
    client.force_login(head)
    for status in (Report.Status.FAILED, Report.Status.DONE):
        report = make(town, decision, status=status)
        url = reverse("reports:report_detail", args=[report.pk])
        response = client.get(url, HTTP_HX_REQUEST="true")
        assert response["HX-Refresh"] == "true"


def test_a_queued_report_says_it_waits_for_the_worker(client, town, head, decision):
    report = make(town, decision)
    client.force_login(head)
    html = client.get(reverse("reports:report_detail", args=[report.pk]), **EN).content.decode()
    assert "Waiting for the worker" in html
    assert 'value="0"' in html


def test_a_failed_report_shows_the_error_and_try_again_to_the_head(client, town, head, decision):
    report = make(town, decision, status=Report.Status.FAILED, error="Das Jahr hat keine Daten.")
    url = reverse("reports:report_detail", args=[report.pk])
    retry = reverse("reports:report_retry", args=[report.pk])
    client.force_login(head)
    html = client.get(url, **EN).content.decode()
    assert "Das Jahr hat keine Daten." in html
    assert retry in html
    assert "hx-get" not in html
    client.force_login(factories.user(Role.TEAM_LEAD, town))
    html = client.get(url, **EN).content.decode()
    assert "Das Jahr hat keine Daten." in html
    assert retry not in html


def test_another_municipalitys_report_is_not_found(client, town, other_town, decision):
    report = done(town, decision)
    client.force_login(factories.user(Role.HEAD_OF_KI, other_town))
    for name in ("report_detail", "report_pdf", "report_json", "report_csv"):
        assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:report_retry", args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:report_delete", args=[report.pk])).status_code == 404


# Downloads -------------------------------------------------------------------------------


def test_the_pdf_is_an_attachment_named_after_the_decision_and_year(client, town, decision):
    report = done(town, decision)
    client.force_login(factories.user(Role.FINANCE, town))
    response = client.get(reverse("reports:report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="sachstandsbericht-ds-21-0815-2022.pdf"'
    )
    assert response.content == PDF


def test_a_year_report_is_named_after_its_year_and_unfinished_reports_have_no_files(
    client, town, head, decision
):
    year_report = done(town, decision)
    year_report.decision = None
    year_report.save()
    client.force_login(head)
    response = client.get(reverse("reports:report_pdf", args=[year_report.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="sachstandsbericht-2022.pdf"'
    running = make(town, decision, status=Report.Status.RUNNING)
    for name in ("report_pdf", "report_json", "report_csv"):
        assert client.get(reverse(f"reports:{name}", args=[running.pk])).status_code == 404
    without_pdf = done(town, decision)
    Report.objects.filter(pk=without_pdf.pk).update(pdf=None)
    assert client.get(reverse("reports:report_pdf", args=[without_pdf.pk])).status_code == 404


def test_the_tables_as_json_hold_null_where_a_figure_is_suppressed(client, town, head, decision):
    report = done(town, decision)
    client.force_login(head)
    response = client.get(reverse("reports:report_json", args=[report.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="sachstandsbericht-ds-21-0815-2022.json"'
    )
    data = json.loads(response.content)
    assert [t["name"] for t in data["tables"]] == ["money_by_year", "cases_by_district"]
    people = data["tables"][1]
    assert people["cells"] == [[12], [None]]
    assert people["total"] is None
    assert set(people) >= {
        "name", "row_labels", "column_labels", "cells", "row_totals", "column_totals", "total"
    }  # fmt: skip


# Build again and delete ------------------------------------------------------------------


def test_a_failed_draft_is_built_again_in_place(
    client, town, head, decision, django_capture_on_commit_callbacks
):
    report = make(town, decision, status=Report.Status.FAILED, error="kaputt", progress=30)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_retry", args=[report.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report_detail", args=[report.pk])
    report.refresh_from_db()
    assert (report.status, report.error, report.progress) == (Report.Status.QUEUED, "", 0)
    task_result = DBTaskResult.objects.get()
    assert report.task_id == str(task_result.id)
    assert task_result.args_kwargs["args"] == [report.pk]
    entry = AuditEntry.objects.get(object_type="reports.report", object_id=str(report.pk))
    assert entry.action == AuditAction.UPDATE


def test_a_report_being_built_is_not_built_twice(client, town, head, decision):
    report = make(town, decision, status=Report.Status.RUNNING, progress=50)
    client.force_login(head)
    response = client.post(reverse("reports:report_retry", args=[report.pk]), **EN, follow=True)
    assert "The report is being built already." in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.progress) == (Report.Status.RUNNING, 50)
    assert DBTaskResult.objects.count() == 0


def test_a_draft_is_deleted_and_the_deletion_audited(client, town, head, decision):
    report = done(town, decision)
    pk = report.pk
    client.force_login(head)
    response = client.post(reverse("reports:report_delete", args=[pk]))
    assert response["Location"] == reverse("reports:report_list")
    assert not Report.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(object_type="reports.report", object_id=str(pk))
    assert (entry.action, entry.actor_id) == (AuditAction.DELETE, head.pk)


def test_a_published_report_is_neither_deleted_nor_changed_in_place(town, head, decision):
    report = done(town, decision, published_at=timezone.now(), published_by=head)
    with pytest.raises(ValidationError):
        report_delete(actor=head, report=report)
    running = make(town, decision, status=Report.Status.RUNNING)
    with pytest.raises(ValidationError):
        report_delete(actor=head, report=running)
    assert Report.objects.filter(pk__in=[report.pk, running.pk]).count() == 2


def test_team_leads_may_neither_rebuild_nor_delete(client, town, decision):
    report = make(town, decision, status=Report.Status.FAILED)
    client.force_login(factories.user(Role.TEAM_LEAD, town))
    assert client.post(reverse("reports:report_retry", args=[report.pk])).status_code == 403
    assert client.post(reverse("reports:report_delete", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED


# With the real build and rendering (green once `build` and `render` are merged) -----------


def test_a_valid_request_queues_the_report_and_opens_its_page(
    client, town, head, decision, django_capture_on_commit_callbacks
):
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_create"),
            {"decision": decision.pk, "year": "2022", "threshold": "5", "language": "de"},
        )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report_detail", args=[report.pk])
    assert (report.status, report.year, report.threshold, report.created_by) == (
        Report.Status.QUEUED, 2022, 5, head
    )  # fmt: skip
    assert DBTaskResult.objects.get().args_kwargs["args"] == [report.pk]
    entry = AuditEntry.objects.get(object_type="reports.report", object_id=str(report.pk))
    assert entry.action == AuditAction.CREATE


def test_a_year_without_data_is_refused_with_the_builds_message(client, town, head, decision):
    client.force_login(head)
    response = client.post(
        reverse("reports:report_create"),
        {"decision": decision.pk, "year": "1999", "threshold": "5", "language": "en"},
        **EN,
    )
    assert response.status_code == 400
    with pytest.raises(build.ReportInputError) as caught:
        build.resolve_scope(municipality=town, decision=decision, year=1999)
    assert str(caught.value) in response.content.decode()
    assert Report.objects.count() == 0


def test_a_finished_report_shows_its_document_downloads_and_the_stale_notice(
    client, town, head, decision
):
    """The stored data version is not the data's: the page says the report is stale."""
    report = done(town, decision)
    client.force_login(head)
    html = client.get(reverse("reports:report_detail", args=[report.pk]), **EN).content.decode()
    assert "the data changed since this report was built" in html
    for name in ("report_pdf", "report_json", "report_csv", "report_retry"):
        assert reverse(f"reports:{name}", args=[report.pk]) in html
    assert "hx-get" not in html
    assert "Geld je Jahr" in html  # the document, rendered from the content
    list_html = client.get(reverse("reports:report_list"), **EN).content.decode()
    assert '<span class="badge warn">stale</span>' in list_html


def test_a_report_built_from_the_current_data_is_not_stale(client, town, head, decision):
    report = done(town, decision)
    scope = build.resolve_scope(municipality=town, decision=decision, year=2022)
    Report.objects.filter(pk=report.pk).update(data_version=build.data_version(scope))
    client.force_login(head)
    html = client.get(reverse("reports:report_detail", args=[report.pk]), **EN).content.decode()
    assert "the data changed since this report was built" not in html


def test_the_tables_as_csv_come_from_the_renderer(client, town, head, decision):
    from ankunft.reports import render  # noqa: PLC0415

    report = done(town, decision)
    client.force_login(head)
    response = client.get(reverse("reports:report_csv", args=[report.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('sachstandsbericht-ds-21-0815-2022.csv"')
    assert response.content.decode() == render.render_csv(report.content)


def test_rebuilding_a_published_report_requests_a_new_draft(
    client, town, head, decision, django_capture_on_commit_callbacks
):
    report = done(town, decision, published_at=timezone.now(), published_by=head)
    with django_capture_on_commit_callbacks(execute=True):
        queued = report_retry(actor=head, report=report)
    assert queued.pk != report.pk
    assert (queued.decision, queued.year, queued.status) == (decision, 2022, Report.Status.QUEUED)
    report.refresh_from_db()
    assert (report.status, report.pdf is not None) == (Report.Status.DONE, True)
