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


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _problem(value: Any, limit: int) -> str | None:
    """What is wrong with `value`: "depth" when nested deeper than `limit`, "surrogate"
    when a text or key holds a lone surrogate (JSON's "\\ud800" escape: no character, it
    can be neither stored nor shown), else None."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                return "surrogate"
            continue
        if isinstance(item, dict):
            if any(_has_surrogate(key) for key in item):
                return "surrogate"
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return "depth"
        stack.extend((child, depth + 1) for child in children)
    return None


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
    except ValueError as exc:  # a number of more than 4,300 digits (Python's int limit)
        raise JsonBodyError(_("The JSON holds a number with too many digits.")) from exc
    problem = _problem(value, max_depth)
    if problem == "depth":
        raise JsonBodyError(_("The JSON is nested more than %(n)s levels deep.") % {"n": max_depth})
    if problem == "surrogate":
        raise JsonBodyError(_("The JSON holds an invalid character (a lone UTF-16 surrogate)."))
    return value
