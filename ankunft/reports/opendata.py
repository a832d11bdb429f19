"""A published report as open data (offene Daten): JSON, and the OParl 1.1 `File` object of
its PDF that a council information system can link.

Everything here reads `Report.content`, which holds published figures only (disclosure
control ran before it was stored). `public_content` checks that once more on the way out:
a figure about people below the threshold never leaves the app, whatever wrote the content.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ankunft.reports.content import Content
from ankunft.reports.models import Report

# Datenlizenz Deutschland – Namensnennung – 2.0, as for the directory's open data: a
# municipality's report to its council is free to reuse with the source named.
LICENSE = "https://www.govdata.de/dl-de/by-2-0"
OPARL_FILE = "https://schema.oparl.org/1.1/File"
PDF_MIME = "application/pdf"


@dataclass(frozen=True)
class PublicUrls:
    """The absolute URLs of one published report (built by the view from the request)."""

    page: str
    pdf: str
    csv: str
    json: str
    oparl_file: str

    @property
    def pdf_download(self) -> str:
        return self.pdf + "?download=1"

    def as_json(self) -> dict[str, str]:
        return {
            "page_url": self.page,
            "pdf_url": self.pdf,
            "csv_url": self.csv,
            "json_url": self.json,
            "oparl_file_url": self.oparl_file,
        }


def public_urls(report: Report, absolute: Callable[[str], str]) -> PublicUrls:
    """The report's public URLs; `absolute` makes a path absolute (the request's host)."""

    def url(name: str) -> str:
        return absolute(reverse(f"reports:{name}", kwargs={"public_id": report.public_id}))

    return PublicUrls(
        page=url("public_detail"),
        pdf=url("public_pdf"),
        csv=url("public_csv"),
        json=url("public_json"),
        oparl_file=url("public_oparl_file"),
    )


def _small(value: Any, threshold: int) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value < threshold


def unsafe_figures(content: Content | dict[str, Any]) -> list[str]:
    """Figures about people that are shown although they count fewer persons than the
    threshold (cells, margins, people reached by a measure): names like
    `cases_by_district[2][0]`. Empty for every content built by `build.build_report`."""
    threshold = int(content.get("threshold") or 0)
    found: list[str] = []
    for table in content.get("tables", []):
        if not table.get("people"):
            continue
        name = table["name"]
        for i, row in enumerate(table["cells"]):
            found += [f"{name}[{i}][{j}]" for j, v in enumerate(row) if _small(v, threshold)]
        found += [f"{name}.row_totals[{i}]" for i, v in enumerate(table["row_totals"])
                  if _small(v, threshold)]  # fmt: skip
        found += [f"{name}.column_totals[{j}]" for j, v in enumerate(table["column_totals"])
                  if _small(v, threshold)]  # fmt: skip
        if _small(table["total"], threshold):
            found.append(f"{name}.total")
    for measure in content.get("measures", []):
        if _small(measure.get("people_reached"), threshold):
            found.append(f"measures[{measure['id']}].people_reached")
    return found


def public_content(content: Content | dict[str, Any]) -> Content:
    """The content as the public sees it: a copy in which any figure about people below the
    threshold is suppressed (None), and no internal link. Suppressing more never reveals
    more, so this is safe whatever the content holds."""
    shown = cast(Content, copy.deepcopy(dict(content)))
    threshold = int(shown.get("threshold") or 0)

    def mask(values: list[Any]) -> list[Any]:
        return [None if _small(v, threshold) else v for v in values]

    for table in shown.get("tables", []):
        if table.get("people"):
            table["cells"] = [mask(row) for row in table["cells"]]
            table["row_totals"] = mask(table["row_totals"])
            table["column_totals"] = mask(table["column_totals"])
            table["total"] = None if _small(table["total"], threshold) else table["total"]
    for measure in shown.get("measures", []):
        if _small(measure.get("people_reached"), threshold):
            measure["people_reached"] = None
    for decision in shown.get("decisions", []):
        decision["url"] = ""
    return shown


def pdf_bytes(report: Report) -> bytes:
    return bytes(report.pdf) if report.pdf is not None else b""


def file_name(report: Report) -> str:
    """The PDF's file name: the title as a slug, with the reference day."""
    stem = slugify(report.title)[:80].strip("-") or "sachstandsbericht"
    day = report.as_of.isoformat() if report.as_of else ""
    return f"{stem}-{day}.pdf" if day else f"{stem}.pdf"


def _moment(value: Any) -> str:
    return str(timezone.localtime(value).isoformat(timespec="seconds"))


def report_json(report: Report, urls: PublicUrls) -> dict[str, Any]:
    """The published report as JSON: its metadata and every table (suppressed: null)."""
    content = public_content(report.content)
    return {
        "id": str(report.public_id),
        "title": report.title or content.get("title", ""),
        "municipality": report.municipality.name,
        "as_of": content.get("as_of"),
        "period_start": content.get("period_start"),
        "period_end": content.get("period_end"),
        "years": content.get("years", []),
        "threshold": report.threshold,
        "language": content.get("language", report.language),
        "published": _moment(report.published_at),
        "license": LICENSE,
        "decisions": [
            {
                "reference": d["reference"],
                "title": d["title"],
                "date": d["date"],
                "body": d["body"],
                "meeting": d["meeting"],
            }
            for d in content.get("decisions", [])
        ],
        "footnotes": content.get("footnotes", []),
        "links": urls.as_json(),
        "tables": content.get("tables", []),
    }


def oparl_file(report: Report, urls: PublicUrls) -> dict[str, Any]:
    """The OParl 1.1 `File` of the report's PDF (schema: oparl-1.1/schema/File.json).

    No `paper` or `meeting` links yet: ankunft serves no OParl objects of its own before
    its OParl endpoint exists, and an OParl link must lead to an OParl object.
    """
    pdf = pdf_bytes(report)
    finished = report.finished_at or report.created_at
    data: dict[str, Any] = {
        "id": urls.oparl_file,
        "type": OPARL_FILE,
        "name": report.title or str(report.content.get("title", "")),
        "fileName": file_name(report),
        "mimeType": PDF_MIME,
        "size": len(pdf),
        "sha512Checksum": hashlib.sha512(pdf).hexdigest(),
        "accessUrl": urls.pdf,
        "downloadUrl": urls.pdf_download,
        "fileLicense": LICENSE,
        "license": LICENSE,
        "web": urls.page,
        "created": _moment(finished),
        "modified": _moment(report.published_at or finished),
    }
    if report.as_of:
        data["date"] = report.as_of.isoformat()
    return data
