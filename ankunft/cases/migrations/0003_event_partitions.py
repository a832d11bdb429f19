"""PostgreSQL: partition the case events by month of `at`, as the audit table (core 0004).

20 million events in a state: the table is rebuilt as `PARTITION BY RANGE (at)` with the
primary key `(id, at)` (a partitioned table's keys must include the partition key), a
default partition so that no event is lost when a month has no partition yet, and one
partition for every month from the oldest event to three months ahead (`ankunft
audit-partitions` creates the coming ones). Existing events are copied over with their ids;
indexes and foreign keys are recreated by name; `id` keeps a sequence of its own. No table
has a foreign key to the events (checked: only the events point to cases, users and
municipalities), so nothing else changes.

Backwards the table becomes a plain one again (same rows, same ids). SQLite and other
engines: nothing changes.
"""

from __future__ import annotations

import datetime as dt

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "cases_caseevent"
OLD = "cases_caseevent_old"


def _definitions(cur, table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """The table's indexes (but the primary key) and foreign keys, to recreate them."""
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')",
        [table],
    )
    indexes = cur.fetchall()
    cur.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    return indexes, cur.fetchall()


def _rebuild(cur, *, partitioned: bool) -> int:  # type: ignore[no-untyped-def]
    """Rename the table away, create the new one (partitioned or plain) with the old one's
    columns, return the last id. The caller copies the rows and finishes."""
    cur.execute(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    cur.execute(f"ALTER SEQUENCE IF EXISTS {TABLE}_id_seq RENAME TO {OLD}_id_seq")
    how = " PARTITION BY RANGE (at)" if partitioned else ""
    cur.execute(f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS){how}")
    cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {OLD}")
    return int(cur.fetchone()[0])


def _finish(cur, last_id: int, primary_key: str, indexes, foreign_keys) -> None:  # type: ignore[no-untyped-def]
    cur.execute(f"INSERT INTO {TABLE} SELECT * FROM {OLD}")  # noqa: S608 - constants
    # The old table's id default used its sequence (identity or serial): a new one of ours.
    cur.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id DROP DEFAULT")
    cur.execute(f"DROP TABLE {OLD} CASCADE")
    cur.execute(f"DROP SEQUENCE IF EXISTS {OLD}_id_seq")
    cur.execute(f"CREATE SEQUENCE {TABLE}_id_seq OWNED BY {TABLE}.id")
    if last_id:
        cur.execute(f"SELECT setval('{TABLE}_id_seq', %s)", [last_id])
    cur.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')")
    cur.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY ({primary_key})")
    for name, definition in foreign_keys:
        cur.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
    for _name, definition in indexes:
        # A partitioned table's definitions say "ON ONLY": the plain table takes them as well.
        cur.execute(definition.replace(" ON ONLY ", " ON "))


def _partitioned(connection) -> bool:  # type: ignore[no-untyped-def]
    from ankunft.core import audit_db  # noqa: PLC0415

    return audit_db.is_partitioned(connection, TABLE)


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or _partitioned(connection):
        return
    from ankunft.core import audit_db  # noqa: PLC0415

    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        indexes, foreign_keys = _definitions(cur, TABLE)
        cur.execute(f"SELECT MIN(at) FROM {TABLE}")  # noqa: S608 - constant
        oldest = cur.fetchone()[0]
        last_id = _rebuild(cur, partitioned=True)
        cur.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
    today = dt.datetime.now(dt.UTC).date()
    first = oldest.astimezone(dt.UTC).date() if oldest else today
    months = (today.year - first.year) * 12 + today.month - first.month + 4
    audit_db.ensure_partitions(connection, months=months, start=first, table=TABLE)
    with connection.cursor() as cur:
        _finish(cur, last_id, "id, at", indexes, foreign_keys)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or not _partitioned(connection):
        return
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        indexes, foreign_keys = _definitions(cur, TABLE)
        last_id = _rebuild(cur, partitioned=False)
        _finish(cur, last_id, "id", indexes, foreign_keys)


class Migration(migrations.Migration):
    # The rebuild is one transaction: all or nothing.
    atomic = True
    dependencies = [("cases", "0002_case_version"), ("core", "0004_audit_partitions")]
    operations = [migrations.RunPython(forward, backward)]
