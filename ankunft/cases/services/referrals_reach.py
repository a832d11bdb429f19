"""People reached as indicator values: for each indicator of source "people reached", one
computed value per period (month, quarter, year) = distinct persons taking part in its
measure during that period. Counts only, never names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from ankunft.cases.models import Participation
from ankunft.cases.selectors.referrals import people_reached
from ankunft.core.models import Municipality
from ankunft.measures.models import Indicator, IndicatorValue
from ankunft.measures.parsing import period_start

MONTHS: dict[str, int] = {
    Indicator.Frequency.MONTH: 1,
    Indicator.Frequency.QUARTER: 3,
    Indicator.Frequency.YEAR: 12,
}


def _next(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _periods(first: dt.date, last: dt.date, frequency: str) -> list[tuple[dt.date, dt.date]]:
    step = MONTHS.get(frequency, 1)
    start, result = period_start(first, frequency), []
    while start <= last:
        following = _next(start, step)
        result.append((start, following - dt.timedelta(days=1)))
        start = following
    return result


@transaction.atomic
def reach_refresh(municipality: Municipality, *, until: dt.date | None = None) -> int:
    """Write the computed values of the municipality's people-reached indicators, from the
    first participation in the measure up to `until` (today); returns the values written."""
    last = until or timezone.localdate()
    indicators = Indicator.objects.for_municipality(municipality.pk).filter(
        source=Indicator.Source.PEOPLE_REACHED
    )
    firsts = dict(
        Participation.objects.for_municipality(municipality.pk)
        .order_by()
        .values("measure_id")
        .annotate(first=Min("started_on"))
        .values_list("measure_id", "first")
    )
    written = 0
    for indicator in indicators:
        first = firsts.get(indicator.measure_id)
        if first is None:
            continue
        for start, end in _periods(first, last, indicator.frequency):
            n = people_reached(municipality.pk, [indicator.measure_id], (start, end))["total"]
            IndicatorValue.objects.update_or_create(
                municipality_id=municipality.pk,
                indicator=indicator,
                period=start,
                defaults={"value": Decimal(n), "source": IndicatorValue.Source.COMPUTED},
            )
            written += 1
    return written
