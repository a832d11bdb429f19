"""Data classification: every model field is not personal, personal or special category.

Each app declares its fields in `<app>/data_classes.py` as `FIELDS = {"Model": {...}}`;
this module gathers them into one register (shown to the data protection officer on the
"Register of fields" page) and gives each class its retention rule. A test fails when a
field has no class, so a new field cannot slip in unclassified.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DataClass(models.TextChoices):
    NOT_PERSONAL = "not_personal", _("not personal")
    PERSONAL = "personal", _("personal")
    # GDPR Art. 9: health, religion, ethnic origin, … (Besondere Kategorien)
    SPECIAL = "special", _("special category (GDPR Art. 9)")


@dataclass(frozen=True)
class RetentionRule:
    """How long data of a class is kept after its purpose ends, and what happens then."""

    keep_days: int | None
    then: str
    description: Promise


RETENTION: dict[DataClass, RetentionRule] = {
    DataClass.NOT_PERSONAL: RetentionRule(None, "keep", _("Kept; archived by the records rules.")),
    DataClass.PERSONAL: RetentionRule(
        3 * 365, "anonymise", _("Anonymised three years after the purpose ends (case closed).")
    ),
    DataClass.SPECIAL: RetentionRule(
        365, "delete", _("Deleted one year after the purpose ends (case closed).")
    ),
}

# Primary keys carry no personal information of their own.
_IMPLICIT = {"id": DataClass.NOT_PERSONAL}


def _app_is_ours(app_name: str) -> bool:
    return app_name.startswith(("ankunft.", "tests."))


@cache
def register() -> dict[str, dict[str, DataClass]]:
    """All declared classes, keyed by model label ("core.user") then field name."""
    result: dict[str, dict[str, DataClass]] = {}
    for config in apps.get_app_configs():
        if not _app_is_ours(config.name):
            continue
        if importlib.util.find_spec(f"{config.name}.data_classes") is None:
            continue
        module = importlib.import_module(f"{config.name}.data_classes")
        for model_name, fields in module.FIELDS.items():
            result[f"{config.label}.{model_name.lower()}"] = dict(fields)
    return result


def classified_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if _app_is_ours(m._meta.app_config.name) and not m._meta.auto_created
    ]


def field_class(model: type[models.Model] | models.Model, field_name: str) -> DataClass:
    """The class of one field; unclassified fields count as special, the safest guess."""
    if field_name in _IMPLICIT:
        return _IMPLICIT[field_name]
    return register().get(model._meta.label_lower, {}).get(field_name, DataClass.SPECIAL)


def model_fields(model: type[models.Model]) -> list[str]:
    """Concrete and many-to-many fields of a model, by name."""
    return [
        f.name
        for f in model._meta.get_fields()
        if ((f.concrete or f.many_to_many) and not f.auto_created) or f.name == "id"
    ]


def unclassified_fields() -> list[str]:
    """ "app.model.field" for every field of our models without a declared class."""
    missing: list[str] = []
    reg = register()
    for model in classified_models():
        declared = reg.get(model._meta.label_lower, {})
        missing.extend(
            f"{model._meta.label_lower}.{name}"
            for name in model_fields(model)
            if name not in declared and name not in _IMPLICIT
        )
    return missing


def is_personal(model: type[models.Model] | models.Model) -> bool:
    """Whether the model holds personal data, and so its reads and writes are audited."""
    declared = register().get(model._meta.label_lower, {})
    return any(c != DataClass.NOT_PERSONAL for c in declared.values())
