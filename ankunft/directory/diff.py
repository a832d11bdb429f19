"""What a proposed change would change: field by field, texts word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ankunft.directory.models.choices import tag_label
from ankunft.directory.services.data import TEXT_FIELDS


@dataclass(frozen=True)
class Row:
    label: str
    old: str
    new: str
    # For texts: [(kind, words)] with kind "same", "del" or "ins" (rendered escaped).
    words: list[tuple[str, str]] | None = None


def _labels() -> dict[str, str]:
    return {
        "title": _("Title"),
        "summary": _("Summary"),
        "description": _("Description"),
        "hours_note": _("Note on the opening hours"),
        "cost_note": _("Note on the cost"),
        "provider_id": _("Provider"),
        "district_id": _("District"),
        "street": _("Street and number"),
        "postcode": _("Postcode"),
        "city": _("City"),
        "latitude": _("Latitude"),
        "longitude": _("Longitude"),
        "access": _("Appointment"),
        "cost": _("Cost"),
        "contact_phone": _("Phone"),
        "contact_email": _("E-mail"),
        "website": _("Website"),
        "valid_from": _("Valid from"),
        "valid_until": _("Valid until"),
        "fields": _("Fields of action"),
        "target_groups": _("Target groups"),
        "languages": _("Languages"),
        "accessibility": _("Accessibility"),
        "hours": _("Opening hours"),
        "exceptions": _("Exceptions"),
        "status": _("Status"),
    }


_TAG_KINDS = {
    "fields": "field",
    "target_groups": "target",
    "languages": "language",
    "accessibility": "accessibility",
}


def _show(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        kind = _TAG_KINDS.get(key)
        return ", ".join(tag_label(kind, v) if kind else str(v) for v in value) or "–"
    return str(value) if value != "" else "–"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("ins", "".join(b[j1:j2])))
    return parts


def changes(current: dict[str, Any], proposed: dict[str, Any], language: str) -> list[Row]:
    """Rows for every field whose proposed value differs from the current snapshot."""
    labels = _labels()
    rows: list[Row] = []
    for key, value in proposed.get("data", {}).items():
        old, new = current.get(key), value
        if old in (None, "") and new in (None, ""):
            continue
        if old != new:
            rows.append(Row(str(labels.get(key, key)), _show(key, old), _show(key, new)))
    if proposed.get("status") and proposed["status"] != current.get("status"):
        rows.append(Row(str(labels["status"]), current.get("status", ""), proposed["status"]))
    old_texts = current.get("texts", {}).get(language, {})
    for name in TEXT_FIELDS:
        old = str(old_texts.get(name) or "")
        new = str(proposed.get("texts", {}).get(language, {}).get(name) or "")
        if old != new:
            rows.append(Row(str(labels[name]), old, new, word_diff(old, new)))
    return rows
