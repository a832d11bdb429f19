"""Start the app as in production (gunicorn, DEBUG off) for a drill, and look at it."""

from __future__ import annotations

import base64
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from ankunft.gunicorn_conf import default_workers

#: The trusted TLS proxy the drills pretend to be (they send X-Forwarded-Proto: https).
PROXY = "127.0.0.1"
FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production_env(var_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production start: DEBUG off, fresh strong secrets, one trusted
    proxy, its own folder. The field key is fixed per folder (kept in it), so every process
    of one drill reads what the others encrypted."""
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "MIGRATE_DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    keys = var_dir / "drill-keys"
    (var_dir / "static").mkdir(parents=True, exist_ok=True)  # WhiteNoise's STATIC_ROOT
    if not keys.exists():
        keys.write_text(
            f"{secrets.token_urlsafe(50)}\nd1:{base64.b64encode(os.urandom(32)).decode()}\n"
        )
    secret, field_keys = keys.read_text().split()
    env.update(
        DEBUG="false",
        SECRET_KEY=secret,
        ANKUNFT_FIELD_KEYS=field_keys,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TRUSTED_PROXIES=PROXY,
        ANKUNFT_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url,
        ANKUNFT_LANGUAGE="en",
        CACHE_DIR=str(var_dir / "cache"),  # shared by the workers, as on a production host
    )
    env.update(extra)
    return env


def ankunft(env: Mapping[str, str], *args: str, timeout: float = 900) -> str:
    """Run `ankunft ARGS` to completion; its output, or RuntimeError with it."""
    result = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "ankunft.cli", *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"ankunft {' '.join(args)}: {result.stderr[-2000:]}")
    return result.stdout


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def workers(self) -> list[int]:
        """The pids of the gunicorn workers (the master's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in children.read_text().split()]
        except OSError:
            return []


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def wait_ready(base: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:  # noqa: PLR2004
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not start")


@contextmanager
def gunicorn(
    env: Mapping[str, str], var_dir: Path, *, workers: int | None = None, **extra: str
) -> Iterator[Server]:
    """`ankunft serve --production` on a free port; stopped (SIGTERM, then SIGKILL) after."""
    port = free_port()
    log = var_dir / f"gunicorn-{port}.log"
    argv = [sys.executable, "-m", "ankunft.cli", "serve", "--production", "--port", str(port)]
    if workers:
        argv += ["--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env={**env, **extra}, stdout=out, stderr=out)  # noqa: S603
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_ready(server.base)
        # /health answers as soon as the first worker has booted; the others follow.
        given = {**env, **extra}.get("WEB_CONCURRENCY", "")
        expected = workers or (int(given) if given.isdigit() else default_workers())
        deadline = time.monotonic() + 120
        while len(server.workers()) < expected and time.monotonic() < deadline:
            time.sleep(0.1)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
