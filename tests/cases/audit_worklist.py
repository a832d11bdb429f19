"""Audit paths of the case module's worklist pages and API (see tests/core/test_audit_paths.py):
`CASE_ROUTES` maps a function (taking the World of that file, returning its Shown) to
its route; `NOT_PERSONAL` maps a route that shows no personal field to the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CASE_ROUTES: dict[Callable[[Any], Any], str] = {}
NOT_PERSONAL: dict[str, str] = {}
