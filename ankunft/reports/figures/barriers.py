"""Barriers (strukturelle Hürden) reported in the people period, by field of action and
status, counted in the database. Not about people (anonymised obstacles)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils.translation import gettext as _

from ankunft.core.models import Municipality
from ankunft.measures.models import Barrier, FieldOfAction
from ankunft.reports.figures.people import crosstab
from ankunft.reports.tables import Table

OPEN = (Barrier.Status.REPORTED.value, Barrier.Status.PRIORITISED.value)
STATUSES = [s.value for s in Barrier.Status]  # the columns, in order


def barriers_by_status(m: Municipality, start: dt.date, end: dt.date) -> Table:
    fields = list(FieldOfAction.objects.for_municipality(m.pk).order_by("order", "key"))
    qs = Barrier.objects.for_municipality(m.pk).filter(reported_on__gte=start, reported_on__lte=end)
    _rows, cells = crosstab(
        qs,
        row=F("field_of_action_id"),
        column=F("status"),
        rows=[*(f.pk for f in fields), None],
        columns=STATUSES,
    )
    return Table.summed(
        name="barriers_by_status",
        title=_("Barriers reported, by field of action and status"),
        row_labels=[*(str(f) for f in fields), _("no field of action")],
        column_labels=[str(s.label) for s in Barrier.Status],
        cells=cells,
    )
