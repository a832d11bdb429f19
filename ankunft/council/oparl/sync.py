"""The bookkeeping of an OParl import: what exists, what changed, and how often.

`ObjectCache` loads a municipality's imported records once (by OParl id) so that a run
asks the database only to write; `upsert` saves a record only when a value differs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.db import models
from django.utils.translation import gettext as _

from ankunft.core.models import Municipality
from ankunft.council.models import (
    AgendaItem,
    Consultation,
    Decision,
    File,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from ankunft.council.models.base import OParlStamped

_M = TypeVar("_M", bound=models.Model)
STATUSES = ("created", "updated", "unchanged", "deleted")
KIND_ORDER: tuple[type[models.Model], ...] = (
    Organization,
    Person,
    Membership,
    Location,
    Meeting,
    AgendaItem,
    Paper,
    File,
    Consultation,
    Decision,
)
# The kinds with an OParl id (decisions are looked up by their consultation).
_CACHED: tuple[type[OParlStamped], ...] = tuple(
    model for model in KIND_ORDER if issubclass(model, OParlStamped)
)


class Stats:
    """Counts per model and status ("created", "updated", "unchanged", "deleted")."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()

    def add(self, model: type[models.Model], status: str) -> None:
        self.counts[(model._meta.model_name or "", status)] += 1

    def get(self, model: type[models.Model], status: str) -> int:
        return self.counts[(model._meta.model_name or "", status)]

    def total(self) -> dict[str, int]:
        return {s: sum(n for (_m, st), n in self.counts.items() if st == s) for s in STATUSES}

    def rows(self) -> list[tuple[str, dict[str, int]]]:
        """(verbose plural name, counts) per kind of record, in a fixed order."""
        return [
            (str(model._meta.verbose_name_plural), {s: self.get(model, s) for s in STATUSES})
            for model in KIND_ORDER
        ]


# (owner model, relation) → (owner column, target column) of the through table
_M2M: dict[tuple[type[models.Model], str], tuple[str, str]] = {
    (Meeting, "organizations"): ("meeting", "organization"),
    (Paper, "originators"): ("paper", "organization"),
    (Paper, "related_papers"): ("from_paper", "to_paper"),
}


class ObjectCache:
    """A municipality's records with an OParl id, loaded once per run."""

    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        self.by_oparl: dict[type[models.Model], dict[str, Any]] = {}
        self.papers_by_pk: dict[int, Paper] = {}
        self.decisions: dict[int, Decision] = {}
        self.m2m: dict[tuple[type[models.Model], str], dict[int, set[int]]] = {}
        self.created: set[tuple[type[models.Model], int]] = set()

    def load(self) -> None:
        for model in _CACHED:
            qs = model.objects.for_municipality(self.municipality.pk).exclude(oparl_id="")
            self.by_oparl[model] = {obj.oparl_id: obj for obj in qs}
        self.papers_by_pk = {p.pk: p for p in self.by_oparl[Paper].values()}
        self.decisions = {
            d.consultation_id: d
            for d in Decision.objects.for_municipality(self.municipality.pk).filter(
                consultation__isnull=False
            )
            if d.consultation_id is not None
        }
        for (owner_model, attr), (owner, target) in _M2M.items():
            through = getattr(owner_model, attr).through
            links: dict[int, set[int]] = {}
            rows = through.objects.filter(**{f"{owner}__municipality": self.municipality})
            for owner_id, target_id in rows.values_list(f"{owner}_id", f"{target}_id"):
                links.setdefault(owner_id, set()).add(target_id)
            self.m2m[(owner_model, attr)] = links

    def known(self, model: type[models.Model], oparl_id: str) -> bool:
        return oparl_id in self.by_oparl.get(model, {})

    def get(self, model: type[_M], oparl_id: str) -> _M | None:
        return cast("_M | None", self.by_oparl.setdefault(model, {}).get(oparl_id))

    def by_pk(self, model: type[Paper], pk: int) -> Paper:
        return self.papers_by_pk[pk]

    def add(self, model: type[models.Model], obj: Any) -> None:
        self.by_oparl.setdefault(model, {})[obj.oparl_id] = obj
        self.created.add((model, obj.pk))
        if isinstance(obj, Paper):
            self.papers_by_pk[obj.pk] = obj

    def decision_for(self, consultation: Consultation) -> Decision | None:
        return self.decisions.get(consultation.pk)

    def remember_decision(self, consultation: Consultation, decision: Decision) -> None:
        self.decisions[consultation.pk] = decision

    def forget_decision(self, consultation: Consultation) -> None:
        self.decisions.pop(consultation.pk, None)

    def set_m2m(
        self, stats: Stats, obj: models.Model, attr: str, targets: Sequence[models.Model]
    ) -> None:
        """Set a many-to-many relation when it differs; count the owner as updated."""
        model = type(obj)
        links = self.m2m.setdefault((model, attr), {})
        wanted = {t.pk for t in targets}
        previous = links.get(obj.pk, set())
        if previous == wanted:
            return
        links[obj.pk] = wanted
        if (model, obj.pk) in self.created and not previous:
            # A record of this run has no links yet: one INSERT instead of set()'s three.
            owner, target = _M2M[(model, attr)]
            through = getattr(model, attr).through
            through.objects.bulk_create(
                [
                    through(
                        municipality_id=self.municipality.pk,
                        **{f"{owner}_id": obj.pk, f"{target}_id": pk},
                    )
                    for pk in wanted
                ]
            )
            return
        getattr(obj, attr).set(targets)
        if (model, obj.pk) not in self.created:
            stats.add(model, "updated")


def _normalise(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Foreign keys as their `_id` column; strings cut to the column's length."""
    result: dict[str, Any] = {}
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.ForeignKey):
            result[model_field.attname] = value.pk if value is not None else None
            continue
        max_length: int = getattr(model_field, "max_length", None) or 0
        too_long = isinstance(value, str) and 0 < max_length < len(value)
        result[name] = value[: max_length - 1] + "…" if too_long else value
    return result


def upsert(
    cache: ObjectCache,
    stats: Stats,
    model: type[_M],
    oparl_id: str,
    values: dict[str, Any],
    *,
    only_create: bool = False,
) -> tuple[_M, str]:
    """Create the record with this OParl id, or update the fields that differ.

    `only_create` leaves an existing record as it is (placeholders for referenced objects
    must not overwrite what a real object said). Returns the record and its status.
    """
    data = _normalise(model, values)
    existing = cache.get(model, oparl_id)
    if existing is None:
        obj = model(municipality=cache.municipality, oparl_id=oparl_id, **data)
        obj.save()
        cache.add(model, obj)
        stats.add(model, "created")
        return obj, "created"
    if only_create:
        return existing, "unchanged"
    changed = [name for name, value in data.items() if getattr(existing, name) != value]
    if not changed:
        stats.add(model, "unchanged")
        return existing, "unchanged"
    for name in changed:
        setattr(existing, name, data[name])
    existing.save(update_fields=changed)
    stats.add(model, "updated")
    return existing, "updated"


def upsert_many(
    cache: ObjectCache, stats: Stats, model: type[_M], rows: Sequence[tuple[str, dict[str, Any]]]
) -> dict[str, _M]:
    """`upsert` for many records at once: the new ones in one INSERT (a meeting's agenda
    items and files). Rows with the same OParl id are merged. Returns the records by id."""
    merged: dict[str, dict[str, Any]] = {}
    for oparl_id, values in rows:
        merged.setdefault(oparl_id, {}).update(values)
    result: dict[str, _M] = {}
    new: list[_M] = []
    for oparl_id, values in merged.items():
        if cache.get(model, oparl_id) is None:
            data = _normalise(model, values)
            new.append(model(municipality=cache.municipality, oparl_id=oparl_id, **data))
        else:
            result[oparl_id], _status = upsert(cache, stats, model, oparl_id, values)
    if new:
        model._default_manager.bulk_create(new)
        for obj in new:
            cache.add(model, obj)
            stats.add(model, "created")
            result[str(getattr(obj, "oparl_id", ""))] = obj
    return result


@dataclass
class ImportReport:
    """What a run did, per kind of record, and the errors of the objects it skipped."""

    stats: Stats = field(default_factory=Stats)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    papers_seen: int = 0
    requests: int = 0
    source_failed: bool = False  # the source itself could not be read (one error)

    def summary(self) -> str:
        total = self.stats.total()
        return _(
            "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(deleted)s marked deleted, %(errors)s errors"
        ) % {
            "created": total["created"],
            "updated": total["updated"],
            "unchanged": total["unchanged"],
            "deleted": total["deleted"],
            "errors": len(self.errors),
        }
