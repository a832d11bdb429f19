"""Council test data (plain functions, like tests/factories.py)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from ankunft.core.models import Municipality
from ankunft.council.models import Meeting, Organization, Paper, PaperAllocation

_seq = itertools.count(1)


def organization(m: Municipality, **kw: Any) -> Organization:
    n = next(_seq)
    kw.setdefault("name", f"Ausschuss {n}")
    kw.setdefault("kind", Organization.Kind.COMMITTEE)
    return Organization.objects.create(municipality=m, **kw)


def paper(m: Municipality, **kw: Any) -> Paper:
    n = next(_seq)
    originators = kw.pop("originators", [])
    allocations = kw.pop("allocations", [])
    kw.setdefault("reference", f"DS 21-{n:04d}")
    kw.setdefault("name", f"Antrag {n}")
    kw.setdefault("date", datetime.date(2021, 1, 1) + datetime.timedelta(days=n))
    kw.setdefault("paper_type", "Antrag")
    p = Paper.objects.create(municipality=m, **kw)
    p.originators.set(originators)
    for year, amount in allocations:
        PaperAllocation.objects.create(
            municipality=m, paper=p, year=year, amount_eur=Decimal(amount)
        )
    return p


def meeting(m: Municipality, *organizations: Organization, **kw: Any) -> Meeting:
    n = next(_seq)
    kw.setdefault("name", f"Sitzung {n}")
    kw.setdefault("start", datetime.datetime(2021, 11, 18, 14, 0, tzinfo=datetime.UTC))
    meeting = Meeting.objects.create(municipality=m, **kw)
    meeting.organizations.set(organizations)
    return meeting


def agenda_item(m: Municipality, paper: Paper, meeting: Meeting, **kw: Any) -> Any:
    """A consultation of `paper` in `meeting`, treated by an agenda item with a resolution
    file (as an OParl import stores them)."""
    from ankunft.council.models import AgendaItem, Consultation, File  # noqa: PLC0415

    consultation = Consultation.objects.create(
        municipality=m, paper=paper, meeting=meeting, role="Entscheidung", result="zugestimmt"
    )
    kw.setdefault("number", "7.1")
    kw.setdefault("name", f"Beratung {paper.reference}")
    kw.setdefault("result", "einstimmig zugestimmt")
    item = AgendaItem.objects.create(
        municipality=m, meeting=meeting, consultation=consultation, **kw
    )
    File.objects.create(
        municipality=m,
        agenda_item=item,
        agenda_item_role=File.AgendaItemRole.RESOLUTION,
        name=f"Beschluss {paper.reference}",
        access_url="https://example.org/beschluss.pdf",
    )
    return item
