"""What a proposed change would change: field by field, texts word by word."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ankunft.directory.models.choices import Status, tag_label
from ankunft.directory.offer_data import TEXT_FIELDS


@dataclass(frozen=True)
class Row:
    label: str
    old: str
    new: str
    # Within a value: [(kind, part)] with kind "same", "del" or "ins" (rendered escaped).
    words: list[tuple[str, str]] | None = None
    # Between parts (", " for lists of codes; texts and lines carry their own spacing).
    separator: str = ""
    # The field's code (as in the API), for conflicts of concurrent edits.
    key: str = ""


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
# Multi-line values compared line by line (one opening slot or exception a line).
_LINE_FIELDS = ("hours", "exceptions")


def _show(key: str, value: Any, names: dict[str, dict[Any, str]]) -> str:
    if value is None:
        return "–"
    if key in names:
        return names[key].get(value, str(value))
    if isinstance(value, list):
        kind = _TAG_KINDS.get(key)
        return ", ".join(tag_label(kind, v) if kind else str(v) for v in value) or "–"
    return str(value) if value != "" else "–"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    return _opcodes(a, b)


def line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Lines kept, removed and added (each line keeps its line break)."""
    return _opcodes(
        [f"{line}\n" for line in old.splitlines()], [f"{line}\n" for line in new.splitlines()]
    )


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, str]]:
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


def set_diff(key: str, old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """Codes kept, removed and added; their order carries no meaning."""
    kind = _TAG_KINDS[key]
    kept = [c for c in new if c in old]
    parts: list[tuple[str, str]] = [("same", tag_label(kind, c)) for c in kept]
    parts += [("del", tag_label(kind, c)) for c in old if c not in new]
    parts += [("ins", tag_label(kind, c)) for c in new if c not in old]
    return parts


def changes(
    current: dict[str, Any],
    proposed: dict[str, Any],
    language: str,
    *,
    names: dict[str, dict[Any, str]] | None = None,
    localise: Callable[[str, str], str] | None = None,
) -> list[Row]:
    """Rows for every field whose proposed value differs from the current snapshot.

    Lists of codes compare as sets; opening hours and exceptions line by line; texts word
    by word. `names` turns ids into names (provider, district); `localise(key, value)`
    shows stored hours in the reader's language."""
    labels = _labels()
    names = names or {}
    rows: list[Row] = []
    for key, value in proposed.get("data", {}).items():
        old, new = current.get(key), value
        if old in (None, "") and new in (None, ""):
            continue
        if key in _TAG_KINDS and isinstance(old, list) and isinstance(new, list):
            if set(old) != set(new):
                label = str(labels[key])
                rows.append(
                    Row(
                        label,
                        _show(key, old, names),
                        _show(key, new, names),
                        set_diff(key, old, new),
                        separator=", ",
                        key=key,
                    )
                )
            continue
        if old == new:
            continue
        if key in _LINE_FIELDS:
            before, after = str(old or ""), str(new or "")
            if localise is not None:
                before, after = localise(key, before), localise(key, after)
            rows.append(Row(str(labels[key]), before, after, line_diff(before, after), key=key))
            continue
        rows.append(
            Row(str(labels.get(key, key)), _show(key, old, names), _show(key, new, names), key=key)
        )
    status = proposed.get("status")
    if status and status != current.get("status"):
        rows.append(
            Row(
                str(labels["status"]),
                _status_label(str(current.get("status", ""))),
                _status_label(str(status)),
                key="status",
            )
        )
    old_texts = current.get("texts", {}).get(language, {})
    for name in TEXT_FIELDS:
        old = str(old_texts.get(name) or "")
        new = str(proposed.get("texts", {}).get(language, {}).get(name) or "")
        if old != new:
            rows.append(Row(str(labels[name]), old, new, word_diff(old, new), key=name))
    return rows


def _status_label(code: str) -> str:
    try:
        return str(Status(code).label)
    except ValueError:
        return code or "–"


def _provider_labels() -> dict[str, str]:
    from ankunft.directory.models import Provider  # noqa: PLC0415

    return {f.name: str(f.verbose_name) for f in Provider._meta.get_fields() if f.concrete}


def provider_changes(current: dict[str, Any], proposed: dict[str, Any]) -> list[Row]:
    """Rows for every detail of a provider whose proposed value differs from the current
    one: texts word by word, yes/no and dates as values."""
    labels = _provider_labels()
    rows: list[Row] = []
    for key, new in proposed.items():
        old = current.get(key)
        if isinstance(old, dt.date):
            old = old.isoformat()
        if old == new or (old in (None, "") and new in (None, "")):
            continue
        label = labels.get(key, key)
        if isinstance(new, bool) or isinstance(old, bool):
            rows.append(Row(label, _yes_no(old), _yes_no(new)))
        elif key == "contact_consent_date":
            rows.append(Row(label, _show(key, old, {}), _show(key, new, {})))
        else:
            before, after = str(old or ""), str(new or "")
            rows.append(Row(label, before or "–", after or "–", word_diff(before, after)))
    return rows


def _yes_no(value: Any) -> str:
    return _("yes") if value else _("no")
