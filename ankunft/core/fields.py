"""Model fields whose values are stored encrypted (AES-256-GCM, see `ankunft.core.crypto`).

`EncryptedTextField` behaves like a `TextField` in Python (forms, admin, serialisers see the
plaintext) and stores a token bound to its table and column. What stays visible in the
database: whether a value is empty or NULL (stored as is, so `isnull` and `=""` filters
work), roughly its length, and which key encrypted it. Nothing else: the field cannot be
searched, sorted meaningfully, indexed or made unique, and filtering by value is refused.

Renaming the table or column of an encrypted field changes the associated data; pass
`aad_label="<old table>.<old column>"` to keep reading the values written before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldError
from django.db import models, transaction
from django.db.models.functions import Cast
from django.db.models.lookups import Exact, IsNull
from django.utils.translation import gettext_lazy as _

from ankunft.core.crypto import (
    DecryptionError,
    current_key_id,
    decrypt,
    encrypt,
    is_token,
    token_key_id,
)

_ALLOWED = "isnull, or exact with '' (empty)"


def _refused(field: models.Field[Any, Any], lookup_name: str) -> FieldError:
    return FieldError(
        f"{field.model._meta.label}.{field.name} is encrypted: it cannot be filtered by "
        f"'{lookup_name}' (the database holds only ciphertext). Allowed: {_ALLOWED}."
    )


class _EmptyOnlyExact(Exact):
    """`field=""` (and `field=None`, which Django turns into isnull); never a real value."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise _refused(self.lhs.output_field, "exact")
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    description = _("Text, stored encrypted")

    def __init__(self, *args: Any, aad_label: str | None = None, **kwargs: Any) -> None:
        self.aad_label = aad_label
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.aad_label is not None:
            kwargs["aad_label"] = self.aad_label
        return name, path, args, kwargs

    @property
    def aad(self) -> str:
        """The associated data: the value's place, so a token moved elsewhere fails."""
        return self.aad_label or f"{self.model._meta.db_table}.{self.column}"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value, aad=self.aad)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value, aad=self.aad)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _EmptyOnlyExact
        raise _refused(self, lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        raise _refused(self, lookup_name)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        for flag in ("primary_key", "unique", "db_index"):
            if getattr(self, flag if flag != "unique" else "_unique"):
                errors.append(
                    checks.Error(
                        f"An encrypted field cannot have {flag}=True: every write gets a "
                        "fresh random nonce, so equal values differ in the database.",
                        obj=self,
                        id="ankunft.E001",
                    )
                )
        return errors


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every encrypted field of every installed model, on the model whose table holds it."""
    return [
        (model, field.name)
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
        for field in model._meta.local_concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


# --- Key rotation (`ankunft rotate-keys`) ----------------------------------------------------


@dataclass
class Rotation:
    """What rotating one field did (or, in a dry run, would do)."""

    label: str
    total: int = 0  # values that are not empty
    current: int = 0  # already under the current key: left alone
    rotated: int = 0  # re-encrypted from an older key
    in_clear: int = 0  # stored before the field was encrypted: now encrypted
    changed: int = 0  # written by someone else during the run (so under the current key)
    unreadable: list[Any] = dataclass_field(default_factory=list)  # primary keys

    @property
    def rewritten(self) -> int:
        return self.rotated + self.in_clear


def rotate_field(
    model: type[models.Model],
    field_name: str,
    *,
    dry_run: bool = False,
    batch_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> Rotation:
    """Re-encrypt under the current key every value of one field that is not under it.

    Batches of `batch_size` rows in one transaction each (an interrupted run keeps what it
    did; running again is harmless). The key id is read from the raw column, so values under
    the current key are never decrypted. A row is only rewritten if its raw value is still
    the one read (a concurrent write already used the current key)."""
    field = model._meta.get_field(field_name)
    assert isinstance(field, EncryptedTextField)  # noqa: S101
    result = Rotation(f"{model._meta.label}.{field_name}")
    current = current_key_id()
    manager = model._base_manager
    raw = Cast(field_name, output_field=models.TextField())
    stored = manager.exclude(**{f"{field_name}__isnull": True}).exclude(**{field_name: ""})
    result.total = stored.count()
    last_pk: Any = None
    seen = 0
    while True:
        with transaction.atomic():
            batch = stored.annotate(raw_value=raw).order_by("pk")
            if last_pk is not None:
                batch = batch.filter(pk__gt=last_pk)
            rows = list(batch.values_list("pk", "raw_value")[:batch_size])
            for pk, value in rows:
                _rotate_value(
                    manager, field, pk, value, current=current, result=result, dry_run=dry_run
                )
        if not rows:
            break
        last_pk = rows[-1][0]
        seen += len(rows)
        if progress is not None:
            progress(min(seen, result.total), result.total)
    return result


def _rotate_value(
    manager: models.Manager[Any],
    field: EncryptedTextField,
    pk: Any,
    value: str,
    *,
    current: str,
    result: Rotation,
    dry_run: bool,
) -> None:
    if token_key_id(value) == current:
        result.current += 1
        return
    if is_token(value):
        try:
            plain = decrypt(value, aad=field.aad)
        except DecryptionError:
            result.unreadable.append(pk)
            return
    else:
        plain = value
    if not dry_run:
        raw = Cast(field.name, output_field=models.TextField())
        same = manager.alias(raw_value=raw).filter(pk=pk, raw_value=value)
        if not same.update(**{field.name: plain}):
            result.changed += 1
            return
    if is_token(value):
        result.rotated += 1
    else:
        result.in_clear += 1
