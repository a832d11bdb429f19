"""`ankunft drill kill-import`: each import killed with SIGKILL midway, then run again.

On a private PostgreSQL cluster (or `--database-url`, an empty PostgreSQL database): a
fresh installation with one municipality. For each import (OParl from a folder, bookings
from CSV, HSDS from JSON) the drill starts `ankunft <import>` in a subprocess and watches
PostgreSQL's `pg_stat_activity` until the import's transaction has written (it holds a
transaction id: `backend_xid`), lets it write a little longer, and kills it with SIGKILL.
Pass: once PostgreSQL has ended the killed session, no table holds one row more than
before (every table of the database is counted); the same import run again completes and
the data is all there.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.utils.translation import gettext as _

from ankunft.core.drills.pg_restart import private_cluster
from ankunft.core.drills.server import ankunft, production_env

OPARL_SAMPLE = Path(
    os.environ.get(
        "ANKUNFT_OPARL_SAMPLE",
        Path(__file__).resolve().parents[4] / "shared" / "data" / "karlsruhe-oparl-sample",
    )
)


@dataclass
class Import:
    name: str
    argv: list[str]
    table: str  # the table whose rows the import is about
    expected: int  # rows of it after a full run
    linger: float  # seconds to let it write after its first write


def bookings_csv(path: Path, rows: int) -> Path:
    lines = ["Buchungsdatum;Belegnummer;Sachkonto;Buchungstext;Betrag"]
    lines += [f"28.04.2022;D-{n:06d};501200;Entgelt {n};{n % 900 + 100},17" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def hsds_json(path: Path, services: int) -> Path:
    contents = [
        {
            "name": f"Sprachcafé {n}",
            "description": f"Offenes Sprachcafé Nummer {n} für Neuzugewanderte.",
            "organization": {"name": f"Verein {n % 40} e.V."},
        }
        for n in range(services)
    ]
    path.write_text(json.dumps({"contents": contents}), encoding="utf-8")
    return path


def _sqlite(url: str) -> str | None:
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None


def _counts(url: str) -> dict[str, int]:
    """Rows of every table of the database."""
    path = _sqlite(url)
    if path is not None:
        with closing(sqlite3.connect(path)) as lite:
            names = lite.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            count = 'SELECT count(*) FROM "{}"'
            return {n: int(lite.execute(count.format(n)).fetchone()[0]) for (n,) in names}
    with psycopg.connect(url, autocommit=True) as db:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            t: int(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])  # type: ignore[index]  # noqa: S608
            for t in tables
        }


def _writing(url: str) -> bool:
    """Whether another session holds an open write transaction: on PostgreSQL a backend
    with a transaction id (it has written), on SQLite the write lock (the app's transactions
    begin IMMEDIATE, so an open one holds it)."""
    path = _sqlite(url)
    if path is not None:
        with closing(sqlite3.connect(path, timeout=0, isolation_level=None)) as lite:
            try:
                lite.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return True
            lite.execute("ROLLBACK")
            return False
    with psycopg.connect(url, autocommit=True) as db:
        rows = db.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        ).fetchall()
    return bool(rows)


def _settled(url: str) -> bool:
    """The killed session's transaction is gone (PostgreSQL rolled it back when it saw the
    connection drop; SQLite's write lock died with the process)."""
    return not _writing(url)


def kill_midway(env: dict[str, str], url: str, job: Import, say: Callable[[str], None]) -> bool:
    before = _counts(url)
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "ankunft.cli", *job.argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    first_write = None
    while process.poll() is None:
        if first_write is None and _writing(url):
            first_write = time.monotonic()
        if first_write is not None and time.monotonic() - first_write >= job.linger:
            break
        time.sleep(0.02)
    if process.poll() is not None:
        say(
            _("  %(name)s finished before it could be killed: make it bigger.") % {"name": job.name}
        )
        return False
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = time.monotonic() - started
    for _i in range(200):
        if _settled(url):
            break
        time.sleep(0.05)
    after = _counts(url)
    left = {t: after[t] - before[t] for t in after if after[t] != before.get(t)}
    t = time.monotonic()
    ankunft(env, *job.argv)
    full = time.monotonic() - t
    final = _counts(url)
    complete = final[job.table] - before[job.table] == job.expected
    say(
        _(
            "  %(name)s: killed %(killed).1f s after its start, %(written).1f s after its "
            "first write; rows left behind: %(left)s; run again: %(rows)d rows of %(table)s "
            "in %(full).1f s (expected %(expected)d)."
        )
        % {
            "name": job.name,
            "killed": killed_at,
            "written": killed_at - ((first_write or started) - started),
            "left": left or 0,
            "rows": final[job.table] - before[job.table],
            "table": job.table,
            "full": full,
            "expected": job.expected,
        }
    )
    return not left and complete


def jobs(tmp: Path, *, papers: Path, bookings: int, services: int) -> list[Import]:
    paper_count = len(list((papers / "papers").glob("*.json")))
    return [
        Import(
            "OParl",
            ["import-oparl", str(papers), "--municipality", "drill"],
            "council_paper",
            paper_count,
            1.0,
        ),
        Import(
            "bookings",
            [
                "import-bookings",
                str(bookings_csv(tmp / "bookings.csv", bookings)),
                "--municipality",
                "drill",
                "--allow-unassigned",
                "--no-progress",
            ],
            "budget_booking",
            bookings,
            0.1,
        ),
        Import(
            "HSDS",
            [
                "directory-import-hsds",
                str(hsds_json(tmp / "hsds.json", services)),
                "--municipality",
                "drill",
                "--user",
                "drill-head",
                "--default-field",
                "participation",
            ],
            "directory_offer",
            services,
            1.0,
        ),
    ]


def prepare(env: dict[str, str]) -> None:
    ankunft(env, "migrate", "--noinput", "-v0")
    ankunft(env, "add-municipality", "Drillstadt", "--slug", "drill", "--languages", "de,en")
    ankunft(
        env, "createuser", "drill-head", "--role", "head_of_ki", "--municipality", "drill",
        "--password", "drill-Passwort-2026-lang",
    )  # fmt: skip


def run(
    url: str,
    say: Callable[[str], None],
    *,
    papers: Path = OPARL_SAMPLE,
    bookings: int = 20_000,
    services: int = 1_500,
) -> bool:
    with tempfile.TemporaryDirectory(prefix="ankunft-drill-") as tmp:
        env = production_env(Path(tmp), url)
        t = time.monotonic()
        prepare(env)
        say(_("Installation ready in %(s).0f s.") % {"s": time.monotonic() - t})
        results = [
            kill_midway(env, url, job, say)
            for job in jobs(Path(tmp), papers=papers, bookings=bookings, services=services)
        ]
    passed = all(results)
    say(_("PASSED") if passed else _("FAILED"))
    return passed


def drill(*, database_url: str | None, say: Callable[[str], None]) -> bool:
    if database_url:
        return run(database_url, say)
    with private_cluster() as cluster:
        return run(cluster.url, say)
