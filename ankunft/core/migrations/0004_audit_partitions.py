"""PostgreSQL: partition the audit table by month of `at` (declarative partitioning).

The table is rebuilt as `PARTITION BY RANGE (at)` with the primary key `(id, at)` (a
partitioned table's keys must include the partition key), a default partition so that no
entry is lost when a month has no partition yet, and partitions for this month and the
next ones (`ankunft audit-partitions` creates more). Existing entries are copied over;
indexes, foreign keys and the append-only trigger are recreated on the new table. `id`
keeps its own sequence (identity columns on partitioned tables need PostgreSQL 17).

SQLite and other engines: nothing changes. Migrating back leaves the table partitioned
(a partitioned table serves the earlier schema as well).
"""

from __future__ import annotations

import importlib

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

_append_only = importlib.import_module("ankunft.core.migrations.0002_audit_append_only")

OLD = "core_auditentry_unpartitioned"


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from ankunft.core import audit_db  # noqa: PLC0415

    if audit_db.is_partitioned(connection):
        # Migrated back and forth: the table stays partitioned (the backward step keeps it).
        return
    with connection.cursor() as cur:
        cur.execute("DROP TRIGGER IF EXISTS core_auditentry_no_change ON core_auditentry")
        cur.execute(f"ALTER TABLE core_auditentry RENAME TO {OLD}")
        # Index and foreign-key definitions of the old table, to recreate them by name.
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')",
            [OLD],
        )
        indexes = cur.fetchall()
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [OLD],
        )
        foreign_keys = cur.fetchall()
        cur.execute(
            f"CREATE TABLE core_auditentry (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            " PARTITION BY RANGE (at)"
        )
        cur.execute(
            "CREATE TABLE core_auditentry_default PARTITION OF core_auditentry DEFAULT"
        )
    audit_db.ensure_partitions(connection, months=3)
    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {OLD}")
        last_id = cur.fetchone()[0]
        cur.execute(f"INSERT INTO core_auditentry SELECT * FROM {OLD}")
        cur.execute(f"DROP TABLE {OLD}")
        cur.execute("CREATE SEQUENCE core_auditentry_id_seq OWNED BY core_auditentry.id")
        if last_id:
            cur.execute("SELECT setval('core_auditentry_id_seq', %s)", [last_id])
        cur.execute(
            "ALTER TABLE core_auditentry ALTER COLUMN id "
            "SET DEFAULT nextval('core_auditentry_id_seq')"
        )
        cur.execute(
            "ALTER TABLE core_auditentry ADD CONSTRAINT core_auditentry_pkey PRIMARY KEY (id, at)"
        )
        for name, definition in foreign_keys:
            cur.execute(f'ALTER TABLE core_auditentry ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            cur.execute(definition.replace(f"public.{OLD} ", "public.core_auditentry "))
    _append_only.forward(apps, schema_editor)


class Migration(migrations.Migration):
    # The rebuild is one transaction: all or nothing.
    atomic = True
    dependencies = [("core", "0003_audit_subject_key")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
