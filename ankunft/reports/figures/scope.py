"""Which decisions and which days a report covers (Berichtsumfang).

- A decision's report covers its budget years (from its budget lines): 1 January of the
  first to 31 December of the last; with a year, only that year.
- A year's report covers every decision with budget lines in that year.

Newcomer figures count the municipality's cases, the caseload the decisions' staff carries.
Cases run on after the money has been spent, so for a decision's report the people period
runs from the first budget year's start to the report's reference day (`as_of`); a year
restricts it to that year (never beyond the reference day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from ankunft.budget.models import BudgetLine
from ankunft.cases.models import Case
from ankunft.core.models import Municipality
from ankunft.council.models import Decision
from ankunft.measures.chain import chain_decisions
from ankunft.reports import disclosure


class ReportInputError(ValueError):
    """Bad input for a report: an unknown decision, a year without data, a bad threshold."""


@dataclass(frozen=True)
class Scope:
    municipality: Municipality
    kind: str  # "decision" | "year"
    decisions: tuple[Decision, ...]
    year: int | None
    period_start: dt.date
    period_end: dt.date


def decision_years(decision: Decision) -> list[int]:
    return sorted(
        set(
            BudgetLine.objects.for_municipality(decision.municipality_id)
            .filter(decision=decision)
            .values_list("year", flat=True)
        )
    )


def year_decisions(municipality: Municipality, year: int) -> list[Decision]:
    """The decisions with budget lines in `year` (of those that fund a chain)."""
    return list(
        chain_decisions(municipality_id=municipality.pk)
        .filter(Q(budget_lines__year=year))
        .distinct()
        .order_by("date", "id")
    )


def check_threshold(threshold: object) -> int:
    """The threshold as a whole number in range (disclosure control's check), as bad input."""
    try:
        return disclosure.check_threshold(threshold)
    except ValueError as error:
        raise ReportInputError(str(error)) from error


def scope_bounds(
    *, municipality: Municipality, decision: Decision | None, year: int | None
) -> tuple[str, tuple[Decision, ...], dt.date, dt.date]:
    """(kind, decisions, first day, last day) of a report, or a `ReportInputError`."""
    if decision is not None:
        if decision.municipality_id != municipality.pk:
            raise ReportInputError(
                _("No decision with the id %(id)s in %(town)s.")
                % {"id": decision.pk, "town": municipality.name}
            )
        years = decision_years(decision)
        label = decision.paper.reference or decision.paper.name
        if not years:
            raise ReportInputError(
                _("The decision %(ref)s has no budget lines: there is nothing to report.")
                % {"ref": label}
            )
        if year is not None and year not in years:
            raise ReportInputError(
                _("The decision %(ref)s has no budget in %(year)s; its years are %(years)s.")
                % {"ref": label, "year": year, "years": ", ".join(map(str, years))}
            )
        first, last = (year, year) if year is not None else (years[0], years[-1])
        return "decision", (decision,), dt.date(first, 1, 1), dt.date(last, 12, 31)
    if year is None:
        raise ReportInputError(_("Name a decision or a year."))
    decisions = tuple(year_decisions(municipality, year))
    has_cases = (
        Case.objects.for_municipality(municipality.pk)
        .filter(
            Q(opened_on__year=year)
            | Q(closed_on__year=year)
            | (Q(opened_on__lt=dt.date(year, 1, 1)) & Q(closed_on__isnull=True))
        )
        .exists()
    )
    if not decisions and not has_cases:
        raise ReportInputError(
            _(
                "There is no data for %(year)s in %(town)s: no decision with budget lines "
                "and no case."
            )
            % {"year": year, "town": municipality.name}
        )
    return "year", decisions, dt.date(year, 1, 1), dt.date(year, 12, 31)


def people_period(scope: Scope, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The days the newcomer figures count (see the module docstring)."""
    if scope.kind == "decision" and scope.year is None:
        return scope.period_start, as_of
    return scope.period_start, min(scope.period_end, as_of)
