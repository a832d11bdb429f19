"""The case module's rows of the access matrix, one file per area (`matrix_<area>.py`)."""

from __future__ import annotations

import importlib
import sys
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

# The area files import the table's row markers (tests.access_matrix), which imports this
# module for its rows: when this module is imported first, the table is loaded while this one
# is half built and takes no area's rows. Hand them over now (`_cases` is bound once the
# table has finished loading; while it is loading us, it takes the rows itself).
_table = sys.modules.get("tests.access_matrix")
if _table is not None and hasattr(_table, "_cases") and ROWS and ROWS[0] not in _table.ROWS:
    _table.ROWS += ROWS
    _table.BODIES.update(BODIES)
    _table.MULTIPART |= MULTIPART
