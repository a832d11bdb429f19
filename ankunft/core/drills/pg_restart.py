"""`ankunft drill pg-restart`: PostgreSQL restarted under load.

Never the shared server: a private cluster (initdb in a temporary folder, its own port, run
as the `postgres` user when this runs as root), a fresh installation on it, gunicorn in
front, a mixed load; then the cluster is stopped (fast shutdown: connections cut), kept down
for `--down-seconds`, started again. Pass: while it is down every answer is 503 with
Retry-After (no 500, no hang beyond the client's timeout), and after it is back the same
gunicorn workers (no restart of the app) answer 200 again within `--recover-seconds`.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from django.utils.translation import gettext as _

from ankunft.core.drills import load
from ankunft.core.drills.server import ankunft, free_port, gunicorn, production_env

MIX: list[tuple[str, str, str | None]] = [
    ("public", "/offers/drill/", None),
    ("public", "/offers/drill/search/?q=deutsch", None),
    ("staff", "/", "drill-head"),
    ("api", "/api/me", "drill-head"),
]
UNAVAILABLE = 503
SERVER_ERRORS = frozenset(range(500, 600)) - {UNAVAILABLE}
PASSWORD = "drill-Passwort-2026-lang"  # noqa: S105 - a throw-away cluster's user


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError(_("No PostgreSQL server binaries (initdb) found."))
    return Path(initdb).parent


@dataclass
class Cluster:
    bin: Path
    data: Path
    port: int
    user: str | None  # run as this user (when started as root)

    def _run(self, *argv: str) -> None:
        command = [str(self.bin / argv[0]), *argv[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", f"{self.data}/log", "-w", "start"
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/ankunft"


@contextmanager
def private_cluster() -> Iterator[Cluster]:
    """A throw-away PostgreSQL cluster; removed afterwards."""
    bin_dir = _pg_bin()
    tmp = Path(tempfile.mkdtemp(prefix="ankunft-pg-"))
    user = "postgres" if os.geteuid() == 0 else None
    if user:
        entry = pwd.getpwnam(user)
        os.chown(tmp, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(bin_dir, tmp / "data", free_port(), user)
    try:
        cluster._run(
            "initdb", "-D", str(cluster.data), "-U", "postgres", "-A", "trust", "--no-sync"
        )
        cluster.start()
        cluster._run(
            "createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "ankunft"
        )
        yield cluster
    finally:
        with suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class Timeline:
    """(time, phase, status, retry-after present, seconds) of every answer."""

    events: list[tuple[float, str, int | str, bool, float]] = field(default_factory=list)
    phase: str = "before"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int | str, retry: bool, seconds: float) -> None:
        with self.lock:
            self.events.append((time.monotonic(), self.phase, status, retry, seconds))

    def in_phase(self, phase: str) -> list[tuple[float, str, int | str, bool, float]]:
        return [e for e in self.events if e[1] == phase]


def _drive(
    base: str,
    clients: list[dict[str | None, load.Client]],
    timeline: Timeline,
    stop: threading.Event,
) -> None:
    def one(index: int) -> None:
        own = clients[index]
        i = index
        while not stop.is_set():
            _kind, path, login = MIX[i % len(MIX)]
            i += 1
            t = time.monotonic()
            try:
                r = own[login].request("GET", path)
                timeline.add(r.status_code, "retry-after" in r.headers, time.monotonic() - t)
            except httpx.HTTPError as e:
                timeline.add(type(e).__name__, False, time.monotonic() - t)
            stop.wait(0.05)

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def drill(
    *, down_seconds: float, recover_seconds: float, threads: int, say: Callable[[str], None]
) -> bool:
    with private_cluster() as cluster, tempfile.TemporaryDirectory(prefix="ankunft-drill-") as tmp:
        var_dir = Path(tmp)
        env = production_env(var_dir, cluster.url)
        t = time.monotonic()
        ankunft(env, "migrate", "--noinput", "-v0")
        ankunft(env, "add-municipality", "Drillstadt", "--slug", "drill", "--languages", "de,en")
        ankunft(
            env, "createuser", "drill-head", "--role", "head_of_ki", "--municipality", "drill",
            "--password", PASSWORD,
        )  # fmt: skip
        say(
            _("Private cluster on port %(port)d ready in %(s).0f s.")
            % {"port": cluster.port, "s": time.monotonic() - t}
        )
        with gunicorn(env, var_dir, workers=3) as server:
            workers_before = sorted(server.workers())
            clients = []
            for _i in range(threads):
                own: dict[str | None, load.Client] = {None: load.Client(server.base, timeout=15)}
                own["drill-head"] = load.Client(server.base, timeout=15)
                own["drill-head"].login("drill-head", PASSWORD)
                clients.append(own)
            timeline = Timeline()
            stop = threading.Event()
            driver = threading.Thread(target=_drive, args=(server.base, clients, timeline, stop))
            driver.start()
            time.sleep(5)
            timeline.phase = "stopping"
            cluster.stop()
            stopped = time.monotonic()
            timeline.phase = "down"
            time.sleep(down_seconds)
            timeline.phase = "starting"
            cluster.start()
            started = time.monotonic()
            timeline.phase = "after"
            deadline = started + recover_seconds
            recovered_at = None
            while time.monotonic() < deadline:
                time.sleep(0.5)
                recent = [e for e in timeline.in_phase("after") if e[0] > time.monotonic() - 2]
                if recent and all(e[2] == 200 for e in recent):  # noqa: PLR2004
                    recovered_at = min(e[0] for e in recent)
                    break
            time.sleep(3)
            stop.set()
            driver.join()
            workers_after = sorted(server.workers())
    return _verdict(timeline, stopped, started, recovered_at, workers_before, workers_after, say)


def _verdict(  # noqa: PLR0917
    timeline: Timeline,
    stopped: float,
    started: float,
    recovered_at: float | None,
    workers_before: list[int],
    workers_after: list[int],
    say: Callable[[str], None],
) -> bool:
    def statuses(phase: str) -> str:
        counts: dict[str, int] = {}
        for e in timeline.in_phase(phase):
            counts[str(e[2])] = counts.get(str(e[2]), 0) + 1
        return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "-"

    for phase in ("before", "stopping", "down", "starting", "after"):
        say(f"  {phase:9} {statuses(phase)}")
    down = timeline.in_phase("down")
    bad_down = [e for e in down if e[2] != UNAVAILABLE or not e[3]]
    slowest = max((e[4] for e in down), default=0.0)
    before_ok = all(e[2] == 200 for e in timeline.in_phase("before"))  # noqa: PLR2004
    errors_500 = [e for e in timeline.events if e[2] in SERVER_ERRORS]
    say(
        _(
            "Down %(down).1f s: %(n)d answers, %(bad)d not 503 with Retry-After, slowest "
            "%(slow).2f s; 500s overall: %(e500)d."
        )
        % {
            "down": started - stopped,
            "n": len(down),
            "bad": len(bad_down),
            "slow": slowest,
            "e500": len(errors_500),
        }
    )
    if recovered_at is None:
        say(_("Not recovered."))
    else:
        say(
            _("Recovered %(s).2f s after the database was back; workers the same: %(same)s.")
            % {"s": max(0.0, recovered_at - started), "same": workers_before == workers_after}
        )
    passed = (
        before_ok
        and bool(down)
        and not bad_down
        and not errors_500
        and recovered_at is not None
        and workers_before == workers_after
    )
    say(_("PASSED") if passed else _("FAILED"))
    return passed
