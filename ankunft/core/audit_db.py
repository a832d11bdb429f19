"""The audit table on PostgreSQL: monthly partitions and the application's role.

Both are PostgreSQL only and run as the owner role (migrations, `ankunft audit-partitions`,
`ankunft db-roles`). SQLite has neither roles nor partitions; there the ORM guard and a
trigger keep the log append-only.

- **Partitions.** `core_auditentry` is partitioned by range of `at`, one partition a month
  (`core_auditentry_y2026m12`), plus a default partition so that no entry is ever lost when
  a month's partition is missing. `ensure_partitions()` creates the coming months'
  partitions; rows that already landed in the default partition for such a month are
  moved into the new partition first.
- **Other tables.** The same scheme serves other large tables partitioned by time
  (`cases_caseevent`, listed in `PARTITIONED`); `table=` names them.
- **Roles.** `grant_app_role()` gives the application's role data changes on every table
  but only INSERT and SELECT on the audit table and its partitions (and USAGE on the
  sequences), plus default privileges for tables the owner creates later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

TABLE = "core_auditentry"
DEFAULT_PARTITION = f"{TABLE}_default"
#: Further tables partitioned by month the same way, whose partitions `ankunft
#: audit-partitions` creates too (modules add theirs in `AppConfig.ready`: core may not
#: import them). Only the audit table is append-only and restricted for the app's role.
PARTITIONED: list[str] = []
_PARTITION = re.compile(rf"^{TABLE}_y(\d{{4}})m(\d{{2}})$")
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# SQL below interpolates only quoted identifiers built from these constants, validated role
# names and month bounds computed here; values go as parameters.


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def partition_name(month: dt.date, table: str = TABLE) -> str:
    return f"{table}_y{month.year:04d}m{month.month:02d}"


def months_ahead(start: dt.date, months: int) -> list[dt.date]:
    """The first days of `months` months from `start`'s month on (at least this month)."""
    first = _month_start(start)
    result = [first]
    for _ in range(max(months, 1) - 1):
        result.append(_next_month(result[-1]))
    return result


def is_partitioned(connection: BaseDatabaseWrapper, table: str = TABLE) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass", [table])
        return cur.fetchone() is not None


def partitions(connection: BaseDatabaseWrapper, table: str = TABLE) -> list[str]:
    """Names of the table's partitions (default: the audit table's), the default one included."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
            [table],
        )
        return [row[0] for row in cur.fetchall()]


def _bounds(month: dt.date) -> tuple[str, str]:
    # Months in UTC: a partition holds [first day 00:00 UTC, next first day 00:00 UTC).
    return f"{month.isoformat()} 00:00:00+00", f"{_next_month(month).isoformat()} 00:00:00+00"


def role_exists(connection: BaseDatabaseWrapper, role: str) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        return cur.fetchone() is not None


def _quote(connection: BaseDatabaseWrapper, name: str) -> str:
    return connection.ops.quote_name(name)


def _restrict_audit_tables(
    connection: BaseDatabaseWrapper, role: str, tables: Sequence[str]
) -> None:
    q_role = _quote(connection, role)
    with connection.cursor() as cur:
        for table in tables:
            q = _quote(connection, table)
            cur.execute(f"REVOKE ALL ON {q} FROM {q_role}")
            cur.execute(f"GRANT SELECT, INSERT ON {q} TO {q_role}")


def ensure_partitions(
    connection: BaseDatabaseWrapper,
    *,
    months: int = 3,
    start: dt.date | None = None,
    app_role: str | None = None,
    table: str = TABLE,
) -> list[str]:
    """Create the partitions of `months` months from `start` (default: this month) on, of
    the audit table or another table partitioned the same way (`PARTITIONED`).

    Idempotent: existing partitions are left alone. Returns the names created. When the
    default partition already holds rows of such a month, they move into the new partition
    (the one place the append-only trigger is lifted, inside the same transaction).
    """
    if not is_partitioned(connection, table):
        return []
    start = start or timezone.now().astimezone(dt.UTC).date()
    existing = set(partitions(connection, table))
    created: list[str] = []
    for month in months_ahead(start, months):
        name = partition_name(month, table)
        if name in existing:
            continue
        low, high = _bounds(month)
        q_name, q_table = _quote(connection, name), _quote(connection, table)
        q_default = _quote(connection, f"{table}_default")
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT EXISTS (SELECT 1 FROM {q_default} WHERE at >= %s AND at < %s)",  # noqa: S608
                [low, high],
            )
            stranded = bool(cur.fetchone()[0])
            if not stranded:
                cur.execute(
                    f"CREATE TABLE {q_name} PARTITION OF {q_table} "
                    f"FOR VALUES FROM ('{low}') TO ('{high}')"
                )
            else:
                # Deferred foreign-key checks of this transaction would block the ALTERs.
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cur.execute(f"CREATE TABLE {q_name} (LIKE {q_table} INCLUDING DEFAULTS)")
                cur.execute(
                    f"INSERT INTO {q_name} SELECT * FROM {q_default} WHERE at >= %s AND at < %s",  # noqa: S608
                    [low, high],
                )
                cur.execute(f"ALTER TABLE {q_default} DISABLE TRIGGER USER")
                cur.execute(f"DELETE FROM {q_default} WHERE at >= %s AND at < %s", [low, high])  # noqa: S608
                cur.execute(f"ALTER TABLE {q_default} ENABLE TRIGGER USER")
                cur.execute(
                    f"ALTER TABLE {q_table} ATTACH PARTITION {q_name} "
                    f"FOR VALUES FROM ('{low}') TO ('{high}')"
                )
        created.append(name)
    if created and table == TABLE and app_role and role_exists(connection, app_role):
        _restrict_audit_tables(connection, app_role, created)
    return created


def grant_app_role(
    connection: BaseDatabaseWrapper,
    *,
    role: str,
    password: str | None = None,
    login: bool = True,
) -> bool:
    """Create (if missing) and grant the application's role. Returns whether it was created.

    Every table: SELECT, INSERT, UPDATE, DELETE (no TRUNCATE, no DDL: the role owns
    nothing). The audit table and its partitions: SELECT and INSERT only. Sequences: USAGE
    and SELECT. Default privileges give the same to tables and sequences the owner creates
    later; `ensure_partitions` restricts new audit partitions again.
    """
    if not _ROLE.match(role):
        raise ValueError(f"not a plain role name: {role!r}")
    q_role = _quote(connection, role)
    created = False
    with connection.cursor() as cur:
        if not role_exists(connection, role):
            options = "LOGIN" if login else "NOLOGIN"
            if password:
                cur.execute(f"CREATE ROLE {q_role} {options} PASSWORD %s", [password])
            else:
                cur.execute(f"CREATE ROLE {q_role} {options}")
            created = True
        elif password:
            cur.execute(f"ALTER ROLE {q_role} PASSWORD %s", [password])
        cur.execute("SELECT current_database(), current_schema()")
        database, schema = cur.fetchone()
        q_db, q_schema = _quote(connection, database), _quote(connection, schema)
        cur.execute(f"GRANT CONNECT, TEMPORARY ON DATABASE {q_db} TO {q_role}")
        cur.execute(f"GRANT USAGE ON SCHEMA {q_schema} TO {q_role}")
        cur.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {q_schema} TO {q_role}"
        )
        cur.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q_schema} TO {q_role}")
        cur.execute(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {q_schema} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {q_role}"
        )
        cur.execute(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {q_schema} "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {q_role}"
        )
    audit_tables = [TABLE, *(partitions(connection) if is_partitioned(connection) else [])]
    _restrict_audit_tables(connection, role, audit_tables)
    return created


def partition_of_row(connection: BaseDatabaseWrapper, pk: int, table: str = TABLE) -> str:
    """Which partition holds the row `pk` (for tests and the operator)."""
    q_table = _quote(connection, table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT tableoid::regclass::text FROM {q_table} WHERE id = %s", [pk])  # noqa: S608
        row = cur.fetchone()
    return str(row[0]) if row else ""


def month_of(name: str) -> dt.date | None:
    match = _PARTITION.match(name)
    return dt.date(int(match[1]), int(match[2]), 1) if match else None
