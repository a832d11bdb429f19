"""Indicator periods: a typed period becomes the first day of the indicator's period.

The numbers and dates themselves are read by `ankunft.core.parsing` (one place for German
input); this module only knows what a month, quarter or year of an indicator is.
"""

from __future__ import annotations

import datetime as dt

from ankunft.core import parsing
from ankunft.core.parsing import parse_number
from ankunft.measures.models import Indicator

__all__ = ["parse_number", "parse_period", "period_start"]


def period_start(day: dt.date, frequency: str) -> dt.date:
    """The first day of the period (month, quarter, year) that contains `day`."""
    if frequency == Indicator.Frequency.YEAR:
        return dt.date(day.year, 1, 1)
    if frequency == Indicator.Frequency.QUARTER:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, day.month, 1)


def parse_period(text: str, frequency: str = Indicator.Frequency.MONTH) -> dt.date:
    """ "2022-03", "03/2022", "2022-03-15", "15.03.2022", "2022-Q1", "2022" → the first day
    of the indicator's period that contains it. Raises ValueError otherwise."""
    day, _kind = parsing.parse_period(text)
    return period_start(day, frequency)
