"""Records of the access matrix's world for the reports' pages: a report waiting for the
worker, a failed draft and a finished report (content and PDF stored as the task stores
them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ankunft.core.models import Municipality, Role, User
from ankunft.reports.content import SCHEMA_VERSION, SECTION_IDS
from ankunft.reports.models import Report

PDF = b"%PDF-1.7\n% a stored report\n%%EOF\n"
TABLES_OF = {"money": ["money_by_year"], "people": ["cases_by_district"]}


def content(*, title: str = "Sachstandsbericht", decision_id: int | None = None) -> dict[str, Any]:
    """A finished report's content as `build.build_report` stores it: one money table and
    one table of people with a suppressed cell (null)."""
    return {
        "schema": SCHEMA_VERSION,
        "kind": "decision",
        "decision_id": decision_id,
        "year": 2022,
        "municipality": "Duisburg",
        "title": title,
        "as_of": "2022-12-31",
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "years": [2022],
        "threshold": 5,
        "language": "de",
        "decisions": [],
        "sections": [
            {"id": s, "title": s, "text": "", "tables": TABLES_OF.get(s, []), "chart": ""}
            for s in SECTION_IDS
        ],
        "tables": [
            {
                "name": "money_by_year",
                "title": "Geld je Jahr",
                "unit": "EUR",
                "people": False,
                "row_labels": ["2022"],
                "column_labels": ["geplant", "ausgegeben"],
                "cells": [[100000, 45000]],
                "row_totals": [145000],
                "column_totals": [100000, 45000],
                "total": 145000,
            },
            {
                "name": "cases_by_district",
                "title": "Fälle je Bezirk",
                "unit": "",
                "people": True,
                "row_labels": ["Marxloh", "Neumühl"],
                "column_labels": ["eröffnet"],
                "cells": [[12], [None]],
                "row_totals": [12, None],
                "column_totals": [None],
                "total": None,
            },
        ],
        "measures": [],
        "positions": [],
        "open_points": [],
        "footnotes": ["• weniger als 5 Personen"],
    }


def build(m: Municipality, people: dict[str, User], world: dict[str, Any]) -> None:
    """Add this area's records to `world` (keys named in its matrix rows' kwargs)."""
    head = people[Role.HEAD_OF_KI]
    decision = world["decision"]
    common = {"municipality": m, "decision": decision, "year": 2022, "created_by": head}
    world["report"] = Report.objects.create(
        **common, status=Report.Status.RUNNING, progress=40, stage="Geld je Jahr"
    )
    world["report_failed"] = Report.objects.create(
        **common, status=Report.Status.FAILED, error="Der Bericht konnte nicht erstellt werden."
    )
    world["report_done"] = Report.objects.create(
        **common,
        status=Report.Status.DONE,
        progress=100,
        title="Sachstandsbericht 2022",
        content=content(title="Sachstandsbericht 2022", decision_id=decision.pk),
        pdf=PDF,
        as_of=dt.date(2022, 12, 31),
        data_version="matrix",
        finished_at=timezone.now(),
    )
