"""Records of the access matrix's world: the case module's workflow."""

from __future__ import annotations

from typing import Any

from ankunft.core.models import Municipality, User


def build(m: Municipality, people: dict[str, User], world: dict[str, Any]) -> None:
    """Add this area's records to `world` (the names the matrix rows use)."""
