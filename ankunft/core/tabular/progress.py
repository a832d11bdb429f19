"""A plain progress bar for commands, written to stderr: "[######------]  3.000/6.000"."""

from __future__ import annotations

from typing import TextIO


class ProgressBar:
    WIDTH = 30

    def __init__(self, stream: TextIO, label: str = "", *, enabled: bool = True) -> None:
        self.stream = stream
        self.label = label
        self.enabled = enabled
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        filled = self.WIDTH * done // total if total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        label = f"{self.label} " if self.label else ""
        self.stream.write(f"\r{label}[{bar}] {done}/{total}")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False
