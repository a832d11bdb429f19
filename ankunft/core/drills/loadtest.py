"""`ankunft bench load`: throughput of the production server under a mixed load, beside the
limit of the same server (a static file of the same size as the search page), with wrk.

A throw-away installation (PostgreSQL given by `--database-url`, reused when it already holds
the offers; else SQLite in a temporary folder) with N generated offers (the directory
benchmark's generator, run as a subprocess), a staff user with an API token (Bearer), and
`ankunft serve --production` with gunicorn's default workers (2 × cores + 1). Three wrk runs
of `--duration` seconds each, same connections: the mix (public start, search and offer pages;
staff API reads with the token), the search page alone, and the static file. Only 127.0.0.1
is contacted. The replica drill (`ankunft drill replica`) drives the same mix.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ankunft.core.drills.options import AT_LEAST_ONE, check_database_url, check_numbers
from ankunft.core.drills.server import ankunft, gunicorn, production_env

SLUG = "duisburg"
LOAD_MINIMUMS = {
    "duration": AT_LEAST_ONE, "offers": AT_LEAST_ONE, "connections": AT_LEAST_ONE,
    "workers": AT_LEAST_ONE,
}  # fmt: skip
SEARCHES = [
    "/offers/duisburg/search/?q=deutschkurs&lang=de",
    "/offers/duisburg/search/?q=schule&lang=de",
    "/offers/duisburg/search/?q=schlue&lang=de",
    "/offers/duisburg/search/?q=doctor&lang=en",
    "/offers/duisburg/search/?q=almanca+kursu&lang=tr",
    "/offers/duisburg/search/?q=kita&lang=de&free=on",
    "/offers/duisburg/search/?q=beratung+marxloh&lang=de",
    "/offers/duisburg/search/?q=&lang=de&field=health",
]
PUBLIC = ["/offers/duisburg/", "/offers/duisburg/?lang=en"]
STAFF_API = ["/api/me", "/api/council/papers", "/api/directory/public/duisburg/offers?q=schule"]
#: Shares of the mix: public traffic dominates (residents), staff is a steady quarter.
MIX_WEIGHTS = {"search": 10, "public": 3, "offer": 2, "staff": 5}

# Written into the temporary installation: a staff user and token, a few offer URLs, and a
# static file exactly as large as a search page (the comparison the issue asks for).
_PREPARE = """
import sys
import django
django.setup()
from django.test import Client
from ankunft.core.models import Municipality, User
from ankunft.core.services import api_token_create
from ankunft.directory.models import Offer
m = Municipality.objects.get(slug="duisburg")
user = User.objects.get(username="bench-staff")
_token, key = api_token_create(user=user, name="bench")
page = Client().get(sys.argv[1], HTTP_HOST="127.0.0.1", secure=True)
assert page.status_code == 200, page.status_code
open(sys.argv[2], "wb").write(b"x" * len(page.content))
offers = Offer.objects.filter(municipality=m, status="published").order_by("pk")[:20]
print(key)
print(len(page.content))
for o in offers:
    print(f"/offers/duisburg/o/{o.uuid}/")
"""


@dataclass
class Prepared:
    env: dict[str, str]
    token: str
    page_bytes: int
    static_path: str
    offer_paths: list[str]


def prepare(var_dir: Path, database_url: str, offers: int, say: Callable[[str], None]) -> Prepared:
    env = production_env(var_dir, database_url, LOG_LEVEL="WARNING", GUNICORN_ACCESS_LOG="")
    ankunft(env, "migrate", "--noinput", "-v0")
    subprocess.run(  # noqa: S603 - our own generator
        [sys.executable, "-m", "ankunft.directory.bench_data", str(offers)],
        env={**env, "DJANGO_SETTINGS_MODULE": "ankunft.settings"},
        check=True,
        capture_output=True,
        timeout=3600,
    )
    try:
        ankunft(
            env, "createuser", "bench-staff", "--role", "head_of_ki", "--municipality", SLUG,
            "--password", secrets.token_urlsafe(24),
        )  # fmt: skip
    except RuntimeError as e:  # a reused database has the user already
        if "taken" not in str(e).lower() and "exist" not in str(e).lower():
            raise
    name = "bench-search-size.html"
    static_file = var_dir / "static" / name
    code = _PREPARE
    lines = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, SEARCHES[0], str(static_file)],
        env={**env, "DJANGO_SETTINGS_MODULE": "ankunft.settings"},
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout.split()
    say(f"{offers} offers; search page {lines[1]} bytes")
    return Prepared(env, lines[0], int(lines[1]), f"/static/{name}", lines[2:])


_LUA = """
local paths = {%(paths)s}
local staff = {%(staff)s}
local token = "%(token)s"
local i = 0
wrk.headers["X-Forwarded-Proto"] = "https"
wrk.headers["X-Forwarded-For"] = "203.0.113.7"
request = function()
  i = i %% #paths + 1
  if staff[i] then
    return wrk.format("GET", paths[i], {["Authorization"] = "Bearer " .. token,
      ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "203.0.113.7"})
  end
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%.1f %%.1f %%.1f %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


@dataclass
class WrkResult:
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    bad_status: int
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.bad_status + self.socket_errors

    def line(self, label: str) -> str:
        return (
            f"{label:<22} {self.rps:8.1f} req/s  p50 {self.p50:7.1f} ms  p95 {self.p95:7.1f} ms"
            f"  p99 {self.p99:7.1f} ms  {self.requests} requests, {self.bad_status} non-2xx/3xx,"
            f" {self.socket_errors} socket errors"
        )


def mix_paths(prepared: Prepared) -> list[tuple[str, bool]]:
    """One round of the mix: (path, with the staff token)."""
    round_: list[tuple[str, bool]] = []
    offers = prepared.offer_paths or PUBLIC
    for n in range(max(MIX_WEIGHTS.values())):
        if n < MIX_WEIGHTS["search"]:
            round_.append((SEARCHES[n % len(SEARCHES)], False))
        if n < MIX_WEIGHTS["public"]:
            round_.append((PUBLIC[n % len(PUBLIC)], False))
        if n < MIX_WEIGHTS["offer"]:
            round_.append((offers[n % len(offers)], False))
        if n < MIX_WEIGHTS["staff"]:
            round_.append((STAFF_API[n % len(STAFF_API)], True))
    return round_


def wrk(
    base: str, paths: list[tuple[str, bool]], token: str, *, seconds: int, connections: int
) -> WrkResult:
    script = _LUA % {
        "paths": ", ".join(f'"{p}"' for p, _ in paths),
        "staff": ", ".join("true" if s else "false" for _, s in paths),
        "token": token,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    try:
        text = subprocess.run(  # noqa: S603
            [  # noqa: S607 - wrk from the PATH, like the directory benchmark
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                fh.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(fh.name)
    line = next(x for x in text.splitlines() if x.startswith("RESULT"))
    n, micros, p50, p95, p99, status, sock = line.split()[1:]
    return WrkResult(
        int(n), float(micros) / 1e6, float(p50), float(p95), float(p99), int(status), int(sock)
    )


def run(argv: list[str], say: Callable[[str], None]) -> dict[str, WrkResult]:
    parser = argparse.ArgumentParser(prog="ankunft bench load")
    parser.add_argument("--duration", type=int, default=20, help="seconds per run (max 300)")
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=None, help="default: 2 × cores + 1")
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    options = parser.parse_args(argv)
    # Before anything is started (a clear error, nothing written).
    check_numbers(vars(options), LOAD_MINIMUMS)
    check_database_url(options.database_url)
    seconds = max(1, min(options.duration, 300))
    with tempfile.TemporaryDirectory(prefix="ankunft-load-") as tmp:
        var_dir = Path(tmp)
        url = options.database_url or f"sqlite:///{var_dir / 'load.sqlite3'}"
        prepared = prepare(var_dir, url, options.offers, say)
        return measure(
            prepared,
            var_dir=var_dir,
            seconds=seconds,
            connections=options.connections,
            workers=options.workers,
            say=say,
        )


def measure(
    prepared: Prepared,
    *,
    var_dir: Path,
    seconds: int,
    connections: int,
    workers: int | None,
    say: Callable[[str], None],
    extra: Mapping[str, str] | None = None,
) -> dict[str, WrkResult]:
    with gunicorn(prepared.env, var_dir, workers=workers, **dict(extra or {})) as server:
        count = len(server.workers())
        mix = mix_paths(prepared)
        # Warm-up: every worker builds its typo vocabulary on its first search (seconds with
        # 100,000 offers), which is not what a running server does.
        warm = min(max(3, seconds), 15)
        wrk(server.base, mix, prepared.token, seconds=warm, connections=connections)
        results = {
            "mix": wrk(server.base, mix, prepared.token, seconds=seconds, connections=connections),
            "search": wrk(
                server.base,
                [(p, False) for p in SEARCHES],
                prepared.token,
                seconds=seconds,
                connections=connections,
            ),
            "static": wrk(
                server.base,
                [(prepared.static_path, False)],
                prepared.token,
                seconds=seconds,
                connections=connections,
            ),
        }
    say(
        f"gunicorn {count} workers (sync), wrk 2 threads {connections} connections, "
        f"{seconds} s per run, static file {prepared.page_bytes} bytes"
    )
    for label, result in results.items():
        say(result.line(label))
    ratio = results["search"].rps / results["static"].rps if results["static"].rps else 0.0
    say(f"search / static throughput: {ratio:.2f}")
    return results
