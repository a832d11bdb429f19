"""Backup and restore of a whole installation: the database and the uploaded files.

A backup is one `.tar` file: `manifest.json` (engine, time, version, and per table its row
count and a checksum of its rows), the database (`database.sqlite3` made with SQLite's
online backup API, or `database.pgdump` from `pg_dump --format=custom`) and the private
files (case attachments, `files/`). `restore` puts both back into the configured database
and folder, then recomputes every table's count and checksum against the manifest, so a
restore that lost or changed a row does not pass silently.

The checksum of a table is SHA-256 over its rows in primary-key order, each row written as
its column values' text. It compares one engine with itself (a backup restored on the same
engine); values are not normalised across engines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils.translation import gettext as _

from ankunft import __version__

FORMAT = 1
MANIFEST = "manifest.json"
FILES_DIR = "files"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (translated)."""


@dataclass(frozen=True)
class TableCheck:
    name: str
    rows: int
    checksum: str


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    # PostgreSQL lists the audit log's partitions too; the parent already holds their rows.
    return sorted(n for n in names if "_p20" not in n)


def _order_by(table: str) -> str:
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        pk = connection.introspection.get_primary_key_column(cursor, table)
    keys = [pk] if pk else columns
    return ", ".join(connection.ops.quote_name(c) for c in keys)


def table_checks(tables: list[str] | None = None) -> dict[str, TableCheck]:
    """Row count and checksum of every table (or of the given ones)."""
    result = {}
    for table in tables if tables is not None else _tables():
        digest = hashlib.sha256()
        rows = 0
        quoted = connection.ops.quote_name(table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {_order_by(table)}")  # noqa: S608
            while batch := cursor.fetchmany(2000):
                for row in batch:
                    digest.update(repr(tuple(_plain(v) for v in row)).encode())
                    rows += 1
        result[table] = TableCheck(table, rows, digest.hexdigest())
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _files_root() -> Path:
    from django.core.files.storage import storages  # noqa: PLC0415

    return Path(storages["private"].location)  # type: ignore[attr-defined]


def _db() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict[str, Any]) -> list[str]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return [*args, "-d", str(db["NAME"])]


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(_("%(tool)s is not installed on this machine.") % {"tool": tool})
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": tool, "error": done.stderr.strip()[:500]}
        )


def _dump_database(work: Path) -> str:
    db = _db()
    if connection.vendor == "sqlite":
        target = work / "database.sqlite3"
        connection.ensure_connection()
        source = connection.connection
        with sqlite3.connect(target) as copy:
            source.backup(copy)  # consistent even while the app writes
        return target.name
    if connection.vendor == "postgresql":
        target = work / "database.pgdump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", *_pg_args(db), "-f", str(target)],
            _pg_env(db),
        )
        return target.name
    raise BackupError(_("Backups support SQLite and PostgreSQL only."))


def backup(path: Path, *, progress: Callable[[str], None] = lambda _m: None) -> dict[str, Any]:
    """Write a backup of the database and the private files to `path` (a .tar file)."""
    if path.exists():
        raise BackupError(_("%(path)s exists already; choose a new file.") % {"path": path})
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        progress(_("Checking the tables…"))
        checks = table_checks()
        progress(_("Copying the database…"))
        database = _dump_database(work)
        manifest = {
            "format": FORMAT,
            "engine": connection.vendor,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "version": __version__,
            "database": database,
            "tables": {t.name: {"rows": t.rows, "sha256": t.checksum} for t in checks.values()},
        }
        progress(_("Writing %(path)s…") % {"path": path})
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(work / database, arcname=database)
            if _files_root().exists():
                tar.add(_files_root(), arcname=FILES_DIR)
        partial.replace(path)  # a crash leaves a .partial file, never a truncated backup
    return manifest


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError(_("This file is not an ankunft backup (no manifest)."))
    manifest: dict[str, Any] = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This backup has a format this version cannot read."))
    return manifest


def _is_empty() -> bool:
    tables = set(_tables())
    if "django_migrations" not in tables:
        return True
    with connection.cursor() as cursor:
        for table in ("core_municipality", "core_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return False
    return True


def _load_database(work: Path, manifest: dict[str, Any]) -> None:
    db = _db()
    dump = work / manifest["database"]
    if connection.vendor == "sqlite":
        connections.close_all()
        with sqlite3.connect(dump) as source, sqlite3.connect(str(db["NAME"])) as target:
            source.backup(target)
        return
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *_pg_args(db),
            str(dump),
        ],
        _pg_env(db),
    )


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for m in tar.getmembers():
        if not m.name.startswith(f"{FILES_DIR}/") or not (m.isfile() or m.isdir()):
            continue
        if ".." in Path(m.name).parts or Path(m.name).is_absolute():
            raise BackupError(
                _("The backup holds a file outside its folder: %(name)s") % {"name": m.name}
            )
        members.append(m)
    return members


def restore(
    path: Path, *, force: bool = False, progress: Callable[[str], None] = lambda _m: None
) -> list[str]:
    """Restore a backup into the configured database and files folder.

    Refuses a database that holds data unless `force`. Returns the tables whose count or
    checksum differ from the manifest (empty: the restore is exact).
    """
    if not path.is_file():
        raise BackupError(_("%(path)s does not exist.") % {"path": path})
    if not tarfile.is_tarfile(path):
        raise BackupError(_("This file is not an ankunft backup."))
    with tarfile.open(path, "r") as tar, tempfile.TemporaryDirectory() as tmp:
        manifest = _read_manifest(tar)
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                _("The backup was made on %(engine)s; this installation runs %(here)s.")
                % {"engine": manifest["engine"], "here": connection.vendor}
            )
        if not force and not _is_empty():
            raise BackupError(
                _("The database holds data. Restore into an empty database, or pass --force.")
            )
        work = Path(tmp)
        tar.extract(manifest["database"], work, filter="data")
        progress(_("Restoring the database…"))
        _load_database(work, manifest)
        progress(_("Restoring the files…"))
        files = _safe_members(tar)
        if files:
            root = _files_root()
            if root.exists():
                shutil.rmtree(root)
            tar.extractall(work, members=files, filter="data")
            shutil.copytree(work / FILES_DIR, root)
    progress(_("Comparing every table with the backup…"))
    expected = manifest["tables"]
    got = table_checks([t for t in expected if t in set(_tables())])
    return sorted(
        t
        for t, want in expected.items()
        if t not in got or (got[t].rows, got[t].checksum) != (want["rows"], want["sha256"])
    )
