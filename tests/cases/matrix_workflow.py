# ruff: noqa: E501 - one row per line: the table is read across
"""Access-matrix rows of the case module's workflow pages and API (see tests/access_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.access_rows import A, P, Row  # noqa: F401

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
]
# fmt: on
BODIES: dict[str, dict[str, Any]] = {}
MULTIPART: set[str] = set()
