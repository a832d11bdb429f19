"""Records of the access matrix's world for published reports, and the report rows the
public tests use.

A report here is a real `Report` row with a hand-written content in the shape of
`ankunft.reports.content` (the figures already suppressed, as disclosure control leaves
them) and a small PDF: what the background task stores, without building it.

World keys: `public_published` (finished, published), `public_draft` (finished, not
published), `public_queued` (still queued: publishing it is refused, so the publish rows
show that the permission check passed without needing the figures' data version).
The public URLs take the report's `public_id`: the matrix passes `.pk` of the record it
names, so `public_published_id` / `public_draft_id` are stand-ins whose `pk` is that uuid.
"""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from ankunft.core.models import Municipality, Role, User
from ankunft.council.models import Decision
from ankunft.reports.content import SCHEMA_VERSION
from ankunft.reports.models import Report

THRESHOLD = 5
# A minimal PDF (one empty page): what the report stores is opaque bytes to this module.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
SUPPRESSION_NOTE = "• Wert unterdrückt: weniger als 5 Personen oder rückrechenbar (Geheimhaltung)."
# The interior figures of the people table: None is suppressed (3 and 1 persons, and
# one more cell so that neither can be recomputed from the margins).
CASES_CELLS: list[list[int | None]] = [[12, None, 9], [None, 7, None], [6, 8, 11]]


def content(
    municipality: str = "Duisburg-Test", decision: Decision | None = None, **changes: Any
) -> dict[str, Any]:
    """A report's content as `build.build_report` stores it (figures already published)."""
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "kind": "decision",
        "decision_id": decision.pk if decision else None,
        "year": None,
        "municipality": municipality,
        "title": "Sachstandsbericht: Verstärkung des Personals im KI",
        "as_of": "2023-12-31",
        "period_start": "2022-01-01",
        "period_end": "2023-12-31",
        "years": [2022, 2023],
        "threshold": THRESHOLD,
        "language": "de",
        "decisions": [
            {
                "id": decision.pk if decision else 1,
                "reference": decision.paper.reference if decision else "HFA-2021/11",
                "title": "Verstärkung des Personals im Kommunalen Integrationszentrum (KI)",
                "date": "2021-11-18",
                "body": "Haupt- und Finanzausschuss",
                "meeting": "Haupt- und Finanzausschuss, 18.11.2021",
                "summary": "Der Ausschuss stellt 100.000 EUR je Jahr für 2022 und 2023 bereit.",
                "url": "/council/decisions/1/",
            }
        ],
        "sections": [
            {
                "id": "money",
                "title": "Geld",
                "text": "Geplant, gebunden, ausgegeben und übrig je Jahr.",
                "tables": ["money_by_year"],
                "chart": "",
            },
            {
                "id": "people",
                "title": "Erreichte Neuzugewanderte",
                "text": "Fälle nach Ortsteil und Handlungsfeld.",
                "tables": ["cases_by_district"],
                "chart": "",
            },
        ],
        "tables": [
            {
                "name": "money_by_year",
                "title": "Geld je Jahr",
                "unit": "EUR",
                "people": False,
                "row_labels": ["2022", "2023"],
                "column_labels": ["geplant", "ausgegeben"],
                "cells": [[100000, 61234.5], [100000, 87000]],
                "row_totals": [],
                "column_totals": [200000, 148234.5],
                "total": None,
            },
            {
                "name": "cases_by_district",
                "title": "Fälle nach Ortsteil und Handlungsfeld",
                "unit": "",
                "people": True,
                "row_labels": ["Marxloh", "Obermarxloh", "Neumühl"],
                "column_labels": ["Sprache", "Arbeit", "Bildung"],
                "cells": [list(row) for row in CASES_CELLS],
                "row_totals": [24, 17, 25],
                "column_totals": [None, 18, None],
                "total": 66,
            },
        ],
        "measures": [],
        "positions": [],
        "open_points": ["Eine halbe Stelle ist unbesetzt."],
        "footnotes": [SUPPRESSION_NOTE],
    }
    data.update(changes)
    return data


def report(
    m: Municipality,
    decision: Decision,
    *,
    status: str = Report.Status.DONE,
    published: bool = False,
    pdf: bytes | None = PDF,
    **fields: Any,
) -> Report:
    """A stored report of `decision`, finished (or not) and published (or not)."""
    now = timezone.now()
    values: dict[str, Any] = {
        "municipality": m,
        "decision": decision,
        "threshold": THRESHOLD,
        "title": "Sachstandsbericht: Verstärkung des Personals im KI",
        "status": status,
        "progress": 100 if status == Report.Status.DONE else 0,
        "as_of": dt.date(2023, 12, 31),
        "data_version": "v-hand-set",
        "content": content(m.name, decision) if status == Report.Status.DONE else {},
        "pdf": pdf if status == Report.Status.DONE else None,
        "finished_at": now if status == Report.Status.DONE else None,
        "published_at": now if published else None,
        **fields,
    }
    return Report.objects.create(**values)


def public_ref(r: Report) -> SimpleNamespace:
    """A stand-in the matrix reads `.pk` of: the report's public id."""
    return SimpleNamespace(pk=r.public_id)


UNKNOWN = SimpleNamespace(pk=uuid.UUID("00000000-0000-4000-8000-000000000000"))


def build(m: Municipality, people: dict[str, User], world: dict[str, Any]) -> None:
    """Add this area's records to `world` (keys named in its matrix rows' kwargs)."""
    decision = world["decision"]
    head = people[Role.HEAD_OF_KI]
    published = report(m, decision, published=True, published_by=head)
    draft = report(m, decision)
    world.update(
        public_published=published,
        public_draft=draft,
        public_queued=report(m, decision, status=Report.Status.QUEUED),
        public_published_id=public_ref(published),
        public_draft_id=public_ref(draft),
        public_unknown_id=UNKNOWN,
    )
