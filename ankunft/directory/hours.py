"""Opening hours for people: open now?, the week at a glance, coming exceptions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from ankunft.directory import weekdays
from ankunft.directory.models import Offer, OpeningException, OpeningHours


def open_at(offer: Offer, when: dt.datetime) -> bool:
    """Whether the offer is open at `when` (local time), from prefetched hours/exceptions."""
    day, time = when.date(), when.time()
    todays = [e for e in offer.exceptions.all() if e.date == day]
    if todays:
        return any(e.opens and e.closes and e.opens <= time < e.closes for e in todays)
    return any(h.weekday == day.weekday() and h.opens <= time < h.closes for h in offer.hours.all())


def filter_open(offers: QuerySet[Offer], when: dt.datetime) -> QuerySet[Offer]:
    """Offers open at `when`, in the database (the same rule as `open_at`)."""
    day, time = when.date(), when.time()
    exceptions = OpeningException.objects.filter(offer=OuterRef("pk"), date=day)
    special = exceptions.filter(opens__lte=time, closes__gt=time)
    regular = OpeningHours.objects.filter(
        offer=OuterRef("pk"), weekday=day.weekday(), opens__lte=time, closes__gt=time
    )
    return offers.filter(Q(Exists(special)) | (Q(Exists(regular)) & ~Q(Exists(exceptions))))


@dataclass(frozen=True)
class Day:
    name: str
    slots: list[tuple[dt.time, dt.time]]
    today: bool


def week(offer: Offer, today: dt.date) -> list[Day]:
    """Monday to Sunday with the weekly slots (names in the active language, from CLDR)."""
    hours = list(offer.hours.all())
    names = weekdays.names()
    return [
        Day(
            name=names[d],
            slots=[(h.opens, h.closes) for h in hours if h.weekday == d],
            today=d == today.weekday(),
        )
        for d in range(7)
    ]


def upcoming(offer: Offer, today: dt.date, days: int = 42) -> list[OpeningException]:
    end = today + dt.timedelta(days=days)
    return [e for e in offer.exceptions.all() if today <= e.date <= end]
