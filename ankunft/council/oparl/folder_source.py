"""A folder of OParl JSON files as a source of OParl objects (the Karlsruhe sample)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ankunft.core.jsonbody import JsonBodyError, load_json
from ankunft.council.oparl.source import Raw, parse_modified


def _numeric_end(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


class FolderSource:
    """A folder like the Karlsruhe sample: papers/*.json, meetings/*.json, optionally
    organizations/*.json and persons/*.json, and file-contents/ID.txt keyed by the numeric
    end of a File id."""

    _FOLDERS = {
        "organization": "organizations",
        "person": "persons",
        "meeting": "meetings",
        "paper": "papers",
    }
    incremental = False

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = str(path.resolve())
        self._listing: dict[str, list[Path]] = {}

    def _files(self, kind: str) -> list[Path]:
        if kind not in self._listing:
            folder = self.path / self._FOLDERS[kind]
            self._listing[kind] = sorted(folder.glob("*.json")) if folder.is_dir() else []
        return self._listing[kind]

    def total(self, kind: str) -> int | None:
        return len(self._files(kind))

    def items(self, kind: str, since: datetime.datetime | None) -> Iterator[Raw]:
        self._listing.pop(kind, None)  # list the folder afresh for each run
        for file in self._files(kind):
            name = str(file.relative_to(self.path))
            try:
                data = load_json(file.read_bytes())
            except JsonBodyError as exc:
                yield Raw(
                    name,
                    None,
                    _("%(file)s: malformed JSON (%(error)s)") % {"file": name, "error": exc},
                )
                continue
            if since is not None and isinstance(data, dict):
                modified = parse_modified(data.get("modified"))
                if modified is not None and modified < since:
                    continue
            yield Raw(name, data)

    def fetch(self, url: str) -> Any | None:
        return None  # a folder holds what it holds; references elsewhere stay unresolved

    def prefetch(self, urls: Iterable[str]) -> None:
        return None

    def file_text(self, file_id: str, embedded_text: str) -> str:
        path = self.path / "file-contents" / f"{_numeric_end(file_id)}.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
        return embedded_text
