"""Demo data of the reports: the seed decision's status report (the HFA motion of
18.11.2021), built from the other modules' demo data and published, so the public report
page, its PDF, CSV, JSON and OParl file can be opened right after `ankunft demo-data`.

Queued here and built by the worker, like every report: `make demo` starts the worker beside
the server, which builds the report (a few seconds) and publishes it (`publish_when_done`).
Idempotent: once a report of the seed decision is published or waiting to be, nothing new
is made; a finished current one is published at once.
"""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from ankunft.core.models import Municipality
from ankunft.measures.demo import seed_decision
from ankunft.reports import build
from ankunft.reports.models import DEFAULT_THRESHOLD, Report
from ankunft.reports.services.publish import report_publish
from ankunft.reports.tasks import generate_report

LANGUAGE = "de"


@transaction.atomic
def load(municipality: Municipality, stdout: TextIO) -> None:
    """Build and publish the seed decision's report (safe to run twice)."""
    m = municipality
    decision = seed_decision(m)
    if decision is None:
        stdout.write("reports: no seed decision, no demo report\n")
        return
    reports = Report.objects.for_municipality(m.pk).filter(decision=decision, year=None)
    if reports.filter(published_at__isnull=False).exists():
        return
    waiting = (Report.Status.QUEUED, Report.Status.RUNNING)
    if reports.filter(publish_when_done=True, status__in=waiting).exists():
        return
    scope = build.resolve_scope(municipality=m, decision=decision, year=None)
    done = reports.filter(status=Report.Status.DONE, data_version=build.data_version(scope))
    report = done.exclude(pdf=None).first()
    if report is not None:
        report_publish(actor=None, report=report)
        stdout.write(f"reports: {report} published\n")
        return
    report = Report.objects.create(
        municipality=m,
        decision=decision,
        threshold=DEFAULT_THRESHOLD,
        language=LANGUAGE,
        publish_when_done=True,
    )
    # In the same transaction: the worker sees the task once the demo is committed.
    generate_report.enqueue(report.pk)
    stdout.write(
        "reports: the seed decision's status report is queued; the worker builds and "
        "publishes it (make demo starts one; or: ankunft worker --batch)\n"
    )
