"""Reads of the status reports (Sachstandsberichte): the list, one report, whether it is
stale, and the decisions a report can be requested on."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from ankunft.core import permissions
from ankunft.core.models import User
from ankunft.council.models import Decision
from ankunft.measures import chain
from ankunft.reports import build
from ankunft.reports.build import ReportInputError
from ankunft.reports.models import Report

VIEW = "reports.view"
LIST_LIMIT = 200


def _reports(actor: User) -> QuerySet[Report]:
    permissions.require(actor, VIEW)
    return permissions.visible(actor, VIEW, Report).select_related(
        "municipality", "decision__paper"
    )


def report_list(*, actor: User) -> QuerySet[Report]:
    """The municipality's reports, newest first, without their content and PDF (the list
    shows status and scope only)."""
    return _reports(actor).defer("content", "pdf")[:LIST_LIMIT]


def report_get(*, actor: User, pk: int) -> Report:
    """One report of the actor's municipality; 404 for any other."""
    report = _reports(actor).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def _current_version(report: Report) -> str | None:
    try:
        scope = build.resolve_scope(
            municipality=report.municipality, decision=report.decision, year=report.year
        )
    except ReportInputError:
        return None  # the scope has no data any more: whatever the report says is old
    return build.data_version(scope)


def report_is_stale(report: Report) -> bool:
    """Whether the data changed since the report was built (a finished report only): the
    fingerprint of its scope's data now differs from the one it was built from."""
    if report.status != Report.Status.DONE:
        return False
    return _current_version(report) != report.data_version


def stale_reports(reports: Iterable[Report]) -> set[int]:
    """The ids of the stale reports among `reports`, fingerprinting each scope once."""
    versions: dict[tuple[int | None, int | None], str | None] = {}
    stale = set()
    for report in reports:
        if report.status != Report.Status.DONE:
            continue
        key = (report.decision_id, report.year)
        if key not in versions:
            versions[key] = _current_version(report)
        if versions[key] != report.data_version:
            stale.add(report.pk)
    return stale


def report_decision_list(*, actor: User) -> QuerySet[Decision]:
    """The decisions the actor may request a report on: those that fund something (the
    chain's decisions), newest first."""
    permissions.require(actor, "reports.generate")
    return chain.chain_decision_list(actor=actor)


def report_decision_get(*, actor: User, pk: int) -> Decision:
    """A decision of the actor's municipality by id (404 for an unknown one or another
    municipality's)."""
    permissions.require(actor, "reports.generate")
    return chain.decision_get(actor=actor, pk=pk)


def report_filename(report: Report, extension: str) -> str:
    """`sachstandsbericht-ds-21-0220-2022.pdf`: the decision's reference (or id) and year."""
    from django.utils.text import slugify  # noqa: PLC0415

    parts = ["sachstandsbericht"]
    if report.decision is not None:
        parts.append(slugify(report.decision.paper.reference) or f"beschluss-{report.decision_id}")
    parts.append(str(report.year) if report.year is not None else "alle-jahre")
    return "-".join(parts) + "." + extension
