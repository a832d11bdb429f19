"""JSON from outside (API bodies, uploaded files) with a bounded size and nesting depth.

`json.loads` recurses once per level: a body of 100,000 `[` would exhaust the stack, and a
merely deep one would make every later walk over it slow. A clear error instead.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

MAX_DEPTH = 32
MAX_BYTES = 20 * 1024 * 1024


class JsonBodyError(ValueError):
    """The data is not JSON, is too large, or is nested too deeply (message translated)."""


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def load_json(data: bytes | str, *, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_BYTES) -> Any:
    """`data` parsed as JSON; raises `JsonBodyError` with a translated message."""
    if len(data) > max_bytes:
        raise JsonBodyError(
            _("The JSON is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}
        )
    try:
        value = json.loads(data)
    except RecursionError as exc:
        raise JsonBodyError(
            _("The JSON is nested more than %(n)s levels deep.") % {"n": max_depth}
        ) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise JsonBodyError(_("The data is not valid JSON: %(error)s") % {"error": exc}) from exc
    if _depth_exceeds(value, max_depth):
        raise JsonBodyError(_("The JSON is nested more than %(n)s levels deep.") % {"n": max_depth})
    return value
