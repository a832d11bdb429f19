"""The subject access export as files: JSON, and PDF through WeasyPrint (an HTML template
with page numbers and the municipality's name in the page margins)."""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing on this server."""


def export_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def export_filename(data: dict[str, Any], extension: str) -> str:
    # The person's id, not their name: file names end up in download folders and logs.
    return f"subject-access-{data['person_id']}.{extension}"


def check_pdf() -> Any:
    """WeasyPrint, or `PdfUnavailableError` saying what is missing."""
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: PLC0415
    except (ImportError, OSError) as exc:
        raise PdfUnavailableError(
            _(
                "The PDF cannot be made on this server: WeasyPrint or its system library "
                "Pango is missing (%(error)s). Download the JSON export instead, or ask the "
                "operator to install Pango (Debian: apt install libpango-1.0-0 "
                "libpangoft2-1.0-0)."
            )
            % {"error": exc.__class__.__name__}
        ) from exc
    return weasyprint


def _labels() -> dict[str, str]:
    """Field name → its label, over the case models (the PDF shows labels, not names)."""
    labels: dict[str, str] = {}
    for model in apps.get_app_config("cases").get_models():
        for f in model._meta.fields:
            labels.setdefault(f.name, str(getattr(f, "verbose_name", f.name)))
    return labels


def _rows(values: dict[str, Any], labels: dict[str, str]) -> list[tuple[str, Any]]:
    def show(v: Any) -> Any:
        if isinstance(v, list):
            return ", ".join(str(x) for x in v)
        if v is True:
            return _("yes")
        if v is False:
            return _("no")
        return "–" if v in (None, "") else v

    return [
        (labels.get(k, k), show(v))
        for k, v in values.items()
        if not isinstance(v, list | dict) or all(not isinstance(x, dict) for x in v)
    ]


def printable(data: dict[str, Any]) -> dict[str, Any]:
    """The export with labelled rows for the page and the PDF."""
    labels = _labels()

    def each(items: list[dict[str, Any]]) -> list[list[tuple[str, Any]]]:
        return [_rows(i, labels) for i in items]

    parts = ("events", "needs", "referrals", "appointments", "notes", "attachments")
    cases = [
        {
            "rows": _rows(case, labels),
            **{k: each(case[k]) for k in parts},
            "goals": [
                {"rows": _rows(g, labels), "reviews": each(g["reviews"])} for g in case["goals"]
            ],
        }
        for case in data["cases"]
    ]
    return {
        "municipality": data["municipality"],
        "generated_at": data["generated_at"],
        "person": _rows(data["person"], labels),
        "household": _rows(data["household"], labels) if data["household"] else [],
        **{
            k: each(data[k])
            for k in (
                "spellings",
                "consents",
                "legal_domains",
                "participations",
                "requests",
                "audit",
            )
        },
        "cases": cases,
    }


def export_pdf(data: dict[str, Any]) -> bytes:
    """The export as a PDF; `PdfUnavailableError` with a clear message when it cannot be."""
    weasyprint = check_pdf()
    html = render_to_string("cases/privacy/subject_access_pdf.html", {"data": printable(data)})
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf
