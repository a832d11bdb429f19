"""The reports module's test areas: each keeps its access-matrix rows (`matrix_<area>.py`),
its records of the matrix's world (`world_<area>.py`) and its routes' audit explanations
(`audit_<area>.py`)."""

from __future__ import annotations

import importlib
from typing import Any

from ankunft.core.models import Municipality, User

AREAS = ("pages", "dashboards", "public")

ROWS: list[Any] = []
BODIES: dict[str, dict[str, Any]] = {}
MULTIPART: set[str] = set()
NOT_PERSONAL: dict[str, str] = {}
CASE_ROUTES: dict[Any, str] = {}
for _area in AREAS:
    _matrix = importlib.import_module(f"tests.reports.matrix_{_area}")
    ROWS += _matrix.ROWS
    BODIES.update(_matrix.BODIES)
    MULTIPART |= _matrix.MULTIPART
    _audit = importlib.import_module(f"tests.reports.audit_{_area}")
    NOT_PERSONAL.update(_audit.NOT_PERSONAL)
    CASE_ROUTES.update(getattr(_audit, "CASE_ROUTES", {}))


def build_world(m: Municipality, people: dict[str, User], world: dict[str, Any]) -> None:
    for area in AREAS:
        importlib.import_module(f"tests.reports.world_{area}").build(m, people, world)
