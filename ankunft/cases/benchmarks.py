"""Benchmarks of the cases module (`ankunft bench NAME`)."""

from __future__ import annotations

from ankunft.cases.matching import evaluate

BENCHMARKS = {
    "name-matcher": (
        "duplicate-name matcher: precision/recall on the labelled pairs, speed, blocking",
        evaluate.run,
    ),
}
