"""Published status reports as OParl `File` objects of the paper they report on.

The council's OParl endpoint (`ankunft.council.oparl_out`) links them from the paper of
the report's decision as auxiliary files; council cannot import reports (layer order),
so this provider is registered in `ReportsConfig.ready()`. Only published, finished
reports: the same `File` as the report's public `oparl-file.json`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ankunft.council.models import Paper
from ankunft.reports import opendata
from ankunft.reports.models import Report


def published_report_files(
    papers: Sequence[Paper], absolute: Callable[[str], str]
) -> dict[int, list[dict[str, Any]]]:
    reports = (
        Report.objects.filter(
            status=Report.Status.DONE,
            published_at__isnull=False,
            decision__paper__in=[p.pk for p in papers],
            municipality_id__in={p.municipality_id for p in papers},
        )
        .select_related("decision", "municipality")
        .order_by("published_at", "id")
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for report in reports:
        if report.decision is None:  # not so: the filter asks for a decision's paper
            continue
        data = opendata.oparl_file(report, opendata.public_urls(report, absolute))
        found.setdefault(report.decision.paper_id, []).append(data)
    return found
