"""Which column of a file holds which field: German and English header names, or the
person's own mapping."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django_stubs_ext import StrPromise

from ankunft.core.tabular.reading import TableError

_NOISE = re.compile(r"[\s_\-.:/()]+")


def _normal(name: str) -> str:
    """ "Beleg-Nr." and "beleg nr" compare equal; "Maßnahme" and "massnahme" too."""
    return _NOISE.sub("", name.casefold().replace("ß", "ss"))


@dataclass(frozen=True)
class Column:
    """A field an import reads: its key, its label, the header names it is known by."""

    key: str
    label: str | StrPromise
    aliases: tuple[str, ...]
    required: bool = True

    def example(self) -> str:
        return self.aliases[0] if self.aliases else self.key


def guess_columns(header: Sequence[str], columns: Sequence[Column]) -> dict[str, str]:
    """Field key → the header name that matches one of its aliases (first match wins)."""
    by_name: dict[str, str] = {}
    for name in header:
        by_name.setdefault(_normal(name), name)
    found: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        for alias in (column.key, *column.aliases):
            match = by_name.get(_normal(alias))
            if match and match not in taken:
                found[column.key] = match
                taken.add(match)
                break
    return found


def _expected(columns: Sequence[Column]) -> str:
    return ", ".join(
        _("%(label)s (e.g. “%(name)s”)") % {"label": c.label, "name": c.example()} for c in columns
    )


def map_columns(
    header: Sequence[str],
    columns: Sequence[Column],
    mapping: Mapping[str, str] | None = None,
    *,
    guess: bool = True,
) -> dict[str, int]:
    """Field key → column index. The person's `mapping` (key → header name) comes first;
    the other fields are found by their header names (unless `guess` is off: a form that
    already proposed the guesses and let the person change them).

    Raises `TableError` in words when the mapping names a field or a column that does not
    exist, or when a required field has no column (naming the file's columns).
    """
    known = {c.key: c for c in columns}
    problems: list[str] = []
    chosen: dict[str, str] = {}
    for key, name in (mapping or {}).items():
        if key not in known:
            problems.append(
                _("Unknown field %(field)s (fields: %(fields)s).")
                % {"field": key, "fields": ", ".join(known)}
            )
        elif name and name not in header:
            problems.append(_("The file has no column “%(column)s”.") % {"column": name})
        elif name:
            chosen[key] = name
    if guess:
        for key, name in guess_columns(header, columns).items():
            if key not in chosen and name not in chosen.values():
                chosen[key] = name
    missing = [c for c in columns if c.required and c.key not in chosen]
    file_columns = ", ".join(f"“{h}”" for h in header if h) or "–"
    nothing_chosen = not any((mapping or {}).values())
    if missing and len(missing) == sum(c.required for c in columns) and nothing_chosen:
        problems.append(
            _(
                "The file has none of the expected columns %(expected)s. "
                "Its columns are: %(columns)s."
            )
            % {"expected": _expected(missing), "columns": file_columns}
        )
    elif missing:
        problems.append(
            _("The file has no column for %(expected)s. Its columns are: %(columns)s.")
            % {"expected": _expected(missing), "columns": file_columns}
        )
    if problems:
        raise TableError(problems, code="columns")
    return {key: list(header).index(name) for key, name in chosen.items()}
