"""A realistic report `Content` for the renderer's tests: the seed decision (HFA 18.11.2021,
100.000 EUR je Jahr 2022 und 2023) with money, positions, measures, people tables with
suppressed cells (None), referrals, barriers and open points.

Built by hand, not by `build.build_report`: the renderer must render whatever matches the
contract (`ankunft.reports.content`), and its tests must not depend on the figures' code.
"""

from __future__ import annotations

import copy
from typing import Any

from ankunft.reports.content import SCHEMA_VERSION, Content, TableJSON

MUNICIPALITY = "Stadt Duisburg"
SUPPRESSION_NOTE = (
    "• Wert unterdrückt: weniger als 5 Personen, oder weitere Zellen, aus denen er sich "
    "errechnen ließe (Geheimhaltung)."
)


def _table(  # noqa: PLR0917  # a table reads best as its parts in order
    name: str,
    title: str,
    rows: list[str],
    columns: list[str],
    cells: list[list[int | float | None]],
    row_totals: list[int | float | None],
    column_totals: list[int | float | None],
    total: int | float | None,
    *,
    unit: str = "",
    people: bool = False,
) -> TableJSON:
    return {
        "name": name,
        "title": title,
        "unit": unit,
        "people": people,
        "row_labels": rows,
        "column_labels": columns,
        "cells": cells,
        "row_totals": row_totals,
        "column_totals": column_totals,
        "total": total,
    }


TABLES: list[TableJSON] = [
    # Money: years × planned/committed/spent/remaining; a row total would add unlike
    # things, so the table has none (empty list: the margin is not shown).
    _table(
        "money_by_year",
        "Mittel je Haushaltsjahr",
        ["2022", "2023"],
        ["Geplant", "Gebunden", "Ausgegeben", "Verbleibend"],
        [
            [100000.0, 96480.5, 91234.56, 8765.44],
            [100000.0, 100000.0, 87650.25, 12349.75],
        ],
        [],
        [200000.0, 196480.5, 178884.81, 21115.19],
        None,
        unit="EUR",
    ),
    # FTE at the end of each quarter: a stock, so no totals at all.
    _table(
        "positions_over_time",
        "Stellen im Zeitverlauf (VZÄ)",
        ["31.03.2022", "30.06.2022", "31.12.2022", "30.06.2023", "31.12.2023"],
        ["Geschaffen", "Besetzt", "Unbesetzt"],
        [
            [1.5, 0.0, 1.5],
            [1.5, 1.0, 0.5],
            [1.5, 1.5, 0.0],
            [1.5, 1.25, 0.25],
            [1.5, 1.5, 0.0],
        ],
        [],
        [],
        None,
        unit="FTE",
    ),
    _table(
        "indicators",
        "Kennzahlen gegen Zielwerte",
        ["Erreichte Neuzugewanderte", "Vermittlungen in Sprachkurse"],
        ["Zielwert", "Aktueller Wert"],
        [[120, 134], [60, 47]],
        [],
        [],
        None,
    ),
    _table(
        "cases_by_district",
        "Fälle nach Ortsteil",
        ["Marxloh", "Obermarxloh", "Neumühl", "Alt-Hamborn", "Röttgersbach"],
        ["Eröffnet", "Abgeschlossen"],
        [[48, 21], [17, 9], [None, None], [23, 11], [None, None]],
        [69, 26, None, 34, None],
        [93, 44],
        137,
        people=True,
    ),
    _table(
        "cases_by_age_band",
        "Fälle nach Altersgruppe",
        ["unter 18", "18 bis 26", "27 bis 64", "65 und älter"],
        ["Eröffnet", "Abgeschlossen"],
        [[12, None], [31, 14], [47, 24], [None, None]],
        [None, 45, 71, None],
        [93, 44],
        137,
        people=True,
    ),
    _table(
        "referrals_by_outcome",
        "Vermittlungen nach Ergebnis",
        ["Sprache", "Arbeit", "Wohnen"],
        ["Angenommen", "Abgelehnt", "Offen"],
        [[27, None, 8], [14, None, 6], [9, 5, 7]],
        [38, 22, 21],
        [50, 10, 21],
        81,
        people=True,
    ),
    _table(
        "barriers_by_status",
        "Gemeldete Barrieren nach Stand",
        ["Sprache", "Wohnen"],
        ["Gemeldet", "Beantwortet"],
        [[6, 4], [3, 1]],
        [10, 4],
        [9, 5],
        14,
    ),
]

SECTIONS: list[dict[str, Any]] = [
    {
        "id": "decision",
        "title": "Beschluss",
        "text": "",
        "tables": [],
        "chart": "",
    },
    {
        "id": "money",
        "title": "Mittel",
        "text": "Geplante, gebundene und ausgegebene Mittel je Haushaltsjahr.",
        "tables": ["money_by_year"],
        "chart": "money_by_year",
    },
    {
        "id": "positions",
        "title": "Stellen",
        "text": "Geschaffene, besetzte und unbesetzte Stellen in Vollzeitäquivalenten.",
        "tables": ["positions_over_time"],
        "chart": "positions_over_time",
    },
    {
        "id": "measures",
        "title": "Maßnahmen und Kennzahlen",
        "text": "",
        "tables": ["indicators"],
        "chart": "",
    },
    {
        "id": "people",
        "title": "Erreichte Neuzugewanderte",
        "text": "Fälle, die im Berichtszeitraum eröffnet oder abgeschlossen wurden.",
        "tables": ["cases_by_district", "cases_by_age_band"],
        "chart": "cases_by_district",
    },
    {
        "id": "referrals",
        "title": "Vermittlungen",
        "text": "",
        "tables": ["referrals_by_outcome"],
        "chart": "referrals_by_outcome",
    },
    {
        "id": "barriers",
        "title": "Barrieren",
        "text": "",
        "tables": ["barriers_by_status"],
        "chart": "",
    },
    {
        "id": "open_points",
        "title": "Offene Punkte",
        "text": "",
        "tables": [],
        "chart": "",
    },
]

CONTENT: Content = {
    "schema": SCHEMA_VERSION,
    "kind": "decision",
    "decision_id": 7,
    "year": None,
    "municipality": MUNICIPALITY,
    "title": "Sachstandsbericht: Personal für das Kommunale Integrationszentrum",
    "as_of": "2024-01-15",
    "period_start": "2022-01-01",
    "period_end": "2023-12-31",
    "years": [2022, 2023],
    "threshold": 5,
    "language": "de",
    "decisions": [
        {
            "id": 7,
            "reference": "21-1234",
            "title": "Personelle Verstärkung des Kommunalen Integrationszentrums",
            "date": "2021-11-18",
            "body": "Haupt- und Finanzausschuss",
            "meeting": "HFA 18.11.2021",
            "summary": (
                "Der Haupt- und Finanzausschuss beschloss am 18.11.2021, 100.000 EUR je Jahr "
                "2022 und 2023 für zusätzliches Personal im KI bereitzustellen, damit das "
                'Konzept "Ankunftsstadtteil Marxloh" umgesetzt werden kann; gedeckt durch '
                "geringere Kassenkreditzinsen."
            ),
            "url": "/chain/decisions/7/",
        }
    ],
    "sections": SECTIONS,  # type: ignore[typeddict-item]
    "tables": TABLES,
    "measures": [
        {
            "id": 3,
            "title": "Ankunftsstadtteil Marxloh",
            "status": "running",
            "share_of_positions": 0.75,
            "people_reached": 134,
            "indicators": [
                {
                    "name": "Erreichte Neuzugewanderte",
                    "unit": "Personen",
                    "target": 120.0,
                    "latest": 134.0,
                    "latest_period": "2023-12-31",
                    "light": "green",
                    "suppressed": False,
                },
                {
                    "name": "Vermittlungen in Sprachkurse",
                    "unit": "Personen",
                    "target": 60.0,
                    "latest": 47.0,
                    "latest_period": "2023-12-31",
                    "light": "red",
                    "suppressed": False,
                },
                {
                    "name": "Familien mit Kita-Platz",
                    "unit": "Haushalte",
                    "target": 10.0,
                    "latest": None,
                    "latest_period": "2023-12-31",
                    "light": "none",
                    "suppressed": True,
                },
            ],
        },
        {
            "id": 4,
            "title": "Sprachmittlung im Bürgerbüro",
            "status": "planned",
            "share_of_positions": 0.25,
            "people_reached": None,
            "indicators": [],
        },
    ],
    "positions": [
        {
            "title": "Sozialarbeiterin/Sozialarbeiter Integration",
            "pay_grade": "S 12",
            "fte": 1.0,
            "status": "filled",
            "status_label": "besetzt",
            "start": "2022-04-01",
            "end": "2023-12-31",
        },
        {
            "title": "Verwaltungsfachkraft KI",
            "pay_grade": "E 9b",
            "fte": 0.5,
            "status": "filled",
            "status_label": "besetzt",
            "start": "2022-07-01",
            "end": None,
        },
    ],
    "open_points": [
        "Die Kennzahl „Vermittlungen in Sprachkurse“ liegt unter dem Zielwert.",
        "Aus 2023 sind 12.349,75 EUR noch nicht ausgegeben.",
    ],
    "footnotes": [SUPPRESSION_NOTE, "Stand der Buchungen: 15.01.2024."],
}


def sample_content(**changes: Any) -> Content:
    """A deep copy of the sample, with top-level keys replaced by `changes`."""
    content = copy.deepcopy(CONTENT)
    content.update(changes)  # type: ignore[typeddict-item]
    return content


def published_numbers(table: TableJSON) -> list[int | float]:
    """Every figure a reader sees in a table: cells, row totals, column totals, total."""
    numbers = [v for row in table["cells"] for v in row if v is not None]
    numbers += [v for v in table["row_totals"] if v is not None]
    numbers += [v for v in table["column_totals"] if v is not None]
    if table["total"] is not None:
        numbers.append(table["total"])
    return numbers
