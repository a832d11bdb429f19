"""Public search results cached for the minute (pages say what is open now), shared by the
server's workers when `CACHE_DIR` is set.

A key holds the municipality, the directory's version (raised by every write to its offers,
read from the database so that all processes agree), the minute and what the reader asked
(language, query string). While one worker makes a minute's answer (its busy mark in the
cache), the others give the previous minute's answer of the same version: a popular query is
computed once a minute, not by every worker that asks at the turn of it, and a changed offer
(a new version) is never answered from before the change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from ankunft.directory import search

SECONDS = 120  # made for one minute; the next minute may give it while its own is made
BUSY_SECONDS = 10


class Entry:
    def __init__(self, kind: str, municipality_id: int, asked: Any) -> None:
        now = timezone.localtime()
        version = search.version_of(municipality_id)

        def key(minute: dt.datetime) -> str:
            raw = repr((kind, municipality_id, version, f"{minute:%Y%m%d%H%M}", asked))
            return f"directory:{kind}:" + hashlib.sha256(raw.encode()).hexdigest()

        self.current = key(now)
        self.previous = key(now - dt.timedelta(minutes=1))

    def get(self) -> Any | None:
        """This minute's answer; or, while another worker makes it, the previous minute's;
        None: make it (and `set` it)."""
        found = cache.get(self.current)
        if found is None and not cache.add(f"{self.current}:busy", 1, BUSY_SECONDS):
            found = cache.get(self.previous)
        return found

    def set(self, value: Any) -> None:
        cache.set(self.current, value, SECONDS)
