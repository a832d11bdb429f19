"""Validation of OParl objects against the official OParl 1.1 JSON schemas
(../shared/data/oparl-1.1/schema, unchanged from the specification).

The schemas name an embedded object's schema with their own keyword `"schema":
"File.json"` (not `$ref`), so `validate` checks an object against its schema and then
each embedded object against the schema its property names, all the way down.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jsonschema import Draft202012Validator, FormatChecker

SCHEMAS = Path(__file__).resolve().parents[3] / "shared/data/oparl-1.1/schema"
T = "https://schema.oparl.org/1.1/"


def _checker() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("url")
    def is_url(value: object) -> bool:  # OParl's own format: an absolute http(s) URL
        parts = urlparse(str(value))
        return parts.scheme in {"http", "https"} and bool(parts.netloc)

    @checker.checks("date-time")
    def is_moment(value: object) -> bool:  # with a time zone, as OParl asks
        try:
            return datetime.datetime.fromisoformat(str(value)).tzinfo is not None
        except ValueError:
            return False

    @checker.checks("date")
    def is_day(value: object) -> bool:
        try:
            datetime.date.fromisoformat(str(value))
        except ValueError:
            return False
        return len(str(value)) == 10

    return checker


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name), format_checker=_checker())


def errors(obj: Any, name: str | None = None, where: str = "") -> list[str]:
    """Every way `obj` (and what it embeds) breaks its schema; `name` defaults to its type."""
    if name is None:
        name = str(obj.get("type", "")).removeprefix(T) if isinstance(obj, dict) else ""
    where = where or str(obj.get("id", name)) if isinstance(obj, dict) else where
    found = [
        f"{where}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(name).iter_errors(obj)
    ]
    if not isinstance(obj, dict):
        return found
    for key, prop in schema(name)["properties"].items():
        value = obj.get(key)
        inner = prop.get("schema") or (prop.get("items") or {}).get("schema")
        if value is None or not inner or prop.get("references") == "externalList":
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                found.extend(errors(item, inner.removesuffix(".json"), f"{where} {key}"))
    return found
