"""Open points (offene Punkte): what is still to do, as sentences, from the published
figures only (never from a suppressed one)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ankunft.measures.charts import Light
from ankunft.reports.content import MeasureJSON
from ankunft.reports.figures.barriers import OPEN, STATUSES
from ankunft.reports.tables import Table


def _eur(value: Decimal | int) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def _fte(value: Decimal | int) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True)


def open_points(
    *,
    money: Table,
    positions: Table,
    measures: list[MeasureJSON],
    barriers: Table,
    people_tables: list[Table],
    threshold: int,
) -> list[str]:
    points: list[str] = []
    if positions.cells:
        created, _filled, vacant = positions.cells[-1]
        if vacant > 0:
            points.append(
                _("On %(day)s, %(vacant)s of %(created)s FTE were vacant.")
                % {
                    "day": positions.row_labels[-1],
                    "vacant": _fte(vacant),
                    "created": _fte(created),
                }
            )
    for label, row in zip(money.row_labels, money.cells, strict=True):
        remaining = row[3]
        if remaining > 0:
            points.append(
                _("%(row)s: %(amount)s EUR of the plan are neither spent nor bound.")
                % {"row": label, "amount": _eur(remaining)}
            )
    off = [
        f"{m['title']}: {i['name']}"
        for m in measures
        for i in m["indicators"]
        if i["light"] == Light.RED and not i["suppressed"]
    ]
    if off:
        points.append(
            ngettext(
                "%(n)s indicator is off target: %(names)s.",
                "%(n)s indicators are off target: %(names)s.",
                len(off),
            )
            % {"n": len(off), "names": "; ".join(off)}
        )
    # The barriers table's columns are the statuses in their order (`barriers.STATUSES`).
    unanswered = sum((barriers.column_totals[STATUSES.index(status)] for status in OPEN), 0)
    if unanswered:
        points.append(
            ngettext(
                "%(n)s barrier is still unanswered (reported or prioritised).",
                "%(n)s barriers are still unanswered (reported or prioritised).",
                int(unanswered),
            )
            % {"n": unanswered}
        )
    hidden = sum(len(t.suppressed) + len(t.suppressed_margins) for t in people_tables)
    if hidden:
        points.append(
            ngettext(
                "%(n)s figure about people is not shown (•): it counts fewer than %(t)s "
                "persons or would let such a figure be worked out.",
                "%(n)s figures about people are not shown (•): they count fewer than %(t)s "
                "persons or would let such a figure be worked out.",
                hidden,
            )
            % {"n": hidden, "t": threshold}
        )
    return points
