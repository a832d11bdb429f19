"""Publishing a status report: only a finished, current report with its PDF and published
figures only; by the head of the KI; audited; and taken back again."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from ankunft.core.models import AuditEntry, Role
from ankunft.reports import build
from ankunft.reports.models import Report
from ankunft.reports.services.publish import report_is_current, report_publish, report_unpublish
from tests.budget.conftest import seed_decision
from tests.reports import world_public as w

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language (German comes at merge)."""
    with translation.override("en"):
        yield


@pytest.fixture
def decision(town):
    return seed_decision(town)


@pytest.fixture
def head(make_user):
    return make_user(Role.HEAD_OF_KI)


def _current(report: Report) -> Report:
    """The report as built from today's data (the version the task would store)."""
    scope = build.resolve_scope(
        municipality=report.municipality, decision=report.decision, year=report.year
    )
    report.data_version = build.data_version(scope)
    report.save(update_fields=["data_version"])
    return report


def _refused(head, report, message):
    with pytest.raises(ValidationError) as refused:
        report_publish(actor=head, report=report)
    assert message in " ".join(refused.value.messages)
    report.refresh_from_db()
    assert report.published_at is None
    assert not AuditEntry.objects.filter(object_type="reports.report").exists()


def test_a_current_finished_report_is_published_and_audited(town, decision, head):
    report = _current(w.report(town, decision))
    published = report_publish(actor=head, report=report)
    report.refresh_from_db()
    assert (report.is_published, report.published_by) == (True, head)
    assert published.published_at == report.published_at
    entry = AuditEntry.objects.get(object_type="reports.report", object_id=str(report.pk))
    assert (entry.action, entry.fields, entry.actor) == (
        "update",
        ["published_at", "published_by"],
        head,
    )


def test_a_stale_report_must_be_rebuilt_first(town, decision, head):
    report = w.report(town, decision, data_version="built-from-older-data")
    assert report_is_current(report) is False
    _refused(head, report, "rebuild first")


@pytest.mark.parametrize(
    "status", [Report.Status.QUEUED, Report.Status.RUNNING, Report.Status.FAILED]
)
def test_only_a_finished_report_is_published(town, decision, head, status):
    _refused(head, w.report(town, decision, status=status), "Only a finished report")


def test_a_report_without_pdf_is_not_published(town, decision, head):
    _refused(head, w.report(town, decision, pdf=None), "has no PDF")


def test_a_report_showing_a_small_people_figure_is_not_published(town, decision, head):
    """Defence in depth: content with 3 persons in a published cell is refused by name."""
    content = w.content(town.name, decision)
    content["tables"][1]["cells"][0][1] = 3
    report = w.report(town, decision, content=content)
    _refused(head, report, "cases_by_district[0][1]")


def test_publishing_twice_is_refused(town, decision, head):
    report = w.report(town, decision, published=True)
    with pytest.raises(ValidationError, match="published already"):
        report_publish(actor=head, report=report)


def test_only_the_head_of_ki_publishes(town, decision, make_user):
    report = w.report(town, decision)
    for role in (Role.TEAM_LEAD, Role.FINANCE, Role.CASE_WORKER, Role.DPO):
        with pytest.raises(PermissionDenied):
            report_publish(actor=make_user(role), report=report)
    report.refresh_from_db()
    assert report.published_at is None


def test_another_municipalitys_head_does_not_find_the_report(town, other_town, decision, make_user):
    report = w.report(town, decision, published=True)
    stranger = make_user(Role.HEAD_OF_KI, other_town)
    with pytest.raises(Http404):
        report_publish(actor=stranger, report=report)
    with pytest.raises(Http404):
        report_unpublish(actor=stranger, report=report)
    report.refresh_from_db()
    assert report.is_published


def test_unpublish_takes_the_report_back_and_is_audited(town, decision, head):
    report = w.report(town, decision, published=True, published_by=head)
    report_unpublish(actor=head, report=report)
    report.refresh_from_db()
    assert (report.published_at, report.published_by) == (None, None)
    entry = AuditEntry.objects.get(object_type="reports.report", object_id=str(report.pk))
    assert (entry.action, entry.fields) == ("update", ["published_at", "published_by"])
    with pytest.raises(ValidationError, match="not published"):
        report_unpublish(actor=head, report=report)
