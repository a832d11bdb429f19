"""Every table wrapper of every template is a named, focusable scroll region, so that a
keyboard user can scroll a wide table on a phone (axe: scrollable-region-focusable)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "ankunft"
WRAPPER = re.compile(r'<div class="table-wrap"[^>]*>')
NAMED = re.compile(
    r'^<div class="table-wrap" tabindex="0" role="region" '
    r'(aria-labelledby="[^"]+"|aria-label="\{% translate "[^"]+" %\}"'
    # an included table named by its includer: `{% translate "…" as label %}` there
    r'|aria-label="\{\{ [a-z_]+ \}\}")>$'
)


def test_every_table_wrapper_is_a_named_focusable_region():
    wrappers = [
        (path.relative_to(ROOT).as_posix(), tag)
        for path in sorted(ROOT.glob("*/templates/**/*.html"))
        for tag in WRAPPER.findall(path.read_text(encoding="utf-8"))
    ]
    assert len(wrappers) >= 45
    assert [(path, tag) for path, tag in wrappers if not NAMED.match(tag)] == []
