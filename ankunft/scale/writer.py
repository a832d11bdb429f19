"""Bulk writing of generated rows: COPY on PostgreSQL, executemany on SQLite.

Rows are tuples in the order of the column list the generator names (`write(model, fields,
rows)`); every other concrete column gets its model default, so a column added later with a
default (or a changed primary key) does not break the generator. Ids are assigned by the
generator (`ids()`, from the table's current maximum), the sequences are set afterwards
(`finish()`).

For speed on PostgreSQL the writer (as superuser) sets `session_replication_role = replica`
while it copies, which skips the foreign-key triggers (the generator's ids are consistent
by construction), and `without_indexes()` drops the secondary indexes of the big tables and
builds them again after the load (one sorted build is much faster than 20 million inserts
into five B-trees).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TextIO

from django.db import connection, models
from django.utils import timezone

BATCH = 5000  # rows per executemany on SQLite


class Progress:
    """A one-line progress bar on stderr: table, rows written, rows per second."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.started = time.perf_counter()
        self.totals: dict[str, int] = {}
        self._last = 0.0

    def add(self, table: str, rows: int, *, expected: int = 0) -> None:
        self.totals[table] = self.totals.get(table, 0) + rows
        now = time.perf_counter()
        if self.quiet or now - self._last < 0.5:  # noqa: PLR2004 - redraw twice a second
            return
        self._last = now
        done = self.totals[table]
        bar = ""
        if expected:
            filled = min(20, int(20 * done / expected))
            bar = f"[{'#' * filled}{'.' * (20 - filled)}] "
        total = sum(self.totals.values())
        elapsed = now - self.started
        self.stream.write(
            f"\r{bar}{table}: {done:,} rows · {total:,} in all · {elapsed:,.0f} s "
            f"({total / max(elapsed, 1e-6):,.0f} rows/s)   "
        )
        self.stream.flush()

    def note(self, text: str) -> None:
        if not self.quiet:
            elapsed = time.perf_counter() - self.started
            self.stream.write(f"\r\033[K{text} ({elapsed:,.0f} s)\n")
            self.stream.flush()


def _default(field: models.Field[Any, Any]) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    if field.has_default():
        value = field.get_default()
    elif field.null:
        return None
    elif isinstance(field, models.CharField | models.TextField):
        value = ""
    elif isinstance(field, models.BooleanField):
        value = False
    else:
        raise ValueError(f"{field.model.__name__}.{field.name} needs a value (no default)")
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    return value


class Writer:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.pg = connection.vendor == "postgresql"
        self._next: dict[str, int] = {}
        self._written: set[type[models.Model]] = set()

    # ids -----------------------------------------------------------------------------
    def ids(self, model: type[models.Model], n: int) -> int:
        """Reserve `n` ids of `model`'s table; returns the first."""
        table = model._meta.db_table
        if table not in self._next:
            pk = _pk_column(model)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT MAX({pk}) FROM {table}")  # noqa: S608 - model names
                self._next[table] = (cursor.fetchone()[0] or 0) + 1
        first = self._next[table]
        self._next[table] += n
        return first

    # rows ----------------------------------------------------------------------------
    def write(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        expected: int = 0,
    ) -> int:
        """Write `rows` (values of `fields`, by field name; "id" for the primary key)."""
        meta = model._meta
        named, rest, columns = _columns(model, fields)
        constant = tuple(_default(f) for f in rest)
        self._written.add(model)
        table = meta.db_table
        if self.pg:
            return self._copy(table, columns, rows, constant, expected)
        adapt = [_sqlite_adapter(f) for f in named]
        constant = tuple(_sqlite_adapter(f)(v) for f, v in zip(rest, constant, strict=True))
        return self._insert(table, columns, rows, constant, adapt, expected)

    def insert_select(
        self, model: type[models.Model], fields: Sequence[str], select: str, params: dict[str, Any]
    ) -> int:
        """`INSERT INTO table (fields…) SELECT …` computed by the database itself (PostgreSQL:
        rows derived from rows already written, e.g. the events of the cases); the other
        columns get their defaults as in `write()`. `select` must end its select list with
        `{rest}`, where the defaults go."""
        meta = model._meta
        _named, rest, columns = _columns(model, fields)
        for k, f in enumerate(rest):
            params[f"_rest{k}"] = _default(f)
        tail = "".join(f", %(_rest{k})s" for k in range(len(rest)))
        sql = f"INSERT INTO {meta.db_table} ({', '.join(columns)}) " + select.replace(
            "{rest}", tail
        )
        self._written.add(model)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            n = int(cursor.rowcount)
        self.progress.add(meta.db_table, n)
        return n

    def _copy(
        self,
        table: str,
        columns: list[str],
        rows: Iterable[Sequence[Any]],
        constant: tuple[Any, ...],
        expected: int,
    ) -> int:
        n = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with raw.copy(sql) as copy:
                for row in rows:
                    copy.write_row((*row, *constant))
                    n += 1
                    if n % 20000 == 0:
                        self.progress.add(table, 20000, expected=expected)
        self.progress.add(table, n % 20000, expected=expected)
        return n

    def _insert(  # noqa: PLR0917 - private, mirrors _copy
        self,
        table: str,
        columns: list[str],
        rows: Iterable[Sequence[Any]],
        constant: tuple[Any, ...],
        adapt: list[Any],
        expected: int,
    ) -> int:
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        n = 0
        with connection.cursor() as cursor:
            for batch in _chunks(rows, BATCH):
                data = [(*(a(v) for a, v in zip(adapt, r, strict=True)), *constant) for r in batch]
                cursor.executemany(sql, data)
                n += len(data)
                self.progress.add(table, len(data), expected=expected)
        return n

    # PostgreSQL speed-ups --------------------------------------------------------------
    @contextmanager
    def fast(self) -> Iterator[None]:
        """Skip the foreign-key triggers while copying (PostgreSQL, superuser only)."""
        if not self.pg or not _superuser():
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")

    @contextmanager
    def without_indexes(self, models_: Sequence[type[models.Model]]) -> Iterator[None]:
        """Drop the secondary (non-unique) indexes of these tables, build them afterwards."""
        if not self.pg or not models_:
            yield
            return
        tables = [m._meta.db_table for m in models_]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                "WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)",
                [tables],
            )
            dropped = cursor.fetchall()
            for name, _definition in dropped:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        self.progress.note(f"dropped {len(dropped)} secondary indexes for the load")
        try:
            yield
        finally:
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                for _name, definition in dropped:
                    # A partitioned table's index reads "ON ONLY": build it on every partition.
                    cursor.execute(definition.replace(" ON ONLY ", " ON "))
            self.progress.note(
                f"built {len(dropped)} indexes again in {time.perf_counter() - started:,.0f} s"
            )

    def finish(self, models_: Iterable[type[models.Model]] = ()) -> None:
        """Set the sequences past the generated ids; fresh statistics for the planner."""
        with connection.cursor() as cursor:
            for model in {*self._written, *models_}:
                table, pk = model._meta.db_table, _pk_column(model)
                if self.pg:
                    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
                    sequence = cursor.fetchone()[0]
                    if sequence:
                        cursor.execute(
                            f"SELECT setval(%s, COALESCE((SELECT MAX({pk}) FROM {table}), 1))",  # noqa: S608
                            [sequence],
                        )
                # Only the tables written: a database-wide ANALYZE costs seconds even when
                # little was written (the test's tiny preset).
                cursor.execute(f"ANALYZE {table}")


Field = models.Field[Any, Any]


def _pk_column(model: type[models.Model]) -> str:
    pk = model._meta.pk
    return str(pk.column if pk is not None else "id")


def _columns(
    model: type[models.Model], fields: Sequence[str]
) -> tuple[list[Field], list[Field], list[str]]:
    """The named fields, the other concrete ones (filled with defaults), and all columns."""
    meta = model._meta
    named: list[Field] = [
        meta.pk if f == "id" and meta.pk is not None else meta.get_field(f)  # type: ignore[misc]
        for f in fields
    ]
    rest: list[Field] = [
        f
        for f in meta.concrete_fields
        if f not in named and not (f.primary_key and isinstance(f, models.AutoField))
    ]
    return named, rest, [str(f.column) for f in named + rest]


def _superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


def _identity(value: Any) -> Any:
    return value


def _sqlite_adapter(field: models.Field[Any, Any]) -> Any:
    """SQLite stores datetimes, dates and decimals as Django writes them (text)."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return lambda v: ops.adapt_datetimefield_value(v) if isinstance(v, dt.datetime) else v
    if isinstance(field, models.DateField):
        return lambda v: ops.adapt_datefield_value(v) if isinstance(v, dt.date) else v
    if isinstance(field, models.DecimalField):
        return lambda v: str(v) if isinstance(v, Decimal) else v
    return _identity


def _chunks(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    batch: list[Sequence[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
