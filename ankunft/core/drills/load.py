"""A mixed load for the soak and the drills: public search, staff pages, API.

Requests go to gunicorn as if through the TLS proxy (`X-Forwarded-Proto: https` from the
trusted 127.0.0.1), so DEBUG-off production settings (SSL redirect, `__Host-` cookies) apply.
Cookies are kept by hand: httpx, rightly, keeps `Secure` cookies from plain-HTTP URLs.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import cycle
from typing import Any

import httpx

from ankunft.core.drills.server import FORWARDED

DEMO_PASSWORD = "ankunft-demo-2026"  # noqa: S105 - the demo's published password

#: (kind, path, login or None). Public search with typos and in other languages, the staff
#: pages of a case worker's day, and the API a script would call.
MIX: list[tuple[str, str, str | None]] = [
    ("public", "/offers/duisburg/", None),
    ("public", "/offers/duisburg/search/?q=deutschkurs", None),
    ("public", "/offers/duisburg/search/?q=beratnug", None),
    ("public", "/offers/duisburg/search/?q=kita&lang=tr", None),
    ("public", "/offers/duisburg/search/?q=sprache", None),
    ("staff", "/cases/worklist/", "caseworker"),
    ("staff", "/council/", "head"),
    ("staff", "/budget/", "finance"),
    ("staff", "/", "teamlead"),
    ("api", "/api/me", "caseworker"),
    ("api", "/api/cases/worklist", "caseworker"),
    ("api", "/api/council/papers", "head"),
]


class Client:
    """One visitor: an httpx client with cookies kept by hand."""

    def __init__(self, base: str, timeout: float = 10) -> None:
        self.http = httpx.Client(base_url=base, timeout=timeout, headers=FORWARDED)
        self.cookies: dict[str, str] = {}

    def _keep(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]

    def request(
        self, method: str, path: str, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.http.request(method, path, headers=headers, **kwargs)
        self._keep(response)
        return response

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        page = self.request("GET", "/accounts/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if match is None:
            raise RuntimeError(f"no login form ({page.status_code})")
        response = self.request(
            "POST",
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": match.group(1),
                "username": username,
                "password": password,
            },
            headers={"Referer": f"https://{self.http.base_url.netloc.decode()}/accounts/login/"},
        )
        if response.status_code != 302:  # noqa: PLR2004
            raise RuntimeError(f"login of {username} failed: {response.status_code}")


@dataclass
class Tally:
    """Counts of one run, safe to add to from several threads."""

    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int | str, seconds: float) -> None:
        with self.lock:
            self.statuses[f"{kind} {status}"] += 1
            self.latencies.append(seconds)
            if not isinstance(status, int) or status >= 400:  # noqa: PLR2004
                self.errors[f"{kind} {status}"] += 1

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def percentile(self, p: float) -> float:
        values = sorted(self.latencies)
        return values[min(len(values) - 1, int(len(values) * p))] if values else 0.0


def logged_in_clients(base: str, threads: int) -> list[dict[str | None, Client]]:
    """Per thread: one client per login of the mix (and one anonymous)."""
    logins = {login for _, _, login in MIX}
    result = []
    for _ in range(threads):
        clients: dict[str | None, Client] = {}
        for login in logins:
            clients[login] = Client(base)
            if login is not None:
                clients[login].login(login)
        result.append(clients)
    return result


def run(
    base: str,
    *,
    seconds: float,
    threads: int,
    rate: float | None = None,
    mix: list[tuple[str, str, str | None]] = MIX,
    clients: list[dict[str | None, Client]] | None = None,
    stop: threading.Event | None = None,
    on_response: Callable[[str, int | str, float], None] | None = None,
) -> Tally:
    """Send the mix for `seconds`: as fast as `threads` allow (closed loop, `rate` None) or
    at `rate` requests/s in total (open loop: each request has its start time; a late
    thread does not skip, so overload shows as latency)."""
    clients = clients or logged_in_clients(base, threads)
    tally = Tally()
    start = time.monotonic()
    slot = iter(range(10**12))
    slot_lock = threading.Lock()
    stop = stop or threading.Event()

    def worker(index: int) -> None:
        own = clients[index]
        for kind, path, login in cycle(mix[index % len(mix) :] + mix[: index % len(mix)]):
            if rate is not None:
                with slot_lock:
                    at = start + next(slot) / rate
                delay = at - time.monotonic()
                if delay > 0 and stop.wait(delay):
                    return
            if stop.is_set() or time.monotonic() - start >= seconds:
                return
            t = time.monotonic()
            try:
                status: int | str = own[login].request("GET", path).status_code
            except httpx.HTTPError as e:
                status = type(e).__name__
            elapsed = time.monotonic() - t
            tally.add(kind, status, elapsed)
            if on_response is not None:
                on_response(kind, status, elapsed)

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return tally
