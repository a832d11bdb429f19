"""The case module's rows of the access matrix, one file per area (`matrix_<area>.py`)."""

from __future__ import annotations

import importlib
from typing import Any

AREAS = ("persons", "workflow", "referrals", "appointments", "worklist", "privacy")

ROWS: list[Any] = []
BODIES: dict[str, dict[str, Any]] = {}
MULTIPART: set[str] = set()
for _area in AREAS:
    _module = importlib.import_module(f"tests.cases.matrix_{_area}")
    ROWS += _module.ROWS
    BODIES.update(_module.BODIES)
    MULTIPART |= _module.MULTIPART

# Into the core table (tests/access_matrix.py), which imports this module at its end; when
# this module is imported first, the core table is already complete here. Either way once.
from tests import access_matrix as _core  # noqa: E402

_core.ROWS += [r for r in ROWS if r not in _core.ROWS]
_core.BODIES.update(BODIES)
_core.MULTIPART |= MULTIPART
