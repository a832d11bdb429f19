"""Where OParl objects come from: an OParl 1.1 endpoint over HTTP, or a folder of JSON files.

Both sources (`HttpSource` here, `FolderSource` in folder_source.py) give the importer the
same things (the `Source` protocol of source.py): the organisations, persons, meetings and
papers (each as a `Raw` item: the decoded JSON or the reason it could not be read), a way
to fetch an object that is only referenced by its URL, and the text of a file. The names
of source.py and folder_source.py are importable from here too.

The HTTP client is polite and patient: one connection pool per run (httpx), at most `rate`
requests a second, at most `concurrency` of them at once (`fetch_many`), retries on 5xx
answers, 429, timeouts and connection errors after the server's `Retry-After` or with
exponential backoff (tenacity), and it follows `links.next` through paginated lists. A 404
or 410 is final at once (`GoneError`: no retry, no wait): the reference stays unresolved
and the import goes on; each URL is asked for once per run. A source that does not answer
is one error, not one per kind or retry.
"""

from __future__ import annotations

import datetime
import email.utils
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import tenacity
from django.utils.translation import gettext as _

from ankunft import __version__
from ankunft.core.jsonbody import JsonBodyError, load_json
from ankunft.council.oparl.folder_source import FolderSource
from ankunft.council.oparl.source import (
    KINDS,
    FetchError,
    GoneError,
    Raw,
    Source,
    SourceUnavailableError,
    parse_modified,
)

__all__ = [
    "KINDS",
    "FetchError",
    "FolderSource",
    "GoneError",
    "HttpClient",
    "HttpSource",
    "Raw",
    "Source",
    "SourceUnavailableError",
    "open_source",
    "parse_modified",
    "retry_after_seconds",
]

_GONE_STATUS = frozenset({404, 410})
# Worth asking again: the server is busy or broken for now, or the line dropped.
_RETRY_TRANSPORT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


_TOO_MANY_REQUESTS, _SERVER_ERROR = 429, 500


def _retryable_status(status: int) -> bool:
    return status == _TOO_MANY_REQUESTS or status >= _SERVER_ERROR


class _RetryableStatusError(Exception):
    """An answer worth asking again for (5xx, 429), with the server's `Retry-After`."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: datetime.datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    now = now or datetime.datetime.now(datetime.UTC)
    return max(0.0, (when - now).total_seconds())


class HttpClient:
    """GET JSON over one connection pool, with a rate limit, parallel requests and retries.

    One `httpx.Client` serves a whole import run (keep-alive instead of a new connection per
    request) and all its threads: `fetch_many` asks for up to `concurrency` URLs at once,
    still at most `rate` requests a second in all. 5xx answers, 429, timeouts and connection
    errors are retried (`tenacity`): after the server's `Retry-After` when it sends one (at
    most `max_retry_after` seconds; every thread holds back until then), else with
    exponential backoff. 404 and 410 are final at once (`GoneError`), other 4xx answers
    too (`FetchError`). Close the client after the run (`close()` or `with`).
    """

    def __init__(
        self,
        *,
        rate: float = 5.0,
        concurrency: int = 4,
        retries: int = 5,
        backoff: float = 0.5,
        timeout: float = 30.0,
        max_retry_after: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.concurrency = max(1, concurrency)
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.max_retry_after = max_retry_after
        self.sleep = sleep
        self.clock = clock
        self.requests = 0
        self.retried = 0
        self.waited = 0.0  # seconds slept for the rate limit, Retry-After and backoff
        self._last = -1e9
        self._not_before = -1e9  # no request before this (a Retry-After for everyone)
        self._lock = threading.Lock()
        self._local = threading.local()  # whether this thread has just waited for a retry
        self._http = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            headers={"Accept": "application/json", "User-Agent": f"ankunft/{__version__}"},
            transport=transport,
            limits=httpx.Limits(max_connections=self.concurrency),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sleep(self, seconds: float) -> None:
        with self._lock:
            self.waited += seconds
        self.sleep(seconds)

    def _wait_turn(self) -> None:
        """Take the next free slot of the rate limit (threads queue up one interval apart)."""
        waited = getattr(self._local, "waited", False)
        self._local.waited = False
        with self._lock:
            now = self.clock()
            hold = -1e9 if waited else self._not_before  # this thread waited for it already
            slot = max(now, self._last + self.interval, hold)
            self._last = slot
            self.requests += 1
        if slot > now:
            self._sleep(slot - now)

    def _wait_before_retry(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _RetryableStatusError) and exc.retry_after is not None:
            wait = min(exc.retry_after, self.max_retry_after)
            with self._lock:  # the server asked everyone to hold back, not just this thread
                self._not_before = max(self._not_before, self.clock() + wait)
            self._local.waited = True
            return wait
        return float(self.backoff * 2 ** (state.attempt_number - 1))

    def _count_retry(self, state: tenacity.RetryCallState) -> None:
        with self._lock:
            self.retried += 1

    def _attempt(self, url: str, params: dict[str, str] | None) -> bytes:
        self._wait_turn()
        response = self._http.get(url, params=params)
        status = response.status_code
        if _retryable_status(status):
            raise _RetryableStatusError(
                status, retry_after_seconds(response.headers.get("Retry-After"))
            )
        if status in _GONE_STATUS:
            raise GoneError(_("%(url)s: HTTP %(status)s") % {"url": url, "status": status})
        if response.is_error:
            raise FetchError(_("%(url)s: HTTP %(status)s") % {"url": url, "status": status})
        return response.content

    def fetch_many(self, urls: Iterable[str]) -> dict[str, Any | FetchError]:
        """The decoded JSON of each URL, or the `FetchError` it gave: `concurrency` at once."""
        unique = list(dict.fromkeys(urls))

        def one(url: str) -> Any | FetchError:
            try:
                return self.get(url)
            except FetchError as exc:
                return exc

        if len(unique) <= 1 or self.concurrency == 1:
            return {url: one(url) for url in unique}
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(unique))) as pool:
            return dict(zip(unique, pool.map(one, unique), strict=True))

    def get(self, url: str, params: dict[str, str] | None = None) -> Any:
        """The decoded JSON at `url`; raises `FetchError` when it cannot be had."""
        if not _is_http(url):
            raise FetchError(_("%(url)s: only http and https URLs can be read") % {"url": url})
        shown = url + ("?" + urllib.parse.urlencode(params) if params else "")
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.retries + 1),
            wait=self._wait_before_retry,
            retry=tenacity.retry_if_exception_type((_RetryableStatusError, *_RETRY_TRANSPORT)),
            before_sleep=self._count_retry,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            body = retrying(self._attempt, url, params)
        except _RetryableStatusError as exc:
            raise FetchError(
                _("%(url)s: HTTP %(status)s") % {"url": shown, "status": exc.status}
            ) from exc
        except httpx.TransportError as exc:
            raise FetchError(
                _("%(url)s: no answer (%(error)s)")
                % {"url": shown, "error": str(exc) or type(exc).__name__}
            ) from exc
        try:
            return load_json(body)
        except JsonBodyError as exc:
            raise FetchError(
                _("%(url)s: malformed JSON (%(error)s)") % {"url": shown, "error": exc}
            ) from exc

    def pages(self, url: str, params: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """The pages of an OParl list, following `links.next` (never the same page twice)."""
        seen: set[str] = set()
        next_url: str | None = url
        first = True
        while next_url and next_url not in seen:
            seen.add(next_url)
            page = self.get(next_url, params if first else None)
            first = False
            if not isinstance(page, dict) or not isinstance(page.get("data"), list):
                raise FetchError(_("%(url)s: not an OParl list") % {"url": next_url})
            yield page
            links = page.get("links")
            next_url = links.get("next") if isinstance(links, dict) else None
            if next_url is not None and not isinstance(next_url, str):
                next_url = None


class HttpSource:
    """An OParl endpoint: a System (all its bodies) or a single Body."""

    incremental = True

    def __init__(self, url: str, client: HttpClient) -> None:
        self.label = url
        self.client = client
        self._bodies: list[dict[str, Any]] | None = None
        self._failure: SourceUnavailableError | None = None
        self._totals: dict[str, int] = {}
        self._fetched: dict[str, Any | FetchError] = {}

    def bodies(self) -> list[dict[str, Any]]:
        """The bodies of the endpoint; a failure is kept, so it is asked for only once."""
        if self._failure is not None:
            raise self._failure
        try:
            return self._read_bodies()
        except FetchError as exc:
            self._failure = SourceUnavailableError(str(exc))
            raise self._failure from exc

    def _read_bodies(self) -> list[dict[str, Any]]:
        if self._bodies is None:
            root = self.client.get(self.label)
            kind = str(root.get("type", "")) if isinstance(root, dict) else ""
            if kind.endswith("/System"):
                body_list = root.get("body")
                if not isinstance(body_list, str):
                    raise FetchError(
                        _("%(url)s: the System names no body list") % {"url": self.label}
                    )
                self._bodies = [
                    body
                    for page in self.client.pages(body_list)
                    for body in page["data"]
                    if isinstance(body, dict)
                ]
            elif kind.endswith("/Body"):
                self._bodies = [root]
            else:
                raise FetchError(
                    _("%(url)s: neither an OParl System nor a Body") % {"url": self.label}
                )
        return self._bodies

    def total(self, kind: str) -> int | None:
        return self._totals.get(kind)

    def items(self, kind: str, since: datetime.datetime | None) -> Iterator[Raw]:
        params = {"modified_since": since.isoformat(timespec="seconds")} if since else None
        for body in self.bodies():
            list_url = body.get(kind)
            if not isinstance(list_url, str):
                continue
            for page in self.client.pages(list_url, params):
                pagination = page.get("pagination")
                if isinstance(pagination, dict) and isinstance(
                    pagination.get("totalElements"), int
                ):
                    self._totals[kind] = pagination["totalElements"]
                for obj in page["data"]:
                    origin = obj.get("id", list_url) if isinstance(obj, dict) else list_url
                    yield Raw(str(origin), obj)

    def fetch(self, url: str) -> Any | None:
        """The object at `url`, asked for once per run: a second reference to it (or to a
        URL that answered 404) costs no request."""
        if url not in self._fetched:
            try:
                self._fetched[url] = self.client.get(url)
            except FetchError as exc:
                self._fetched[url] = exc
        found = self._fetched[url]
        if isinstance(found, FetchError):
            raise found
        return found

    def prefetch(self, urls: Iterable[str]) -> None:
        """Ask for the objects the next items refer to, in parallel (see `fetch_many`)."""
        wanted = [u for u in urls if u not in self._fetched and _is_http(u)]
        if wanted:
            self._fetched.update(self.client.fetch_many(wanted))

    def file_text(self, file_id: str, embedded_text: str) -> str:
        return embedded_text


def _is_http(url: str) -> bool:
    return urllib.parse.urlsplit(url).scheme in {"http", "https"}


def open_source(source: str, client: HttpClient) -> FolderSource | HttpSource:
    """A folder path or an http(s) URL, as a source of OParl objects."""
    if _is_http(source):
        return HttpSource(source, client)
    path = Path(source)
    if not path.is_dir():
        raise FetchError(
            _("%(source)s: no such folder, and not an http(s) URL") % {"source": source}
        )
    return FolderSource(path)
