"""Referrals (Vermittlungen) sent in the people period, by the field of action of the offer
and status, counted in the database. An offer tagged with several fields counts under its
first (the earliest tag), so that the table adds up."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases.models import Referral, ReferralStatus
from ankunft.core.models import Municipality
from ankunft.directory.models.choices import FieldOfAction, TagKind
from ankunft.directory.models.offers import OfferTag
from ankunft.reports.figures.people import crosstab
from ankunft.reports.tables import Table

NO_FIELD = ""


def day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end+1 00:00) in the site's time zone."""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return lo, hi


def first_field() -> Subquery:
    return Subquery(
        OfferTag.objects.filter(offer_id=OuterRef("offer_id"), kind=TagKind.FIELD)
        .order_by("id")
        .values("code")[:1]
    )


def referrals_by_outcome(m: Municipality, start: dt.date, end: dt.date) -> Table:
    lo, hi = day_bounds(start, end)
    qs = Referral.objects.for_municipality(m.pk).filter(sent_at__gte=lo, sent_at__lt=hi)
    statuses = [s.value for s in ReferralStatus]
    fields: list[str | None] = [f.value for f in FieldOfAction]
    _rows, cells = crosstab(
        qs, row=first_field(), column=F("status"), rows=[*fields, None], columns=statuses
    )
    return Table.summed(
        name="referrals_by_outcome",
        title=_("Referrals sent, by field of action of the offer and status"),
        row_labels=[*(str(f.label) for f in FieldOfAction), _("no field of action")],
        column_labels=[str(s.label) for s in ReferralStatus],
        cells=cells,
        people=True,
    )
