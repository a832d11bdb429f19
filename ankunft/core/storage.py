"""File storage that leaves no partial file behind (issue 12, disk-full drill)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage


class CleanFileSystemStorage(FileSystemStorage):
    """Django's FileSystemStorage, but a write that fails midway (ENOSPC: the disk is full,
    EDQUOT, an I/O error) removes the file it had begun, so that no truncated file stays
    on disk. The caller's transaction then rolls back the record: neither is kept."""

    def _save(self, name: str, content: Any) -> str:
        directory = Path(self.path(name)).parent
        before = set(os.listdir(directory)) if directory.is_dir() else set()
        try:
            return str(super()._save(name, content))  # type: ignore[misc]  # not in the stubs
        except OSError:
            # The file Django created under `name` (or a free variant of it) is new in its
            # folder: remove what this call began, nothing that was there before.
            stem = Path(name).name.split(".")[0]
            if directory.is_dir():
                for entry in set(os.listdir(directory)) - before:
                    if entry.startswith(stem):
                        (directory / entry).unlink(missing_ok=True)
            raise
