"""Render a report's content: the HTML fragment of the app's pages, a standalone HTML file,
the PDF (WeasyPrint, the same templates) and CSV (Sachstandsbericht als Datei).

Interface (stable):

    render_document(content, public=False) -> str   the document's HTML fragment (sections)
    render_standalone(content) -> str                a whole HTML file (CSS inlined): CLI, PDF
    render_pdf(content) -> bytes                     the PDF (WeasyPrint, same templates)
    render_csv(content) -> str                       every table, one block per table
    pdf_available() -> str | None                    None, or what is missing (translated)

Everything is rendered in the content's `language` (numbers, dates and the words around
them), whatever the request's language is: the report is one document.

CSV layout, one block per table, blocks separated by an empty line:

    # cases_by_district: Fälle nach Ortsteil
    # •: empty field = suppressed (…the suppression footnote…)     (only if a figure is)
    <unit or "">,<column labels…>,Total         (no Total column without row totals)
    <row label>,<cells…>,<row total>
    Total,<column totals…>,<total>              (no such row without column totals)

Numbers are machine-readable (a dot for decimals, no grouping), a suppressed figure is an
empty field — "•" would turn a number column into text — and the block's note says so.
Text fields are guarded against formula injection like the directory's CSV export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import mimetypes
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ankunft.measures.charts import LIGHT_LABELS, LIGHT_SYMBOLS, Light, fmt
from ankunft.reports.charts import chart_for
from ankunft.reports.content import SUPPRESSED_MARK, Content, TableJSON

DOCUMENT_TEMPLATE = "reports/document/_document.html"
STANDALONE_TEMPLATE = "reports/document/standalone.html"
# The PDF's base: relative URLs resolve here, and the fetcher serves only static files
# below it (nothing leaves the machine).
PDF_BASE_URL = "https://ankunft.invalid/"
SUPPRESSION_FOOTNOTE = 1  # the contract puts the suppression footnote first


@dataclass
class Cell:
    """One figure as shown: its formatted text, or the suppression mark."""

    text: str
    suppressed: bool = False
    margin: bool = False


@dataclass
class TableView:
    name: str
    title: str
    unit: str
    columns: list[str]
    rows: list[tuple[str, list[Cell], Cell | None]]
    totals: list[Cell] | None
    total: Cell | None
    any_suppressed: bool
    chart: SafeString = field(default_factory=lambda: SafeString(""))

    @property
    def anchor(self) -> str:
        return f"report-table-{self.name}"


def format_number(value: int | float | Decimal, unit: str) -> str:
    """A figure in the active language: EUR and FTE with two decimals, counts with
    thousands separators (12.349,75 · 1,50 · 1.234)."""
    number = Decimal(str(value))
    if unit in {"EUR", "FTE"}:
        return formats.number_format(number, decimal_pos=2, use_l10n=True, force_grouping=True)
    return fmt(number)


def _cell(value: int | float | None, unit: str, *, margin: bool = False) -> Cell:
    if value is None:
        return Cell(SUPPRESSED_MARK, suppressed=True, margin=margin)
    return Cell(format_number(value, unit), margin=margin)


def has_row_totals(table: TableJSON) -> bool:
    """An empty margin list means the margin is not a sum worth showing (money: planned +
    spent is nothing) — not that it is suppressed."""
    return len(table["row_totals"]) == len(table["row_labels"]) > 0


def has_column_totals(table: TableJSON) -> bool:
    return len(table["column_totals"]) == len(table["column_labels"]) > 0


def table_view(table: TableJSON) -> TableView:
    unit = table["unit"]
    rows_total = has_row_totals(table)
    columns_total = has_column_totals(table)
    rows = [
        (
            label,
            [_cell(v, unit) for v in table["cells"][i]],
            _cell(table["row_totals"][i], unit, margin=True) if rows_total else None,
        )
        for i, label in enumerate(table["row_labels"])
    ]
    totals = [_cell(v, unit, margin=True) for v in table["column_totals"]]
    unit_label = {"EUR": "EUR", "FTE": _("FTE")}.get(unit, unit)
    view = TableView(
        name=table["name"],
        title=table["title"],
        unit="" if unit_label in table["title"] else unit_label,  # "Stellen (VZÄ)" says it
        columns=list(table["column_labels"]),
        rows=rows,
        totals=totals if columns_total else None,
        total=_cell(table["total"], unit, margin=True) if rows_total and columns_total else None,
        any_suppressed=False,
    )
    view.any_suppressed = any(c.suppressed for _l, cells, t in rows for c in [*cells, t] if c) or (
        any(c.suppressed for c in [*(view.totals or []), *([view.total] if view.total else [])])
    )
    return view


def _date(value: str | None) -> str:
    if not value:
        return ""
    return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _measure_status(status: str) -> str:
    from ankunft.measures.models import Measure  # noqa: PLC0415  # the models load late

    try:
        return str(Measure.Status(status).label)
    except ValueError:
        return status


def _indicators(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    shown = []
    for ind in indicators:
        light = Light(ind["light"]) if ind["light"] in set(Light) else Light.NONE
        latest = ind["latest"]
        shown.append(
            {
                "name": ind["name"],
                "unit": ind["unit"],
                "target": "–" if ind["target"] is None else format_number(ind["target"], ""),
                "latest": None if latest is None else format_number(latest, ""),
                "suppressed": ind["suppressed"],
                "period": _date(ind["latest_period"]),
                "light": light.value,
                "light_symbol": LIGHT_SYMBOLS[light],
                "light_label": LIGHT_LABELS[light],
            }
        )
    return shown


def document_context(content: Content, *, public: bool = False) -> dict[str, Any]:
    """What the document templates read: the content with every figure formatted."""
    tables = {t["name"]: t for t in content["tables"]}
    sections = []
    for section in content["sections"]:
        views = [table_view(tables[name]) for name in section["tables"] if name in tables]
        chart = tables.get(section["chart"]) if section["chart"] else None
        sections.append(
            {
                **section,
                "anchor": f"report-section-{section['id']}",
                "table_views": views,
                "chart_svg": chart_for(chart) if chart else "",
                "chart_table": f"report-table-{chart['name']}" if chart else "",
            }
        )
    decisions = [
        {**d, "date": _date(d["date"]), "url": "" if public else d["url"]}
        for d in content["decisions"]
    ]
    measures = [
        {
            **m,
            "status_label": _measure_status(m["status"]),
            "share": formats.number_format(
                Decimal(str(m["share_of_positions"] * 100)), decimal_pos=0, use_l10n=True
            ),
            "people": None
            if m["people_reached"] is None
            else format_number(m["people_reached"], ""),
            "indicator_rows": _indicators(list(m["indicators"])),  # type: ignore[arg-type]
        }
        for m in content["measures"]
    ]
    positions = [
        {
            **p,
            "fte": format_number(p["fte"], "FTE"),
            "start": _date(p["start"]),
            "end": _date(p["end"]),
        }
        for p in content["positions"]
    ]
    return {
        "content": content,
        "public": public,
        "period_start": _date(content["period_start"]),
        "period_end": _date(content["period_end"]),
        "as_of": _date(content["as_of"]),
        "sections": sections,
        "decisions": decisions,
        "measures": measures,
        "positions": positions,
        "suppression_footnote": SUPPRESSION_FOOTNOTE if content["footnotes"] else None,
    }


def render_document(content: Content, *, public: bool = False) -> str:
    """The report's sections as an HTML fragment (the app's pages and the standalone file)."""
    with translation.override(content["language"]):
        return render_to_string(DOCUMENT_TEMPLATE, document_context(content, public=public))


def css_string(text: str) -> str:
    """`text` as a quoted CSS string for `content:` in the page margins. Every character
    that could end the string or the `<style>` element is a CSS escape (`\\3c ` for <)."""
    return (
        '"'
        + "".join(
            f"\\{ord(ch):x} " if ch in '\\"<>&' or not ch.isprintable() else ch for ch in text
        )
        + '"'
    )


def page_label_css() -> str:
    """`"Seite " counter(page) " von " counter(pages)` in the active language."""
    marker = "\x00"
    text = _("Page %(page)s of %(pages)s") % {"page": marker + "p", "pages": marker + "n"}
    parts = re.split(f"({marker}[pn])", text)
    css = [
        {marker + "p": "counter(page)", marker + "n": "counter(pages)"}.get(p) or css_string(p)
        for p in parts
        if p
    ]
    return " ".join(css)


def _static_text(path: str) -> str:
    found = finders.find(path)
    if not found:  # a packaging error, not a user's
        raise FileNotFoundError(path)
    return Path(str(found)).read_text(encoding="utf-8")


def render_standalone(content: Content, *, public: bool = True) -> str:
    """The whole report as one self-contained HTML file: CSS inlined, charts inline, no
    external reference (for the CLI and as the PDF's source). Public by default: a file
    leaves the app, so it carries no internal links."""
    with translation.override(content["language"]):
        context = document_context(content, public=public)
        context.update(
            {
                "document": SafeString(render_to_string(DOCUMENT_TEMPLATE, context)),
                "screen_css": SafeString(_static_text("reports/report.css")),
                "print_css": SafeString(_static_text("reports/print.css")),
                "running_header": SafeString(css_string(content["municipality"])),
                "running_title": SafeString(css_string(content["title"])),
                "page_label": SafeString(page_label_css()),
            }
        )
        return render_to_string(STANDALONE_TEMPLATE, context)


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or its system library Pango is missing on this server."""


def missing_message(exc: BaseException) -> str:
    """What is missing, for people who run the server (with the Debian package names)."""
    if isinstance(exc, ImportError):
        return _(
            "PDF output does not work: the Python package WeasyPrint is not installed "
            "(%(error)s). Install ankunft with its dependencies (pip install weasyprint)."
        ) % {"error": exc}
    return _(
        "PDF output does not work: WeasyPrint cannot load its system library Pango "
        "(%(error)s). On Debian: apt install libpango-1.0-0 libpangoft2-1.0-0 "
        "libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core"
    ) % {"error": exc}


def _weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: PLC0415  # optional at import
    except (ImportError, OSError) as exc:
        raise PdfUnavailableError(missing_message(exc)) from exc
    return weasyprint


def pdf_available() -> str | None:
    """None when PDFs can be made here, else what is missing (translated)."""
    try:
        _weasyprint()
    except PdfUnavailableError as exc:
        return str(exc)
    return None


def offline_url_fetcher(weasyprint: Any) -> Any:
    """A fetcher that serves data: URLs and the app's static files, and refuses the rest:
    making a PDF never touches the network."""
    from weasyprint.urls import URLFetcherResponse  # type: ignore[import-untyped]  # noqa: PLC0415

    static = PDF_BASE_URL + "static/"

    class OfflineFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = url.removeprefix(static).split("?")[0].split("#")[0]
            if url.startswith(static) and ".." not in path.split("/") and "\\" not in path:
                found = finders.find(path)
                if found:
                    body = Path(str(found)).read_bytes()
                    mime = mimetypes.guess_type(str(found))[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
            raise ValueError(f"refused (no network in PDF rendering): {url}")

    return OfflineFetcher(allowed_protocols=["data", "https"])


def render_pdf(content: Content) -> bytes:
    """The report as PDF, from the standalone HTML with its print styles: page numbers,
    the municipality in the running header, a table of contents with page numbers.
    Raises `PdfUnavailableError` when WeasyPrint or Pango is missing."""
    weasyprint = _weasyprint()
    html = render_standalone(content)
    document = weasyprint.HTML(
        string=html, base_url=PDF_BASE_URL, url_fetcher=offline_url_fetcher(weasyprint)
    )
    # Tagged: the PDF's headings, tables and reading order reach screen readers.
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf


def _safe(text: str) -> str:
    # Spreadsheet programs run cells starting with = + - @ (or tab, CR) as formulas.
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def _csv_number(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def render_csv(content: Content) -> str:
    """Every table of the report as a CSV block (see the module's docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    with translation.override(content["language"]):
        total_label = _("Total")
        note = content["footnotes"][0] if content["footnotes"] else _("suppressed")
        for n, table in enumerate(content["tables"]):
            if n:
                writer.writerow([])
            rows_total, columns_total = has_row_totals(table), has_column_totals(table)
            writer.writerow([_safe(f"# {table['name']}: {table['title']}")])
            published = table_view(table)
            if published.any_suppressed:
                explained = _("empty field = suppressed: %(note)s") % {"note": note}
                writer.writerow([_safe("# " + explained)])
            header = [table["unit"], *table["column_labels"]]
            writer.writerow([_safe(h) for h in [*header, *([total_label] if rows_total else [])]])
            for i, label in enumerate(table["row_labels"]):
                row = [_csv_number(v) for v in table["cells"][i]]
                if rows_total:
                    row.append(_csv_number(table["row_totals"][i]))
                writer.writerow([_safe(label), *row])
            if columns_total:
                totals = [_csv_number(v) for v in table["column_totals"]]
                if rows_total:
                    totals.append(_csv_number(table["total"]))
                writer.writerow([_safe(total_label), *totals])
    return buffer.getvalue()
