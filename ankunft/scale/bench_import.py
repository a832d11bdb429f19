"""The import hot path of `ankunft bench scale`: N case rows (the cases benchmark's CSV) into
the generated town, through the app's import (check, duplicate search against the town's
persons, store), beside its limit: a bare COPY of the same records it wrote (executemany on
SQLite) into tables of the same shape and indexes. All rolled back."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from ankunft.cases.benchmarks import copy_table_floor, csv_rows
from ankunft.cases.services import worklist_import as imp
from ankunft.core.models import Municipality, Role, User
from ankunft.scale.town import DISTRICTS

if TYPE_CHECKING:
    from ankunft.scale.benchmarks import Figure

TABLES = ("cases_person", "cases_namekey", "cases_case", "cases_caseevent", "core_auditentry")


def _max_ids() -> dict[str, int]:
    ids = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            ids[table] = int(cursor.fetchone()[0])
    return ids


def _floor(before: dict[str, int]) -> tuple[int, float]:
    """The records the import wrote, written again by the bare bulk path; seconds."""
    records, took = 0, 0.0
    with connection.cursor() as cursor:
        for table in TABLES:
            where = f"id > {int(before[table])}"
            if connection.vendor == "postgresql":
                n, seconds = copy_table_floor(cursor, table, where)
                records += n
                took += seconds
            else:
                cursor.execute(f"SELECT * FROM {table} WHERE {where}")  # noqa: S608
                rows = cursor.fetchall()
                records += len(rows)
                cursor.execute(f"CREATE TABLE floor_{table} AS SELECT * FROM {table} WHERE 0")  # noqa: S608
                if rows:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    started = time.perf_counter()
                    cursor.executemany(f"INSERT INTO floor_{table} VALUES ({marks})", rows)  # noqa: S608
                    took += time.perf_counter() - started
    return records, max(took, 1e-9)


def import_rows(m: Municipality, n: int) -> Figure:
    from ankunft.scale.benchmarks import Figure  # noqa: PLC0415 - the harness imports this

    worker: Any = User.objects.filter(municipality=m, role=Role.CASE_WORKER).order_by("pk").first()
    raw = csv_rows(n, worker.username).replace(b";Marxloh;", f";{DISTRICTS[0]};".encode())
    with transaction.atomic():
        before = _max_ids()
        started = time.perf_counter()
        result = imp.case_import(actor=None, municipality=m, source=raw, team=worker.team)
        seconds = time.perf_counter() - started
        records, floor = _floor(before)
        transaction.set_rollback(True)
    rate, limit = result.persons / seconds, result.persons / floor
    return Figure(
        f"import of {result.persons:,} case rows (rows/s)", rate, rate, limit, limit,
        "≥ 0.5× COPY rate", rate >= 0.5 * limit,
        f"{seconds:,.1f} s with check and duplicate search; the limit writes the same "
        f"{records:,} records in {floor:,.1f} s",
    )  # fmt: skip
