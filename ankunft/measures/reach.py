"""People reached by measures: counted by the case module, which measures may not import.

The case module registers its counting function at start-up (`register_people_reached`);
the chain asks through `people_reached`. Counts only, never names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

Period = tuple[dt.date | None, dt.date | None]
Counter = Callable[[int, Sequence[int], Period], dict[str, Any]]

_counter: list[Counter] = []


def register_people_reached(fn: Counter) -> None:
    """Set the function that counts distinct persons per measure (registering replaces)."""
    _counter[:] = [fn]


def people_reached(
    municipality_id: int, measure_ids: Sequence[int], period: Period = (None, None)
) -> dict[str, Any] | None:
    """`{"total": n, "per_measure": {measure_id: n}}`, or None when nothing counts people."""
    if not _counter:
        return None
    return _counter[0](municipality_id, measure_ids, period)
