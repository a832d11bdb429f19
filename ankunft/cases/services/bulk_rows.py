"""Writing many new rows fast: ids from the database, then one COPY per table (PostgreSQL)
or one `executemany` (SQLite), without building a model instance per row.

The import writes about six records per row of a case list; `bulk_create` spends its time
preparing every value of every instance in Python (see docs/benchmarks.md). Here a row is a
dict of column values; each column is prepared by its model field only where the field
changes the value (JSON, encrypted text, …), defaults and `auto_now(_add)` are filled in
once per table, and the rows go to the database in one stream.

Ids come first, in the caller's transaction: on PostgreSQL from the table's sequence
(`SELECT nextval(…) FROM generate_series(1, n)`), so concurrent writers never collide; on
SQLite after the largest id (the transaction holds the write lock from its start: the
project opens SQLite transactions IMMEDIATE), past `sqlite_sequence` so that no deleted
id comes back. Database errors come as Django's (`IntegrityError` …).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

Row = dict[str, Any]
_MISSING = object()
# Exactly these field classes hand the drivers their Python value unchanged (subclasses
# may prepare theirs: they go through the field).
_PLAIN: frozenset[type[models.Field[Any, Any]]] = frozenset(
    {
        models.CharField, models.EmailField, models.SlugField, models.IntegerField,
        models.SmallIntegerField, models.BigIntegerField, models.PositiveIntegerField,
        models.PositiveSmallIntegerField, models.PositiveBigIntegerField, models.BooleanField,
        models.DateField, models.ForeignKey, models.AutoField, models.BigAutoField,
    }
)  # fmt: skip


def next_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` new ids of `model`'s table, reserved in the current transaction."""
    if n <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return [row[0] for row in cur.fetchall()]
        q = connection.ops.quote_name(table)
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {q}")  # noqa: S608 - a model's table
        last = int(cur.fetchone()[0])
        cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cur.fetchone()
        last = max(last, int(found[0]) if found else 0)
    return list(range(last + 1, last + 1 + n))


def _preparers(
    fields: Sequence[models.Field[Any, Any]],
) -> list[Callable[[Any], Any] | None]:
    """Per column: None where psycopg / sqlite3 take the Python value as it is, else the
    field's own preparation (JSON, encryption, time zones, …), exactly as `save()` does."""
    return [None if type(f) in _PLAIN else _prepare_with(f) for f in fields]


def _prepare_with(f: models.Field[Any, Any]) -> Callable[[Any], Any]:
    def prepare(value: Any) -> Any:
        return f.get_db_prep_save(value, connection)

    return prepare


def insert_rows(model: type[models.Model], rows: Iterable[Row], common: Row | None = None) -> int:
    """Insert `rows` (dicts by attribute name, `id` included) into `model`'s table.

    `common`: values the same for every row (prepared once). Missing columns take the
    field's default; `auto_now`/`auto_now_add` fields the time of this call. Returns the
    number of rows written."""
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    constant: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            constant[f.attname] = now
        elif f.has_default():
            constant[f.attname] = f.get_default()
        elif f.null:
            constant[f.attname] = None
        elif f.empty_strings_allowed:
            constant[f.attname] = ""
    constant.update(common or {})
    prepare = _preparers(fields)
    # Constant values are prepared once (encrypting "" or dumping [] a million times is waste).
    fixed = {
        f.attname: (v if prep is None or v is None else prep(v))
        for f, prep in zip(fields, prepare, strict=True)
        if (v := constant.get(f.attname, _MISSING)) is not _MISSING
    }
    plan = [(f.attname, prep) for f, prep in zip(fields, prepare, strict=True)]
    columns = [connection.ops.quote_name(str(f.column)) for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)

    def values(row: Row) -> tuple[Any, ...]:
        out = []
        for name, prep in plan:
            if name in row:
                value = row[name]
                out.append(value if prep is None or value is None else prep(value))
            else:
                out.append(fixed[name])
        return tuple(out)

    count = 0
    with connection.wrap_database_errors, connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(values(row))
                    count += 1
        else:
            data = [values(row) for row in rows]
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                data,
            )
            count = len(data)
    return count
