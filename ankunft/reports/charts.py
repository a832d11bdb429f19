"""The report's charts as inline SVG, drawn by the app from a published table (no JS, no
chart library): grouped bars for money per year, a step chart for FTE over time, horizontal
bars for tables that count people.

Readable in black and white: every series has its own fill *pattern* (solid, hatched,
dotted, outline …) and a black outline, lines have their own dash and marker shape, and
every chart has a legend. Colours and styles are presentation attributes, not CSS, so the
same SVG looks the same on screen, in the standalone file and in WeasyPrint's PDF.

A chart is one image for assistive technology (`role="img"`, `<title>`, `<desc>`); the
table with the same figures follows it in the document (the text alternative). Suppressed
figures (None) are never drawn: their place is marked "•".
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ankunft.measures.charts import fmt, nice_ticks
from ankunft.reports.content import SUPPRESSED_MARK, TableJSON

Value = int | float | None

FONT = 'font-family="sans-serif" font-size="11" fill="#000"'
INK = "#000"
CHAR_W = 6.8  # an estimate of a character's width at font-size 11, for layout only
SWATCH = 12

# One pattern per series: (pattern content on a 6×6 tile, or "" for a plain fill, fill).
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("", "#333"),  # solid dark
    ('<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="#000" stroke-width="1.4"/>', ""),
    ('<circle cx="3" cy="3" r="1.3" fill="#000"/>', ""),
    ("", "#fff"),  # outline only
    ('<path d="M0,0 L6,6 M6,0 L0,6" stroke="#000" stroke-width="1"/>', ""),
    ('<path d="M0,3 H6" stroke="#000" stroke-width="1.4"/>', ""),
)
_DASHES = ("", "6 3", "2 2", "8 3 2 3")
_MARKERS = ("circle", "square", "triangle", "diamond")


def _d(value: Value) -> Decimal:
    return Decimal(str(value))


def _num(value: float) -> str:
    return f"{value:.1f}"


def _pattern_defs(prefix: str, count: int) -> SafeString:
    defs = []
    for i in range(count):
        tile, _fill = _PATTERNS[i % len(_PATTERNS)]
        if tile:
            defs.append(
                format_html(
                    '<pattern id="{}-p{}" patternUnits="userSpaceOnUse" width="6" height="6">'
                    '<rect width="6" height="6" fill="#fff"/>{}</pattern>',
                    prefix,
                    i,
                    mark_safe(tile),  # noqa: S308  # a constant of this module
                )
            )
    return mark_safe("<defs>" + "".join(defs) + "</defs>")  # noqa: S308  # built by format_html


def series_fill(prefix: str, i: int) -> str:
    """The fill of series `i`: a pattern reference or a plain fill (see `_PATTERNS`)."""
    tile, fill = _PATTERNS[i % len(_PATTERNS)]
    return f"url(#{prefix}-p{i})" if tile else fill


def _legend(
    prefix: str, labels: Sequence[str], *, x0: float, y0: float, width: float, lines: bool
) -> tuple[SafeString, float]:
    """The legend below a chart, wrapped to `width`: its markup and its height."""
    items, x, y = [], x0, y0
    for i, label in enumerate(labels):
        item_w = SWATCH + 6 + len(label) * CHAR_W + 16
        if x > x0 and x + item_w > x0 + width:
            x, y = x0, y + 18
        swatch = (
            _marker_line(i, x, y + SWATCH / 2, x + SWATCH + 4)
            if lines
            else format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"/>',
                _num(x),
                _num(y),
                SWATCH,
                SWATCH,
                series_fill(prefix, i),
                INK,
            )
        )
        items.append(
            format_html(
                '{}<text x="{}" y="{}" {}>{}</text>',
                swatch,
                _num(x + SWATCH + 8),
                _num(y + SWATCH - 2),
                mark_safe(FONT),  # noqa: S308  # a constant
                label,
            )
        )
        x += item_w
    return mark_safe("".join(items)), y + 18 - y0  # noqa: S308  # built by format_html


def _marker(i: int, x: float, y: float) -> SafeString:
    shape = _MARKERS[i % len(_MARKERS)]
    r = 4.0
    if shape == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="#fff" stroke="{}" stroke-width="1.5"/>',
            _num(x),
            _num(y),
            r,
            INK,
        )
    if shape == "square":
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
            _num(x - r),
            _num(y - r),
            2 * r,
            2 * r,
            INK,
        )
    points = (
        [(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)]
        if shape == "triangle"
        else [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
    )
    return format_html(
        '<polygon points="{}" fill="{}" stroke="{}"/>',
        " ".join(f"{_num(px)},{_num(py)}" for px, py in points),
        "#fff" if shape == "diamond" else INK,
        INK,
    )


def _marker_line(i: int, x1: float, y: float, x2: float) -> SafeString:
    dash = _DASHES[i % len(_DASHES)]
    return format_html(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2"{}/>{}',
        _num(x1),
        _num(x2),
        _num(y),
        _num(y),
        INK,
        format_html(' stroke-dasharray="{}"', dash) if dash else "",
        _marker(i, (x1 + x2) / 2, y),
    )


def _svg(
    table: TableJSON, *, width: float, height: float, body: SafeString, desc: str
) -> SafeString:
    prefix = f"chart-{table['name']}"
    return format_html(
        '<svg class="report-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-labelledby="{p}-title {p}-desc">'
        '<title id="{p}-title">{title}</title><desc id="{p}-desc">{desc}</desc>{body}</svg>',
        w=_num(width),
        h=_num(height),
        p=prefix,
        title=table["title"],
        desc=desc,
        body=body,
    )


def _describe(kind: str, table: TableJSON, groups: Sequence[str]) -> str:
    text = _("%(kind)s: %(series)s for %(groups)s.") % {
        "kind": kind,
        "series": ", ".join(table["column_labels"]),
        "groups": ", ".join(groups),
    }
    if any(v is None for row in table["cells"] for v in row):
        text += " " + _("Suppressed figures are not drawn and are marked •.")
    return text + " " + _("The same figures are in the table that follows the chart.")


def _ticks(values: Sequence[Value]) -> list[Decimal]:
    known = [_d(v) for v in values if v is not None]
    return nice_ticks(min([Decimal(0), *known]), max([Decimal(1), *known]))


def grouped_bar_chart(table: TableJSON) -> SafeString:
    """Vertical grouped bars: one group per row (a year), one bar per column (planned,
    committed, spent …), each column with its own pattern."""
    prefix = f"chart-{table['name']}"
    groups, series = table["row_labels"], table["column_labels"]
    ticks = _ticks([v for row in table["cells"] for v in row])
    low, high = float(ticks[0]), float(ticks[-1])
    left = max(48.0, max(len(fmt(t)) for t in ticks) * CHAR_W + 14)
    width, top, inner_h = 640.0, 16.0, 200.0
    inner_w = width - left - 16
    group_w = inner_w / max(1, len(groups))
    bar_w = min(40.0, group_w * 0.8 / max(1, len(series)))

    def y(value: float) -> float:
        return top + inner_h - (value - low) / (high - low) * inner_h

    parts = [_pattern_defs(prefix, len(series))]
    parts += [
        format_html(
            '<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="#999" stroke-width="0.5"/>'
            '<text x="{}" y="{y}" text-anchor="end" dominant-baseline="middle" {f}>{}</text>',
            _num(left),
            _num(width - 16),
            _num(left - 6),
            fmt(t),
            y=_num(y(float(t))),
            f=mark_safe(FONT),  # noqa: S308  # a constant
        )
        for t in ticks
    ]
    base = y(0.0)
    for g, label in enumerate(groups):
        gx = left + g * group_w + (group_w - bar_w * len(series)) / 2
        for s, value in enumerate(table["cells"][g]):
            x = gx + s * bar_w
            if value is None:
                parts.append(_suppressed_mark(x + bar_w / 2, base - 4, "middle"))
                continue
            y1, y2 = sorted((y(float(value)), base))
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}">'
                    "<title>{}, {}: {}</title></rect>",
                    _num(x),
                    _num(y1),
                    _num(bar_w),
                    _num(max(y2 - y1, 0.5)),
                    series_fill(prefix, s),
                    INK,
                    label,
                    series[s],
                    fmt(_d(value)),
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" {}>{}</text>',
                _num(left + g * group_w + group_w / 2),
                _num(top + inner_h + 16),
                mark_safe(FONT),  # noqa: S308  # a constant
                label,
            )
        )
    parts.append(_axes(left, top, width - 16, base, top + inner_h))
    legend, legend_h = _legend(
        prefix, series, x0=left, y0=top + inner_h + 30, width=inner_w, lines=False
    )
    parts.append(legend)
    height = top + inner_h + 30 + legend_h + 4
    desc = _describe(_("Grouped bar chart"), table, groups)
    return _svg(table, width=width, height=height, body=_join(parts), desc=desc)


def horizontal_bar_chart(table: TableJSON) -> SafeString:
    """Horizontal bars for a table that counts people: one group per row (a district, an
    age band), one bar per column; a suppressed figure gets no bar, only "•"."""
    prefix = f"chart-{table['name']}"
    groups, series = table["row_labels"], table["column_labels"]
    ticks = _ticks([v for row in table["cells"] for v in row])
    low, high = float(ticks[0]), float(ticks[-1])
    left = min(200.0, max(len(g) for g in groups) * CHAR_W + 12) if groups else 40.0
    width, top, bar_h, gap = 640.0, 8.0, 12.0, 10.0
    inner_w = width - left - 56  # room for the value after the longest bar
    group_h = bar_h * len(series) + gap
    inner_h = group_h * len(groups)

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * inner_w

    base = x(0.0)
    parts = [_pattern_defs(prefix, len(series))]
    for g, label in enumerate(groups):
        gy = top + g * group_h + gap / 2
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" {}>{}</text>',
                _num(left - 6),
                _num(gy + bar_h * len(series) / 2),
                mark_safe(FONT),  # noqa: S308  # a constant
                label,
            )
        )
        for s, value in enumerate(table["cells"][g]):
            y = gy + s * bar_h
            if value is None:
                parts.append(_suppressed_mark(base + 4, y + bar_h - 2, "start"))
                continue
            x1, x2 = sorted((x(float(value)), base))
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}">'
                    '<title>{}, {}: {v}</title></rect><text x="{}" y="{}" {}>{v}</text>',
                    _num(x1),
                    _num(y),
                    _num(max(x2 - x1, 0.5)),
                    _num(bar_h - 1),
                    series_fill(prefix, s),
                    INK,
                    label,
                    series[s],
                    _num(x2 + 4),
                    _num(y + bar_h - 2),
                    mark_safe(FONT),  # noqa: S308  # a constant
                    v=fmt(_d(value)),
                )
            )
    bottom = top + inner_h
    parts += [
        format_html(
            '<line x1="{x}" x2="{x}" y1="{}" y2="{}" stroke="#999" stroke-width="0.5"/>'
            '<text x="{x}" y="{}" text-anchor="middle" {}>{}</text>',
            _num(top),
            _num(bottom),
            _num(bottom + 14),
            mark_safe(FONT),  # noqa: S308  # a constant
            fmt(t),
            x=_num(x(float(t))),
        )
        for t in ticks
    ]
    parts.append(_axes(base, top, left + inner_w, bottom, bottom))
    legend, legend_h = _legend(prefix, series, x0=left, y0=bottom + 24, width=inner_w, lines=False)
    parts.append(legend)
    height = bottom + 24 + legend_h + 4
    desc = _describe(_("Horizontal bar chart"), table, groups)
    return _svg(table, width=width, height=height, body=_join(parts), desc=desc)


def step_chart(table: TableJSON) -> SafeString:
    """FTE over time: one step line per column (created, filled, vacant), each with its own
    dash and marker shape; the rows are the points in time."""
    prefix = f"chart-{table['name']}"
    points, series = table["row_labels"], table["column_labels"]
    ticks = _ticks([v for row in table["cells"] for v in row])
    low, high = float(ticks[0]), float(ticks[-1])
    left = max(48.0, max(len(fmt(t)) for t in ticks) * CHAR_W + 14)
    width, top, inner_h = 640.0, 16.0, 200.0
    inner_w = width - left - 40  # room for half the last date below the axis
    n = len(points)

    def x(i: int) -> float:
        return left + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)

    def y(value: float) -> float:
        return top + inner_h - (value - low) / (high - low) * inner_h

    parts = [
        format_html(
            '<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="#999" stroke-width="0.5"/>'
            '<text x="{}" y="{y}" text-anchor="end" dominant-baseline="middle" {f}>{}</text>',
            _num(left),
            _num(left + inner_w),
            _num(left - 6),
            fmt(t),
            y=_num(y(float(t))),
            f=mark_safe(FONT),  # noqa: S308  # a constant
        )
        for t in ticks
    ]
    every = max(1, -(-n // 6))
    parts += [
        format_html(
            '<text x="{}" y="{}" text-anchor="middle" {}>{}</text>',
            _num(x(i)),
            _num(top + inner_h + 16),
            mark_safe(FONT),  # noqa: S308  # a constant
            label,
        )
        for i, label in enumerate(points)
        if i % every == 0 or i == n - 1
    ]
    for s in range(len(series)):
        values = [row[s] for row in table["cells"]]
        path, pen_down = [], False
        for i, value in enumerate(values):
            if value is None:
                pen_down = False
                parts.append(_suppressed_mark(x(i), y(low) - 4, "middle"))
                continue
            vy = _num(y(float(value)))
            path.append(f"V{vy} " if pen_down else f"M{_num(x(i))},{vy} ")
            if i + 1 < n and values[i + 1] is not None:
                path.append(f"H{_num(x(i + 1))} ")
            pen_down = True
        dash = _DASHES[s % len(_DASHES)]
        parts.append(
            format_html(
                '<path d="{}" fill="none" stroke="{}" stroke-width="2"{}/>',
                "".join(path).strip(),
                INK,
                format_html(' stroke-dasharray="{}"', dash) if dash else "",
            )
        )
        parts += [_marker(s, x(i), y(float(v))) for i, v in enumerate(values) if v is not None]
    parts.append(_axes(left, top, left + inner_w, y(0.0), top + inner_h))
    legend, legend_h = _legend(
        prefix, series, x0=left, y0=top + inner_h + 30, width=inner_w, lines=True
    )
    parts.append(legend)
    height = top + inner_h + 30 + legend_h + 4
    desc = _describe(_("Step chart over time"), table, [points[0], points[-1]] if points else [])
    return _svg(table, width=width, height=height, body=_join(parts), desc=desc)


def _axes(x0: float, top: float, x1: float, base: float, bottom: float) -> SafeString:
    """The value axis (x0, top…bottom) and the base line at zero (x0…x1 at `base`)."""
    if x0 == x1:
        return SafeString("")
    return format_html(
        '<line x1="{x0}" x2="{x0}" y1="{t}" y2="{b}" stroke="{ink}"/>'
        '<line x1="{x0}" x2="{x1}" y1="{base}" y2="{base}" stroke="{ink}"/>',
        x0=_num(x0),
        x1=_num(x1),
        t=_num(top),
        b=_num(bottom),
        base=_num(base),
        ink=INK,
    )


def _suppressed_mark(x: float, y: float, anchor: str) -> SafeString:
    return format_html(
        '<text class="suppressed" x="{}" y="{}" text-anchor="{}" {}>{}<title>{}</title></text>',
        _num(x),
        _num(y),
        anchor,
        mark_safe(FONT),  # noqa: S308  # a constant
        SUPPRESSED_MARK,
        _("suppressed"),
    )


def _join(parts: Sequence[SafeString | str]) -> SafeString:
    return format_html_join("", "{}", ((p,) for p in parts))


def chart_for(table: TableJSON) -> SafeString:
    """The chart that suits a table: people → horizontal bars, FTE → a step chart over
    time, anything else (money) → grouped bars."""
    if not table["row_labels"] or not table["column_labels"]:
        return SafeString("")
    if table["people"]:
        return horizontal_bar_chart(table)
    if table["unit"] == "FTE":
        return step_chart(table)
    return grouped_bar_chart(table)
