"""The case module's audit paths, one file per area (`audit_<area>.py`)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from tests.cases.matrix import AREAS

CASE_ROUTES: dict[Callable[[Any], Any], str] = {}
NOT_PERSONAL: dict[str, str] = {}
for _area in AREAS:
    _module = importlib.import_module(f"tests.cases.audit_{_area}")
    CASE_ROUTES.update(_module.CASE_ROUTES)
    NOT_PERSONAL.update(_module.NOT_PERSONAL)
