"""`ankunft drill replica`: a real streaming replica under load, then stopped under load.

Never the shared server: a private primary (the pg-restart drill's throw-away cluster), a
fresh installation with `--offers` generated offers, then `pg_basebackup -R` of it into the
same temporary folder and a second cluster on another port streaming from it (run as the
`postgres` user when this runs as root). gunicorn starts with `DATABASE_REPLICA_URLS`
pointing at the replica; the load test's mix (ankunft.core.drills.loadtest) runs with wrk:

1. primary + replica, `--duration` seconds; the replica's own statistics show it served reads;
2. the same again, and a third of the way in the replica is stopped (fast shutdown:
   connections cut);
3. replica down, `--duration` seconds.

Pass: the replica served reads in 1, no more than `--max-errors` failed answers in 2, none in
3, and the primary served the directory's reads after the stop (the app logged the fallback).
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import psycopg
from django.utils.translation import gettext as _

from ankunft.core.drills import loadtest
from ankunft.core.drills.pg_restart import Cluster, private_cluster
from ankunft.core.drills.server import free_port, gunicorn


def _scalar(url: str, sql: str) -> int:
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _reads(url: str) -> int:
    """Rows the server returned or fetched for the app's database since its start."""
    return _scalar(
        url,
        "SELECT tup_returned + tup_fetched FROM pg_stat_database "
        "WHERE datname = current_database()",
    )


def start_replica(primary: Cluster, say: Callable[[str], None]) -> Cluster:
    replica = Cluster(primary.bin, primary.data.parent / "replica", free_port(), primary.user)
    t = time.monotonic()
    replica._run(
        "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
        "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast", "--no-sync",
    )  # fmt: skip
    replica.start()
    deadline = time.monotonic() + 60
    sql = "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
    while _scalar(primary.url, sql) < 1:
        if time.monotonic() > deadline:
            raise RuntimeError(_("The replica does not stream."))
        time.sleep(0.3)
    say(
        _("Replica on port %(port)d streaming after %(s).1f s (pg_basebackup -R).")
        % {"port": replica.port, "s": time.monotonic() - t}
    )
    return replica


def lag_seconds(replica: Cluster) -> float:
    with psycopg.connect(replica.url, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
        ).fetchone()
    return float(row[0]) if row else 0.0


def drill(
    *, offers: int, seconds: int, connections: int, max_errors: int, say: Callable[[str], None]
) -> bool:
    with private_cluster() as primary, tempfile.TemporaryDirectory(prefix="ankunft-drill-") as tmp:
        var_dir = Path(tmp)
        t = time.monotonic()
        prepared = loadtest.prepare(var_dir, primary.url, offers, say)
        say(
            _("Primary on port %(port)d ready in %(s).0f s.")
            % {"port": primary.port, "s": time.monotonic() - t}
        )
        replica = start_replica(primary, say)
        replica_url = replica.url
        try:
            with gunicorn(
                prepared.env,
                var_dir,
                DATABASE_REPLICA_URLS=replica_url,
                DATABASE_REPLICA_RETRY_SECONDS="2",
            ) as server:
                mix = loadtest.mix_paths(prepared)
                loadtest.wrk(server.base, mix, prepared.token, seconds=3, connections=connections)
                before = (_reads(primary.url), _reads(replica_url))
                both = loadtest.wrk(
                    server.base, mix, prepared.token, seconds=seconds, connections=connections
                )
                after = (_reads(primary.url), _reads(replica_url))
                lag = lag_seconds(replica)
                stopper = threading.Timer(seconds / 3, replica.stop)
                stopper.start()
                stopped_at = time.monotonic()
                during = loadtest.wrk(
                    server.base, mix, prepared.token, seconds=seconds, connections=connections
                )
                stopper.join()
                stopped_at += seconds / 3
                primary_before_down = _reads(primary.url)
                down = loadtest.wrk(
                    server.base, mix, prepared.token, seconds=seconds, connections=connections
                )
                primary_after_down = _reads(primary.url)
                fallbacks = server.log.read_text(errors="replace").count("unavailable; reads go")
        finally:
            # Phase 2 stopped it already, unless the drill failed before.
            with suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
                replica.stop()
    share = (after[1] - before[1]) / max(1, (after[0] - before[0]) + (after[1] - before[1]))
    say(
        _("Workers: gunicorn default (2 × cores + 1); wrk %(c)d connections, %(s)d s per phase.")
        % {"c": connections, "s": seconds}
    )
    say(both.line("primary + replica"))
    say(during.line("replica stopped"))
    say(down.line("replica down"))
    say(
        _(
            "Rows read by the replica in phase 1: %(share).0f %% of all; replay lag at its end "
            "%(lag).2f s; fallback warnings in the app's log: %(fallbacks)d; rows read by the "
            "primary while the replica was down: %(rows)d."
        )
        % {
            "share": share * 100,
            "lag": lag,
            "fallbacks": fallbacks,
            "rows": primary_after_down - primary_before_down,
        }
    )
    passed = (
        share > 0
        and during.errors <= max_errors
        and down.errors == 0
        and fallbacks > 0
        and primary_after_down > primary_before_down
    )
    say(_("PASSED") if passed else _("FAILED"))
    return passed
