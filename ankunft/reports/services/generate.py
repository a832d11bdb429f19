"""Writes of the status reports (Sachstandsberichte): request one, build it again, delete a
draft.

A request is validated completely before anything is stored (permission, tenant, scope,
threshold, language); the Report is then created QUEUED and the build is enqueued when the
transaction commits, so the worker never sees a report that was rolled back. Who asked is a
staff account (personal data), so requests, rebuilds and deletions are audited.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from ankunft.core import permissions
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, Municipality, User
from ankunft.council.models import Decision
from ankunft.reports import build
from ankunft.reports.build import ReportInputError
from ankunft.reports.figures.scope import check_threshold
from ankunft.reports.models import Report

GENERATE = "reports.generate"
REQUEST_FIELDS = ["created_by", "decision", "language", "municipality", "threshold", "year"]
BUILT_FIELDS = ["as_of", "content", "data_version", "error", "pdf", "status", "title"]
MIN_YEAR, MAX_YEAR = 1990, 2100


def _enqueue(report_id: int) -> None:
    from ankunft.reports.tasks import generate_report  # noqa: PLC0415 - the backend needs apps

    result = generate_report.enqueue(report_id)
    Report.objects.filter(pk=report_id).update(task_id=str(result.id)[:64])


def _enqueue_on_commit(report: Report) -> None:
    pk = report.pk
    transaction.on_commit(lambda: _enqueue(pk))


def _municipality(actor: User) -> Municipality:
    if actor.municipality is None:
        raise ValidationError(_("Your account belongs to no municipality."))
    return actor.municipality


def _validated(
    *, decision: Decision | None, year: int | None, threshold: Any, language: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        check_threshold(threshold)
    except ReportInputError as exc:
        errors["threshold"] = str(exc)
    if language not in settings.UI_LANGUAGES:
        errors["language"] = _("Reports are written in German or English (de, en).")
    if decision is None and year is None:
        errors["year"] = _("Choose a decision, or a year for a report on all its decisions.")
    elif year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = _("%(year)s is not a year a report can cover.") % {"year": year}
    return errors


@transaction.atomic
def report_request(
    *,
    actor: User,
    decision: Decision | None,
    year: int | None,
    threshold: int,
    language: str,
) -> Report:
    """Request a status report on one decision (all its years, or one) or on all decisions
    of a year; it is built in the background. Bad input: a ValidationError, nothing stored;
    another municipality's decision: 404."""
    permissions.require(actor, GENERATE)
    m = _municipality(actor)
    if decision is not None and decision.municipality_id != m.pk:
        raise Http404
    errors = _validated(decision=decision, year=year, threshold=threshold, language=language)
    if errors:
        raise ValidationError(errors)
    try:
        build.resolve_scope(municipality=m, decision=decision, year=year)
    except ReportInputError as exc:
        raise ValidationError(str(exc)) from exc
    report = Report.objects.create(
        municipality=m,
        decision=decision,
        year=year,
        threshold=threshold,
        language=language,
        status=Report.Status.QUEUED,
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, report, fields=REQUEST_FIELDS)
    _enqueue_on_commit(report)
    return report


@transaction.atomic
def report_retry(*, actor: User, report: Report) -> Report:
    """Build a report again (after a failure, or because its data changed). A draft is
    built again in place; a published report stays as it was published and a new draft with
    the same scope is requested. A report being built is refused."""
    permissions.require(actor, GENERATE, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status in {Report.Status.QUEUED, Report.Status.RUNNING}:
        raise ValidationError(_("The report is being built already."))
    if report.is_published:
        return report_request(
            actor=actor,
            decision=report.decision,
            year=report.year,
            threshold=report.threshold,
            language=report.language,
        )
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.QUEUED,
        progress=0,
        stage="",
        error="",
        content={},
        pdf=None,
        title="",
        as_of=None,
        data_version="",
        finished_at=None,
    )
    report.refresh_from_db()
    audit(actor, AuditAction.UPDATE, report, fields=BUILT_FIELDS)
    _enqueue_on_commit(report)
    return report


@transaction.atomic
def report_delete(*, actor: User, report: Report) -> None:
    """Delete a draft (a report not published). Published reports are public records and a
    report being built is left to finish."""
    permissions.require(actor, GENERATE, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError(_("A published report cannot be deleted."))
    if report.status == Report.Status.RUNNING:
        raise ValidationError(_("The report is being built; delete it when it has finished."))
    audit(actor, AuditAction.DELETE, report)
    report.delete()
