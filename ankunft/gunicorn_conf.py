"""gunicorn's configuration for production: `ankunft serve --production`, or by hand
`gunicorn -c python:ankunft.gunicorn_conf ankunft.wsgi:application`.

Read from the environment (the same variables as the app, see docs/reliability.md):

- `ANKUNFT_BIND` (default `127.0.0.1:8000`): the address the TLS proxy forwards to.
- `WEB_CONCURRENCY` (default 2 × cores + 1): worker processes.
- `TRUSTED_PROXIES`: gunicorn takes the scheme (`X-Forwarded-Proto`) only from these
  addresses; Django's `TrustedProxyMiddleware` does the same for the client's address.
  Empty means nobody (gunicorn's own default would trust 127.0.0.1).
- `GUNICORN_TIMEOUT` (default 30 s), `GUNICORN_MAX_REQUESTS` (default 1000).
"""

from __future__ import annotations

import os
from pathlib import Path


def _int(name: str, default: int, minimum: int = 1) -> int:
    """A whole number of at least `minimum` from the environment; a bad one stops the start
    with the variable's name (not a traceback of int())."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise SystemExit(f"{name}={raw!r}: give a whole number of at least {minimum}")
    return value


def default_workers(cores: int | None = None) -> int:
    """2 × cores + 1, gunicorn's rule for sync workers (a request waiting on the database
    leaves the core to another worker)."""
    return 2 * (cores or os.cpu_count() or 1) + 1


def trusted_proxies(environ: dict[str, str] | os._Environ[str] = os.environ) -> str:
    return ",".join(p.strip() for p in environ.get("TRUSTED_PROXIES", "").split(",") if p.strip())


wsgi_app = "ankunft.wsgi:application"
bind = [os.environ.get("ANKUNFT_BIND", "127.0.0.1:8000")]
workers = _int("WEB_CONCURRENCY", default_workers())
worker_class = "sync"
# The app is loaded once in the master, then forked: less memory per worker, and a worker
# restarted by max_requests starts at once. Django opens no connection at import.
preload_app = True

# A sync worker blocked longer than this is killed and replaced (the request gets 502 from
# the proxy); the longest pages (report PDFs) are built by the worker, not in a request.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Against slow leaks: each worker is replaced after about this many requests, the jitter
# keeps the workers from restarting all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000, minimum=0)  # 0: never replaced
max_requests_jitter = max(1, max_requests // 10)

# Behind the TLS proxy: honour X-Forwarded-Proto only from it; nobody when unset.
forwarded_allow_ips = trusted_proxies()
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# The heartbeat file in memory, so a slow disk cannot make the master kill busy workers.
if Path("/dev/shm").is_dir():  # noqa: S108 - gunicorn's documented advice
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# Access log to stderr without query strings (a search may hold a name): method, path,
# status, bytes, duration in seconds, the request id (X-Request-ID, also in the audit log).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" turns it off
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)s %({x-request-id}o)s'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "ankunft"
# gunicorn 24+: no runtime control socket (one fixed path per user; two instances clash).
control_socket_disable = True


def when_ready(server: object) -> None:
    """In the master, after the app was loaded (preload) and before the workers fork:
    import every view through the URL configuration, so that no worker's first request
    pays for the imports (the statistics stack takes seconds) and runs into the timeout."""
    from django.urls import get_resolver  # noqa: PLC0415

    get_resolver().url_patterns  # noqa: B018 - the import is the point
