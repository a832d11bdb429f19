"""`ankunft bench directory-search`: search-page latency and throughput with many offers.

Builds a throw-away database (SQLite file in a temporary directory, or PostgreSQL when
`--database-url` is given) with N generated offers in Duisburg's districts, starts
`ankunft serve` on a loopback port, drives the public search page with `wrk` (or, without
wrk, a small thread-pool client) for a bounded time, and prints p50/p95 latency and
requests per second. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TextIO

QUERIES = [
    ("deutschkurs", "de"), ("schule", "de"), ("arzt ohne versicherung", "de"),
    ("wohnung", "de"), ("schlue", "de"), ("school", "en"), ("doctor", "en"),
    ("almanca kursu", "tr"), ("طبيب", "ar"), ("școală", "ro"), ("scoala", "ro"),
    ("лекар", "bg"), ("beratung marxloh", "de"), ("kita", "de"), ("", "de"),
]  # fmt: skip
FILTERS = ["", "&free=on", "&field=health", "&open_now=on", "&near=9"]


def _urls(slug: str) -> list[str]:
    urls = []
    for n, (q, lang) in enumerate(QUERIES):
        params = urllib.parse.urlencode({"q": q, "lang": lang})
        urls.append(f"/offers/{slug}/search/?{params}{FILTERS[n % len(FILTERS)]}")
    return urls


def _run(cmd: list[str], env: dict[str, str], out: TextIO) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        out.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not start: {url}")


_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%.1f %%.1f %%.1f %%d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.timeout))
end
"""


def _wrk(base: str, urls: list[str], duration: int, connections: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_LUA % ", ".join(f'"{u}"' for u in urls))
    cmd = [
        "wrk",
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        fh.name,
        base,
    ]
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603
    os.unlink(fh.name)
    line = next(x for x in text.splitlines() if x.startswith("RESULT"))
    requests, micros, p50, p95, p99, errors = line.split()[1:]
    return {
        "requests": float(requests),
        "rps": float(requests) / (float(micros) / 1e6),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "errors": float(errors),
    }


def _pool(base: str, urls: list[str], duration: int, connections: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    end = time.monotonic() + duration

    def worker(offset: int) -> None:
        nonlocal errors
        n = offset
        while time.monotonic() < end:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + urls[n % len(urls)], timeout=10) as r:  # noqa: S310
                    r.read()
                latencies.append((time.perf_counter() - started) * 1000)
            except OSError:
                errors += 1
            n += 1

    started = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(worker, range(connections)))
    elapsed = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": q[49],
        "p95": q[94],
        "p99": q[98],
        "errors": errors,
    }


def directory_search(args: list[str], out: TextIO) -> None:
    parser = argparse.ArgumentParser(prog="ankunft bench directory-search")
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds of load (max 300)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=8, help="server threads")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    parser.add_argument(
        "--db", default="", help="SQLite file to (re)use: generated once, kept for later runs"
    )
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    options = parser.parse_args(args)
    duration = max(1, min(options.duration, 300))
    workdir = Path(tempfile.mkdtemp(prefix="ankunft-bench-"))
    env = dict(os.environ)
    sqlite_file = Path(options.db) if options.db else workdir / "bench.sqlite3"
    reuse = bool(options.db) and sqlite_file.exists()
    env["DATABASE_URL"] = options.database_url or f"sqlite:///{sqlite_file.resolve()}"
    env["ANKUNFT_VAR_DIR"] = str(workdir)
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-" + os.urandom(32).hex(),  # the settings want 50+ characters
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="ERROR",
        HTTPS="false",  # loopback without a TLS proxy: no redirect to https
    )
    engine = "PostgreSQL" if options.database_url else "SQLite"
    python = sys.executable
    ankunft = str(Path(python).with_name("ankunft"))
    out.write(f"database: {engine} ({env['DATABASE_URL'] if options.database_url else workdir})\n")
    started = time.monotonic()
    _run([ankunft, "migrate", "-v0"], env, out)
    if reuse:
        out.write(f"reusing {sqlite_file}\n")
    else:
        # Generates the offers (or reuses them when the database has enough already).
        _run([python, "-m", "ankunft.directory.bench_data", str(options.offers)], env, out)
        out.write(f"{options.offers} offers ready after {time.monotonic() - started:.0f} s\n")
    server = subprocess.Popen(  # noqa: S603
        [
            ankunft,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(options.port),
            "--threads",
            str(options.threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{options.port}"
    try:
        _wait(base + "/health")
        urls = _urls("duisburg")
        for u in urls:  # warm up caches and the typo vocabulary
            with urllib.request.urlopen(base + u, timeout=60) as r:  # noqa: S310
                r.read()
        use_wrk = options.client == "wrk" or (options.client == "auto" and shutil.which("wrk"))
        measure = _wrk if use_wrk else _pool
        result = measure(base, urls, duration, options.connections)
        out.write(
            f"client: {'wrk' if use_wrk else 'python'}, {options.connections} connections, "
            f"{duration} s, server threads {options.threads}, {len(urls)} search URLs\n"
            f"requests {result['requests']:.0f}, errors {result['errors']:.0f}\n"
            f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms, "
            f"{result['rps']:.1f} req/s\n"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
        if not options.keep and not options.database_url and not options.db:
            shutil.rmtree(workdir, ignore_errors=True)


BENCHMARKS = {
    "directory-search": (
        "search page p50/p95 and req/s with N generated offers (default 100,000)",
        directory_search,
    ),
}
