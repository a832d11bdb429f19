"""`ankunft soak`: capacity of the mixed load on gunicorn, then a long run at half of it.

1. A fresh installation (migrate, demo data) in a temporary folder, on SQLite or on the
   database given by `--database-url` (it must be empty; it is left with the demo's data).
2. `ankunft serve --production` with recycling off (`max_requests` 0), so that the workers
   measured at the end are the ones measured at the start: flat memory then means no leak,
   not a leak hidden by restarts.
3. Capacity: the mix (load.MIX) as fast as `--threads` clients go, and the limit beside it,
   a static file through the same gunicorn, each for `--capacity-seconds`.
4. The soak: the mix at half the capacity for `--minutes`; every 30 s the RSS of each
   worker. Pass: no error, and each worker's RSS after the warm-up (`--warmup-minutes`,
   default 2) within 10 % of its lowest.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from ankunft.core.drills import load
from ankunft.core.drills.server import ankunft, gunicorn, production_env, rss_kib

STATIC = "/static/core/app.css"
SAMPLE_SECONDS = 30
FLAT = 0.10


@dataclass
class SoakResult:
    capacity: float
    static_capacity: float
    rate: float
    tally: load.Tally
    rss: dict[int, list[tuple[float, int]]]
    warmup: float
    seconds: float

    def spread(self, pid: int) -> float:
        values = [kib for t, kib in self.rss[pid] if t >= self.warmup]
        return (max(values) - min(values)) / min(values) if values else 0.0

    @property
    def passed(self) -> bool:
        flat = all(self.spread(pid) <= FLAT for pid in self.rss)
        return not self.tally.errors and flat and bool(self.rss)


def prepare(var_dir: Path, database_url: str, say: Callable[[str], None]) -> dict[str, str]:
    env = production_env(var_dir, database_url)
    t = time.monotonic()
    ankunft(env, "migrate", "--noinput", "-v0")
    ankunft(env, "demo-data", "--quiet", "--i-know-this-is-not-production")
    say(_("Installation with demo data ready in %(s).0f s.") % {"s": time.monotonic() - t})
    return env


def soak(
    *,
    minutes: float,
    database_url: str | None,
    threads: int,
    workers: int | None,
    capacity_seconds: float,
    warmup_minutes: float,
    rate: float | None,
    say: Callable[[str], None],
) -> SoakResult:
    with tempfile.TemporaryDirectory(prefix="ankunft-soak-") as tmp:
        var_dir = Path(tmp)
        url = database_url or f"sqlite:///{var_dir / 'soak.sqlite3'}"
        env = prepare(var_dir, url, say)
        with gunicorn(env, var_dir, workers=workers, GUNICORN_MAX_REQUESTS="0") as server:
            clients = load.logged_in_clients(server.base, threads)
            load.run(server.base, seconds=10, threads=threads, clients=clients)  # warm caches
            mixed = load.run(
                server.base, seconds=capacity_seconds, threads=threads, clients=clients
            )
            capacity = mixed.requests / capacity_seconds
            static = load.run(
                server.base,
                seconds=capacity_seconds,
                threads=threads,
                mix=[("static", STATIC, None)],
            )
            static_capacity = static.requests / capacity_seconds
            say(
                _(
                    "Capacity: %(mixed).1f requests/s of the mix (p95 %(p95).0f ms, "
                    "%(errors)d errors), %(static).0f requests/s of a static file, "
                    "%(threads)d clients, %(workers)d workers."
                )
                % {
                    "mixed": capacity,
                    "p95": mixed.percentile(0.95) * 1000,
                    "errors": sum(mixed.errors.values()),
                    "static": static_capacity,
                    "threads": threads,
                    "workers": len(server.workers()),
                }
            )
            target = rate or capacity / 2
            seconds = minutes * 60
            say(
                _("Soak: %(rate).1f requests/s for %(minutes)g minutes.")
                % {"rate": target, "minutes": minutes}
            )
            rss: dict[int, list[tuple[float, int]]] = {}
            stop = threading.Event()
            result: dict[str, load.Tally] = {}

            def drive() -> None:
                result["tally"] = load.run(
                    server.base,
                    seconds=seconds,
                    threads=threads,
                    rate=target,
                    clients=clients,
                    stop=stop,
                )

            driver = threading.Thread(target=drive)
            start = time.monotonic()
            driver.start()
            while driver.is_alive():
                elapsed = time.monotonic() - start
                for pid in server.workers():
                    kib = rss_kib(pid)
                    if kib is not None:
                        rss.setdefault(pid, []).append((elapsed, kib))
                latest = " ".join(f"{v[-1][1] / 1024:.0f}" for v in rss.values())
                say(f"  {elapsed:4.0f} s  RSS MiB: {latest}")
                driver.join(SAMPLE_SECONDS)
            return SoakResult(
                capacity,
                static_capacity,
                target,
                result["tally"],
                rss,
                warmup_minutes * 60,
                time.monotonic() - start,
            )


def report(result: SoakResult, say: Callable[[str], None]) -> None:
    tally = result.tally
    say(
        _(
            "%(n)d requests (%(rate).1f/s), %(errors)d errors; latency p50 %(p50).0f ms, "
            "p95 %(p95).0f ms, p99 %(p99).0f ms."
        )
        % {
            "n": tally.requests,
            "rate": tally.requests / result.seconds,
            "errors": sum(tally.errors.values()),
            "p50": tally.percentile(0.5) * 1000,
            "p95": tally.percentile(0.95) * 1000,
            "p99": tally.percentile(0.99) * 1000,
        }
    )
    for status, n in sorted(tally.statuses.items()):
        say(f"  {status}: {n}")
    for status, n in sorted(tally.errors.items()):
        say(_("  error %(status)s: %(n)d") % {"status": status, "n": n})
    for pid, samples in result.rss.items():
        after = [kib for t, kib in samples if t >= result.warmup]
        if not after:
            continue
        say(
            _(
                "  worker %(pid)d: RSS after warm-up %(first).1f MiB, min %(min).1f, "
                "max %(max).1f, last %(last).1f MiB: spread %(spread).1f %%"
            )
            % {
                "pid": pid,
                "first": after[0] / 1024,
                "min": min(after) / 1024,
                "max": max(after) / 1024,
                "last": after[-1] / 1024,
                "spread": result.spread(pid) * 100,
            }
        )
    say(_("PASSED") if result.passed else _("FAILED"))
