"""Benchmarks of the whole stack (`ankunft bench load`); see ankunft.core.drills.loadtest."""

from __future__ import annotations

from typing import Any


def load(args: list[str], out: Any) -> None:
    from ankunft.core.drills import loadtest  # noqa: PLC0415 - only when the bench runs

    def say(line: str) -> None:
        out.write(line + "\n")
        getattr(out, "flush", lambda: None)()

    loadtest.run(args, say)


BENCHMARKS = {
    "load": (
        "mixed public/staff load on gunicorn with wrk: req/s, p95, beside a static file",
        load,
    ),
}
