"""The report's background task on the real database backend: enqueued, run by the worker
in-process (`ankunft worker --batch`), its progress stored as it goes, its failure a FAILED
report without content, its result stored with the data version it was built from."""

from __future__ import annotations

import datetime as dt
import io
import signal
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from ankunft.budget.models import Booking
from ankunft.core.models import Role
from ankunft.reports import build
from ankunft.reports.models import Report
from ankunft.reports.selectors.reports import report_is_stale
from ankunft.reports.services.generate import report_request
from ankunft.reports.tasks import failure_message, generate_report, progress_recorder
from tests import factories
from tests.measures import builders

pytestmark = pytest.mark.django_db
# The worker closes and reopens its database connection between tasks, as in production: on
# PostgreSQL that ends a test's wrapping transaction, so the tests that run it commit for real.
WORKER_DB = pytest.mark.django_db(transaction=True)


def run_worker() -> str:
    """The worker, in-process, until nothing waits (what `ankunft worker --batch` does)."""
    out = io.StringIO()
    call_command("worker", batch=True, startup_delay=False, interval=0, verbosity=0, stdout=out)
    return out.getvalue()


def queued(town, decision=None, year=None, **kw) -> Report:
    kw.setdefault("language", "en")
    return Report.objects.create(municipality=town, decision=decision, year=year, **kw)


def test_the_progress_callback_updates_progress_and_stage_only(town):
    """The build's callback stores percent and stage in one UPDATE of those two fields: a
    status the task set meanwhile (in the database) is not overwritten by a stale object."""
    report = queued(town, builders.decision(town), status=Report.Status.RUNNING, title="Alt")
    Report.objects.filter(pk=report.pk).update(title="Neu")
    record = progress_recorder(report.pk)
    record(40, "Money per year")
    report.refresh_from_db()
    assert (report.progress, report.stage, report.title) == (40, "Money per year", "Neu")
    assert report.status == Report.Status.RUNNING


def test_the_progress_stays_below_100_until_the_report_is_done(town):
    """100 % means finished: the build's own 100 (PDF still to come) is stored as 99; a
    negative or absurd figure is clamped, an over-long stage cut to the column."""
    report = queued(town, builders.decision(town), status=Report.Status.RUNNING)
    record = progress_recorder(report.pk)
    record(100, "x" * 500)
    report.refresh_from_db()
    assert (report.progress, len(report.stage)) == (99, 200)
    record(-3, "Start")
    report.refresh_from_db()
    assert report.progress == 0


@WORKER_DB
def test_a_failing_build_leaves_a_failed_report_without_content(town):
    """A decision without any budget cannot be reported on: the worker runs the task, the
    report is FAILED with a message in its language, no content, no PDF, no version."""
    report = queued(town, builders.decision(town, reference="OHNE/1"))
    generate_report.enqueue(report.pk)
    run_worker()
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error.startswith("The report could not be built")
    assert (report.content, report.pdf, report.data_version, report.progress) == ({}, None, "", 0)
    assert report.finished_at is not None
    # The task itself ended normally: the report holds the failure, the queue its run.
    task_result = DBTaskResult.objects.get()
    assert task_result.status == "SUCCESSFUL"
    assert task_result.return_value == "failed"


def test_the_failure_message_names_bad_input_but_not_internals(town):
    """Bad input is explained; an unexpected error only says so (its traceback is logged)."""
    with translation.override("en"):
        bad = failure_message(build.ReportInputError("The year 1999 has no data."))
        internal = failure_message(KeyError("secret_table_name"))
    assert bad == "The report could not be built: The year 1999 has no data."
    assert "secret_table_name" not in internal
    assert "unexpected error" in internal


@WORKER_DB
def test_the_worker_ends_in_batch_mode_and_gives_back_the_signal_handlers(town):
    """`ankunft worker --batch` builds what waits and ends; the caller's Ctrl+C handler is
    the same afterwards (the worker installs its own while it runs)."""
    before = signal.getsignal(signal.SIGINT)
    report = queued(town, builders.decision(town, reference="OHNE/2"))
    generate_report.enqueue(report.pk)
    generate_report.enqueue(report.pk)  # twice: the second run finds it taken
    run_worker()
    assert signal.getsignal(signal.SIGINT) is before
    assert sorted(r.return_value for r in DBTaskResult.objects.all()) == ["failed", "failed"]
    assert DBTaskResult.objects.filter(status="READY").count() == 0


@WORKER_DB
def test_a_report_deleted_while_it_waited_is_skipped(town):
    report = queued(town, builders.decision(town, reference="OHNE/3"))
    result = generate_report.enqueue(report.pk)
    report.delete()
    run_worker()
    assert DBTaskResult.objects.get(id=result.id).return_value == "missing"


# With the real build and rendering (green once `build` and `render` are merged) -----------


def _requested(town, django_capture_on_commit_callbacks, **kw) -> Report:
    world = builders.chain_world(town)
    head = factories.user(Role.HEAD_OF_KI, town)
    kw.setdefault("year", None)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            actor=head, decision=world.decision, threshold=5, language="de", **kw
        )
    return report


@WORKER_DB
def test_a_requested_report_is_built_by_the_worker_with_content_and_pdf(
    town, django_capture_on_commit_callbacks
):
    """Requested → enqueued on commit → the worker builds it: DONE, 100 %, the content's
    tables and title, a PDF, the data version of its scope and the task's id."""
    report = _requested(town, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED
    assert str(DBTaskResult.objects.get().id) == report.task_id
    run_worker()
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    assert report.progress == 100
    assert report.content["tables"]
    assert report.title == report.content["title"]
    assert report.as_of.isoformat() == report.content["as_of"]
    assert bytes(report.pdf).startswith(b"%PDF")
    scope = build.resolve_scope(municipality=town, decision=report.decision, year=None)
    assert report.data_version == build.data_version(scope)
    assert report.finished_at is not None
    assert report_is_stale(report) is False


@WORKER_DB
def test_a_report_is_stale_after_its_data_changed(town, django_capture_on_commit_callbacks):
    """A booking on the decision's budget line after the build: the report says it is stale."""
    report = _requested(town, django_capture_on_commit_callbacks)
    run_worker()
    report.refresh_from_db()
    assert report_is_stale(report) is False
    line = report.decision.budget_lines.get(year=2022)
    Booking.objects.create(
        municipality=town,
        booking_id="B-neu",
        date=dt.date(2022, 12, 15),
        amount=Decimal("1000"),
        budget_line=line,
    )
    assert report_is_stale(report) is True
