"""Measures' panels on the start page (`core.dashboard`): indicators off target or waiting
for their latest value, and the barriers still open. Read-only, through the selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ankunft.core import dashboard
from ankunft.core.models import User
from ankunft.core.permissions import has_perm
from ankunft.measures import selectors
from ankunft.measures.charts import Light
from ankunft.measures.models import Indicator, Measure

LIMIT = 10
MONTHS_PER_PERIOD: dict[str, int] = {
    Indicator.Frequency.MONTH: 1,
    Indicator.Frequency.QUARTER: 3,
    Indicator.Frequency.YEAR: 12,
}


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def value_due(indicator: Indicator, today: dt.date) -> bool:
    """Whether the value of the last complete period is missing (March's is due in April)."""
    latest = getattr(indicator, "latest_period", None)
    expected = _months_back(today, MONTHS_PER_PERIOD.get(indicator.frequency, 1))
    return latest is None or latest < expected


def indicators(user: User) -> dict[str, Any]:
    """Indicators of running measures: those off target (red) or close (amber), and, for
    those who enter values, the ones whose latest value is due. One query."""
    today = timezone.localdate()
    rows = list(
        selectors.indicator_list_with_latest(actor=user)
        .filter(measure__status=Measure.Status.RUNNING)
        .select_related("measure")
        .order_by("measure__title", "name")
    )
    lights = [(i, selectors.measure_light(i)) for i in rows]
    off = [(i, light) for i, light in lights if light in {Light.RED, Light.AMBER}]
    due = [i for i in rows if value_due(i, today)] if has_perm(user, "measures.edit") else []
    return {
        "off_target": off[:LIMIT],
        "off_target_count": len(off),
        "due": due[:LIMIT],
        "due_count": len(due),
        "may_edit": has_perm(user, "measures.edit"),
    }


def open_barriers(user: User) -> dict[str, Any]:
    """The open barriers (reported or prioritised), highest priority first."""
    barriers = selectors.barrier_list(actor=user, open_only=True)
    return {"barriers": list(barriers[:5]), "count": barriers.count()}


def register_panels() -> None:
    dashboard.register(
        dashboard.Panel("measures/panels/_indicators.html", indicators, "measures.view", order=30)
    )
    dashboard.register(
        dashboard.Panel("measures/panels/_barriers.html", open_barriers, "measures.view", order=40)
    )
