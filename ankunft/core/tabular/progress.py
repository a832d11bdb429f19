"""A plain progress bar for commands, written to stderr: "[######------]  3.000/6.000"."""

from __future__ import annotations

from typing import TextIO

from django.core.management.base import OutputWrapper


class ProgressBar:
    WIDTH = 30

    def __init__(
        self, stream: TextIO | OutputWrapper, label: str = "", *, enabled: bool = True
    ) -> None:
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
        self._write(f"\r{label}[{bar}] {done}/{total}")
        self._shown = True

    def _write(self, text: str) -> None:
        # A command's `self.stderr` ends every write with a line feed unless told not to.
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        if self._shown:
            self._write("\n")
            self._shown = False
