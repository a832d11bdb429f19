"""`ankunft generate`: realistic, clearly fictitious data at scale, fast.

Towns are written one after the other ("Beispielstadt 1" …), each in its own transaction:
small records through the modules' services (`scale.town`), offers through the directory's
bulk path (`scale.offers`), the bulk as generated tuples through COPY on PostgreSQL and
executemany on SQLite (`scale.writer`, `scale.people`). On PostgreSQL the big tables' secondary
indexes are built once after the load, the audit table gets its monthly partitions first
(`core.audit_db.ensure_partitions`) and the sequences are set past the generated ids.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.budget.models import Booking
from ankunft.cases.models import (
    Appointment,
    Case,
    CaseEvent,
    Consent,
    Goal,
    Household,
    NameKey,
    Need,
    Note,
    Person,
    Referral,
)
from ankunft.core import audit_db
from ankunft.core.audit import task_context
from ankunft.core.models import AuditEntry, Municipality
from ankunft.directory.models import OfferTag, OfferTranslation, OpeningHours, SearchDocument
from ankunft.scale import offers, people
from ankunft.scale.town import Town, create_town, slug_of
from ankunft.scale.writer import Progress, Writer

BIG = (Person, NameKey, Household, Case, CaseEvent, Need, Goal, Consent, Referral, Appointment,
       Note, AuditEntry, Booking, OfferTag, OfferTranslation, OpeningHours,
       SearchDocument)  # fmt: skip


REBUILD_FROM = 50_000  # persons


@dataclass(frozen=True)
class Preset:
    municipalities: int
    persons: int
    events: int
    offers: int
    audit: int
    bookings: int


PRESETS = {
    "tiny": Preset(2, 50, 400, 12, 200, 40),
    "small": Preset(1, 20_000, 200_000, 2_000, 200_000, 10_000),
    "medium": Preset(10, 200_000, 2_000_000, 20_000, 2_000_000, 100_000),
    "state": Preset(54, 2_000_000, 20_000_000, 100_000, 5_000_000, 540_000),
}


def resolve(name: str | None, **overrides: int | None) -> Preset:
    """A preset (default: small) with the numbers given on the command line replacing its own;
    events, audit and bookings follow the persons unless given."""
    base = PRESETS[name or "small"]
    given = {k: v for k, v in overrides.items() if v is not None}
    for key, value in given.items():
        minimum = 1 if key in {"municipalities", "persons"} else 0
        if value < minimum:
            raise ValueError(
                _("--%(name)s must be at least %(minimum)s.") % {"name": key, "minimum": minimum}
            )
    if "persons" in given and name is None:
        n = given["persons"]
        base = replace(base, persons=n, events=n * 10, audit=n * 3, bookings=max(10, n // 5))
        base = replace(base, offers=max(12, min(base.offers, n // 10)))
    return replace(base, **given)


def _share(total: int, parts: int, k: int) -> int:
    return total // parts + (1 if k < total % parts else 0)


def _bookings(w: Writer, town: Town, count: int, rng: random.Random) -> None:
    m, lines = town.municipality.pk, town.budget_lines
    today = timezone.localdate()
    rows = []
    for i in range(count):
        line = lines[i % len(lines)]
        day = dt.date(line.year, 1 + rng.randrange(12), 1 + rng.randrange(28))
        if day > today:
            continue
        amount = Decimal(rng.randrange(5_000, 500_000)) / 100
        rows.append((m, f"BSP{town.index}-{i:07d}", day, amount, "501200", "Entgelt", line.pk))
    w.write(Booking, ["municipality", "booking_id", "date", "amount", "account", "text",
                      "budget_line"], rows)  # fmt: skip


def finish(w: Writer) -> None:
    """Sequences and statistics of the tables written. The directory's tables were written
    through its bulk path (the ORM), not the writer: they need fresh statistics too (without
    them the report's referrals by field of action took 21 s instead of 15 ms at the state
    preset, with a plan made for an empty tag table)."""
    w.finish([*BIG, *apps.get_app_config("directory").get_models()])


def generate(preset: Preset, *, progress: Progress, seed: int = 13) -> dict[str, Any]:
    """Write the preset's towns; returns counts and seconds."""
    started = time.perf_counter()
    today = timezone.localdate()
    w = Writer(progress)
    first = Municipality.objects.filter(slug__startswith="beispielstadt-").count() + 1
    audit_db.ensure_partitions(
        connection, months=14, start=today.replace(day=1) - dt.timedelta(days=366)
    )
    # Other tables partitioned by month (case events, when the cases module partitions
    # them): partitions for the cases' whole span, or every row lands in the default one.
    for table in getattr(audit_db, "PARTITIONED", []):
        audit_db.ensure_partitions(
            connection, months=12 * people.YEARS_BACK + 2, table=table,
            start=today.replace(day=1) - dt.timedelta(days=366 * people.YEARS_BACK),
        )  # fmt: skip
    n = preset.municipalities
    # Dropping and building the indexes again pays only for big loads.
    rebuild = preset.persons >= REBUILD_FROM
    with task_context("generate"), w.fast(), w.without_indexes(BIG if rebuild else ()):
        for k in range(n):
            index = first + k
            rng = random.Random(seed * 1000 + index)  # noqa: S311 - fictitious data
            with transaction.atomic():
                town = create_town(index, _share(preset.persons, n, k), today=today)
                offers.create(town, _share(preset.offers, n, k), rng)
                plan = people.Plan(
                    town=town, today=today, events=_share(preset.events, n, k),
                    audit=_share(preset.audit, n, k), rng=rng,
                    tz=timezone.get_current_timezone(),
                )  # fmt: skip
                people.persons(w, plan)
                people.events(w, plan)
                people.details(w, plan)
                people.audit(w, plan)
                _bookings(w, town, _share(preset.bookings, n, k), rng)
            progress.note(f"{town.municipality.name} ({slug_of(index)}): {town.persons:,} persons")
    finish(w)
    return {"rows": sum(progress.totals.values()), "seconds": time.perf_counter() - started,
            "tables": dict(progress.totals)}  # fmt: skip
