"""Background work of the reports: building a status report (Sachstandsbericht).

`generate_report` runs on Django's tasks framework (the django-tasks backport with its
database backend, `ankunft worker`). The Report row is the state people see: the task sets
it RUNNING, stores the build's progress as it goes (an UPDATE of `progress` and `stage`
only, committed at once, so the page's polling sees it) and ends with one UPDATE that
makes it DONE with content, PDF and data version — or FAILED with a message and no content.
There is never a half report: nothing of the build is stored until everything is built.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from ankunft.core.audit import SYSTEM, task_context
from ankunft.reports import build, render
from ankunft.reports.build import Progress, ReportInputError
from ankunft.reports.disclosure import DisclosureError
from ankunft.reports.models import Report

logger = logging.getLogger(__name__)
STAGE_LENGTH = Report._meta.get_field("stage").max_length or 200


def _store(report_id: int, **fields: Any) -> int:
    """One UPDATE of the given fields (rows deleted meanwhile are simply not there)."""
    return Report.objects.filter(pk=report_id).update(**fields)


def progress_recorder(report_id: int) -> Progress:
    """The build's progress callback: stores percent (0..99; 100 is DONE) and stage."""

    def record(percent: int, stage: str) -> None:
        _store(report_id, progress=max(0, min(int(percent), 99)), stage=str(stage)[:STAGE_LENGTH])

    return record


def failure_message(exc: Exception) -> str:
    """What the person reads when the build failed: the reason for bad input, otherwise a
    general sentence (the traceback is in the log, not on the page)."""
    if isinstance(exc, ReportInputError | DisclosureError):
        return _("The report could not be built: %(reason)s") % {"reason": exc}
    return _(
        "The report could not be built because of an unexpected error. The error is logged "
        "for the operators; try again later."
    )


def _built(report: Report) -> dict[str, Any]:
    """Everything a finished report stores, built before anything is stored."""
    scope = build.resolve_scope(
        municipality=report.municipality, decision=report.decision, year=report.year
    )
    # The fingerprint before the build: data changed during the build makes the report stale.
    version = build.data_version(scope)
    content = build.build_report(
        scope,
        threshold=report.threshold,
        language=report.language,
        progress=progress_recorder(report.pk),
    )
    _store(report.pk, progress=99, stage=_("Making the PDF")[:STAGE_LENGTH])
    missing = render.pdf_available()
    pdf = render.render_pdf(content) if missing is None else None
    notice = (
        ""
        if missing is None
        else _("The report was built without a PDF: %(reason)s") % {"reason": missing}
    )
    return {
        "status": Report.Status.DONE,
        "progress": 100,
        "stage": _("Finished")[:STAGE_LENGTH],
        "content": content,
        "title": str(content["title"])[:300],
        "as_of": dt.date.fromisoformat(content["as_of"]),
        "data_version": version,
        "pdf": pdf,
        "error": notice,
        "finished_at": timezone.now(),
    }


@task()
def generate_report(report_id: int) -> str:
    """Build the report `report_id` (queued by `services.generate`): its status at the end."""
    report = (
        Report.objects.select_related("municipality", "decision__paper", "created_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return "missing"  # deleted while it waited
    if report.status != Report.Status.QUEUED:
        return str(report.status)  # enqueued twice: the first run has it
    actor = report.created_by or SYSTEM
    with task_context("generate_report", actor=actor), translation.override(report.language):
        _store(
            report_id,
            status=Report.Status.RUNNING,
            progress=0,
            stage=_("Starting")[:STAGE_LENGTH],
            error="",
        )
        try:
            fields = _built(report)
        except Exception as exc:
            logger.exception("Report %s could not be built", report_id)
            _store(
                report_id,
                status=Report.Status.FAILED,
                progress=0,
                stage="",
                error=failure_message(exc),
                content={},
                pdf=None,
                finished_at=timezone.now(),
            )
            return str(Report.Status.FAILED)
        _store(report_id, **fields)
        if report.publish_when_done and fields["pdf"]:
            _publish(report_id)
    return str(Report.Status.DONE)


def _publish(report_id: int) -> None:
    """Publish a report queued to be published when done (the demo's), as the system."""
    from ankunft.reports.services.publish import report_publish  # noqa: PLC0415

    try:
        report_publish(actor=None, report=Report.objects.get(pk=report_id))
    except ValidationError as exc:  # the data changed meanwhile: it stays a draft
        logger.warning("Report %s was built but not published: %s", report_id, exc)
