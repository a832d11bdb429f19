"""Optimistic locking: two people edit the same record, the second save is refused.

A record that can be edited by several people at once carries a `version` (`Versioned`).
A form or API client reads it with the record and sends it back with its change; the
service calls `claim()` first thing in its transaction: one
`UPDATE … SET version = version + 1 WHERE id = … AND version = <what the user read>`.
When no row matches, someone else saved in between and `ConflictError` lists, field by
field, their value (now saved) against the user's. The conditional UPDATE also holds the
row's write lock until the service's transaction ends (PostgreSQL: a row lock; SQLite: the
database's write lock), so of two saves at the same moment exactly one matches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.db.models import F
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Versioned(models.Model):
    """A record edited under optimistic locking (see the module's docstring)."""

    version = models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        help_text=gettext_lazy("Raised by every save; a save based on an older one is refused."),
    )

    class Meta:
        abstract = True


_V = TypeVar("_V", bound=Versioned)


@dataclass(frozen=True)
class FieldConflict:
    """One field that differs: the value saved meanwhile (theirs) and the user's (yours)."""

    field: str
    label: str
    theirs: str
    yours: str


class ConflictError(Exception):
    """The record changed since the user read it; nothing of the user's save was written."""

    def __init__(self, *, version: int, conflicts: Sequence[FieldConflict]) -> None:
        self.version = version
        self.conflicts = list(conflicts)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            "Someone else saved this record while you were editing it. Your changes have "
            "not been saved: compare them with the saved values and save again."
        )

    def as_json(self) -> dict[str, Any]:
        """The API's 409 body: the message, the version now saved, the differing fields."""
        return {
            "detail": self.message,
            "version": self.version,
            "conflicts": [
                {"field": c.field, "label": c.label, "theirs": c.theirs, "yours": c.yours}
                for c in self.conflicts
            ],
        }


def show(value: Any, field: models.Field[Any, Any] | None = None) -> str:
    """A value as people read it (choices by their label, dates and numbers localised)."""
    if field is not None and field.choices and not isinstance(value, models.Model):
        return str(dict(field.flatchoices).get(value, value if value not in (None, "") else "–"))
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date | Decimal | float | int):
        return str(formats.localize(value))
    return str(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, models.Model) or isinstance(b, models.Model):
        return bool(getattr(a, "pk", a) == getattr(b, "pk", b))
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return bool(Decimal(str(a)) == Decimal(str(b)))
        except ArithmeticError:
            return False
    return bool(a == b) or (a in (None, "") and b in (None, ""))


def field_conflicts(current: models.Model, yours: Mapping[str, Any]) -> list[FieldConflict]:
    """The fields of `yours` whose value differs from the record as saved now."""
    out = []
    for name, value in yours.items():
        field = current._meta.get_field(name)
        theirs = getattr(current, name)
        if not _same(theirs, value):
            label = str(getattr(field, "verbose_name", name))
            out.append(FieldConflict(name, label, show(theirs, field), show(value, field)))  # type: ignore[arg-type]
    return out


def claim(
    obj: _V,
    expected: int | None,
    *,
    yours: Mapping[str, Any] | None = None,
    conflicts: Callable[[_V], list[FieldConflict]] | None = None,
    bump: bool = True,
) -> None:
    """Take the next version of `obj` if it is still `expected`, else raise `ConflictError`.

    Call it first in the service's transaction. `expected=None` (a caller that read no
    version: the command line, imports) takes the next version unconditionally.
    `conflicts(current)` (or the fields `yours`) say what differs when refused. With
    `bump=False` the version is only checked (and the row locked): a proposal that waits for
    review leaves the record as it is."""
    model = type(obj)
    rows = model._default_manager.filter(pk=obj.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    elif not bump:
        return
    if rows.update(version=F("version") + 1 if bump else F("version")) == 1:
        obj.version = model._default_manager.values_list("version", flat=True).get(pk=obj.pk)
        return
    current = model._default_manager.get(pk=obj.pk)
    found = conflicts(current) if conflicts else field_conflicts(current, yours or {})
    raise ConflictError(version=current.version, conflicts=found)


def keep_input(form: forms.Form, exc: ConflictError) -> None:
    """After a conflict the page shows the user's input again with the version now saved:
    saving once more (after comparing) replaces the other person's values knowingly."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data[form.add_prefix("version")] = str(exc.version)
    form.data = data


class VersionField(forms.IntegerField):
    """The hidden field that carries the version a form was opened with."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)
