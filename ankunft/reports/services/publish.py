"""Publishing a status report (Sachstandsbericht veröffentlichen) and taking it back.

A published report is public: its page, PDF, CSV, JSON and OParl `File`, without login.
Only a finished report that is still current is published: when the data changed after
it was built, it must be rebuilt first — a council must not read figures the KI knows to
be outdated. Its content holds published figures only; publishing checks that once more.

`actor=None` is the system (the demo data); it acts without a permission check.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.core import permissions
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, User
from ankunft.reports import build, opendata
from ankunft.reports.models import Report

PUBLISH = "reports.publish"
FIELDS = ["published_at", "published_by"]


def _require(actor: User | None, report: Report) -> None:
    if actor is not None:
        permissions.require(actor, PUBLISH, report)


def report_is_current(report: Report) -> bool:
    """Whether the data the report was built from is still the data of today."""
    try:
        scope = build.resolve_scope(
            municipality=report.municipality, decision=report.decision, year=report.year
        )
    except build.ReportInputError:
        return False  # its decision or year has no data any more: nothing current to show
    return bool(report.data_version) and build.data_version(scope) == report.data_version


@transaction.atomic
def report_publish(*, actor: User | None, report: Report) -> Report:
    """Publish a finished, current report (page, PDF, CSV, JSON and OParl file)."""
    _require(actor, report)
    report = Report.objects.select_for_update().select_related("municipality").get(pk=report.pk)
    if report.status != Report.Status.DONE:
        raise ValidationError(_("Only a finished report can be published."))
    if report.is_published:
        raise ValidationError(_("This report is published already."))
    if not report.pdf:
        raise ValidationError(
            _("This report has no PDF. Build it again where PDFs can be made, then publish it.")
        )
    unsafe = opendata.unsafe_figures(report.content)
    if unsafe:
        # Cannot happen for content built by build_report; refuse rather than print it.
        raise ValidationError(
            _("The report shows figures about fewer than %(threshold)s persons (%(cells)s).")
            % {"threshold": report.threshold, "cells": ", ".join(unsafe[:5])}
        )
    if not report_is_current(report):
        raise ValidationError(
            _(
                "The data changed after this report was built: rebuild first, then publish "
                "the new report."
            )
        )
    report.published_at = timezone.now()
    report.published_by = actor
    report.save(update_fields=FIELDS)
    audit(actor, AuditAction.UPDATE, report, fields=FIELDS)
    return report


@transaction.atomic
def report_unpublish(*, actor: User | None, report: Report) -> Report:
    """Take a published report off the public pages (its links answer 404 again)."""
    _require(actor, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.is_published:
        raise ValidationError(_("This report is not published."))
    report.published_at = None
    report.published_by = None
    report.save(update_fields=FIELDS)
    audit(actor, AuditAction.UPDATE, report, fields=FIELDS)
    return report
