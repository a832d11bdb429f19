"""The decision in one paragraph: who decided what on which paper, the money per year and
its cover, and the meeting."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ankunft.budget.models import BudgetLine
from ankunft.council.models import Decision
from ankunft.reports.content import DecisionJSON


def _meeting(decision: Decision) -> str:
    consultation = decision.consultation
    meeting = consultation.meeting if consultation is not None else None
    if meeting is None:
        return ""
    when = date_format(meeting.start, "SHORT_DATE_FORMAT") if meeting.start else ""
    return f"{meeting.name} ({when})" if when else meeting.name


def summary(decision: Decision) -> str:
    paper = decision.paper
    lines = BudgetLine.objects.for_municipality(decision.municipality_id).filter(decision=decision)
    per_year: dict[int, Decimal] = {}
    covers: list[str] = []
    for line in lines.order_by("year", "id"):
        per_year[line.year] = per_year.get(line.year, Decimal(0)) + line.amount
        if line.cover_text and line.cover_text not in covers:
            covers.append(line.cover_text)
    money = "; ".join(
        f"{number_format(v, decimal_pos=2, use_l10n=True, force_grouping=True)} EUR {y}"
        for y, v in sorted(per_year.items())
    )
    parts = [
        _("%(body)s decided on %(date)s on the paper %(ref)s “%(title)s”: %(outcome)s.")
        % {
            "body": str(decision.organization) if decision.organization_id else _("The council"),
            "date": date_format(decision.date, "SHORT_DATE_FORMAT") if decision.date else "–",
            "ref": paper.reference or "–",
            "title": paper.name,
            "outcome": decision.get_outcome_display(),
        }
    ]
    if money:
        parts.append(_("Budget: %(money)s.") % {"money": money})
    cover = covers[0] if covers else paper.cover
    if cover:
        parts.append(_("Cover: %(cover)s") % {"cover": " ".join(cover.split())})
    if decision.resolution_text:
        parts.append(" ".join(decision.resolution_text.split())[:600])
    return " ".join(parts)


def decision_json(decision: Decision) -> DecisionJSON:
    return DecisionJSON(
        id=decision.pk,
        reference=decision.paper.reference,
        title=decision.paper.name,
        date=decision.date.isoformat() if decision.date else None,
        body=str(decision.organization) if decision.organization_id else "",
        meeting=_meeting(decision),
        summary=summary(decision),
        url=reverse("measures:chain_detail", args=[decision.pk]),
    )
