"""What the importer reads from: a `Source` of OParl objects, each one a `Raw` item (the
decoded JSON or the reason it could not be read), and the errors of reading.

The two sources are `FolderSource` (folder_source.py) and `HttpSource` (client.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

KINDS = ("organization", "person", "meeting", "paper")


@dataclass(frozen=True)
class Raw:
    """One object as read: `data` is the decoded JSON, or None with an `error`."""

    origin: str
    data: Any
    error: str = ""


class FetchError(RuntimeError):
    """An HTTP request failed for good (after retries, or with a 4xx answer)."""


class GoneError(FetchError):
    """404 or 410: the object is not there, and asking again will not change that."""


class SourceUnavailableError(FetchError):
    """The source itself cannot be read (no answer, not OParl): the run stops there."""


class Source(Protocol):
    label: str
    incremental: bool

    def items(self, kind: str, since: datetime.datetime | None) -> Iterator[Raw]: ...

    def total(self, kind: str) -> int | None: ...

    def fetch(self, url: str) -> Any | None: ...

    def file_text(self, file_id: str, embedded_text: str) -> str: ...


def parse_modified(value: Any) -> datetime.datetime | None:
    """The `modified` timestamp of an object, or None when absent or unreadable."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)
