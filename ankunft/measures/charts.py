"""Traffic lights and small inline SVG charts, rendered by the app (no chart library, no
external service): a sparkline per indicator with its target as a dashed line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ankunft.measures.models import Indicator, IndicatorValue


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"


LIGHT_LABELS: dict[Light, Promise] = {
    Light.GREEN: _("on target"),
    Light.AMBER: _("close to target"),
    Light.RED: _("off target"),
    Light.NONE: _("no value or target yet"),
}
# Shapes make the state readable without colour too (with the text next to it).
LIGHT_SYMBOLS = {Light.GREEN: "●", Light.AMBER: "◐", Light.RED: "○", Light.NONE: "–"}


def traffic_light(
    *,
    value: Decimal | None,
    target: Decimal | None,
    direction: str,
    amber_band: Decimal = Decimal(10),
) -> Light:
    """Green when the value meets the target in the indicator's direction, amber when it
    misses by at most `amber_band` percent of the target, red otherwise."""
    if value is None or target is None:
        return Light.NONE
    band = abs(target) * amber_band / Decimal(100)
    if direction == Indicator.Direction.LOWER:
        if value <= target:
            return Light.GREEN
        return Light.AMBER if value <= target + band else Light.RED
    if value >= target:
        return Light.GREEN
    return Light.AMBER if value >= target - band else Light.RED


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator with its series, latest value and traffic light, ready to show."""

    indicator: Indicator
    series: list[tuple[dt.date, Decimal]]
    latest: Decimal | None
    latest_period: dt.date | None
    light: Light

    @classmethod
    def of(cls, indicator: Indicator, values: list[IndicatorValue]) -> IndicatorStatus:
        series = [(v.period, v.value) for v in sorted(values, key=lambda v: v.period)]
        latest_period, latest = series[-1] if series else (None, None)
        light = traffic_light(
            value=latest,
            target=indicator.target,
            direction=indicator.direction,
            amber_band=indicator.amber_band,
        )
        return cls(indicator, series, latest, latest_period, light)


WIDTH, HEIGHT, PAD = 160, 40, 4


def plain(value: Decimal) -> Decimal:
    """12.50 → 12.5, 100.00 → 100 (without switching to exponent notation)."""
    normalized = value.normalize()
    return normalized.quantize(Decimal(1)) if normalized == normalized.to_integral() else normalized


def fmt(value: Decimal) -> str:
    """A number for people, in the active language (1.234,5 in German)."""
    return number_format(plain(value), use_l10n=True, force_grouping=True)


def _scale(values: Sequence[Decimal], target: Decimal | None) -> tuple[Decimal, Decimal]:
    points = [*values, *([target] if target is not None else [])]
    low = min([Decimal(0), *points])
    high = max([Decimal(1), *points])
    return low, (high - low) or Decimal(1)


def _y(value: Decimal, low: Decimal, span: Decimal) -> str:
    inner = HEIGHT - 2 * PAD
    return f"{PAD + inner - float((value - low) / span) * inner:.1f}"


def _x(i: int, count: int) -> str:
    inner = WIDTH - 2 * PAD
    return f"{PAD + (inner * i / (count - 1) if count > 1 else inner / 2):.1f}"


def sparkline(
    series: Sequence[tuple[dt.date, Decimal]], target: Decimal | None, *, label: str
) -> SafeString:
    """An accessible inline SVG: the values as a line, the target as a dashed line.

    `label` describes the chart for screen readers (the same figures are in the page's text).
    """
    values = [v for _p, v in series]
    low, span = _scale(values, target)
    n = len(values)
    coords = [(_x(i, n), _y(v, low, span)) for i, v in enumerate(values)]
    target_line = (
        format_html(
            '<line class="target" x1="{}" x2="{}" y1="{}" y2="{}" stroke-dasharray="4 3"/>',
            PAD,
            WIDTH - PAD,
            _y(target, low, span),
            _y(target, low, span),
        )
        if target is not None
        else ""
    )
    line = (
        format_html(
            '<polyline class="line" fill="none" points="{}"/>',
            " ".join(f"{x},{y}" for x, y in coords),
        )
        if n > 1
        else ""
    )
    dots = format_html_join("", '<circle class="dot" cx="{}" cy="{}" r="2"/>', coords)
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-label="{label}"><title>{label}</title>{target}{line}{dots}</svg>',
        w=WIDTH,
        h=HEIGHT,
        label=label,
        target=target_line,
        line=line,
        dots=dots,
    )


def chart_label(
    series: Sequence[tuple[dt.date, Decimal]], target: Decimal | None, unit: str = ""
) -> str:
    """A text description of a sparkline: how many values, the last one and the target."""
    if not series:
        return str(_("No values yet."))
    last_period, last_value = series[-1]
    text = ngettext(
        "%(count)s value up to %(period)s, latest %(value)s %(unit)s",
        "%(count)s values up to %(period)s, latest %(value)s %(unit)s",
        len(series),
    ) % {
        "count": len(series),
        "period": last_period.strftime("%m/%Y"),
        "value": fmt(last_value),
        "unit": unit,
    }
    if target is not None:
        text += "; " + str(_("target %(target)s")) % {"target": fmt(target)}
    return text.replace("  ", " ")


# The indicator page's chart: a coordinate system people can read, on screen and printed in
# black and white (the target is a dashed line with its own label, values are marked points).
CHART_W, CHART_H = 400, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 30, 30, 46
MAX_X_LABELS = 5


def nice_ticks(low: Decimal, high: Decimal, count: int = 4) -> list[Decimal]:
    """Round axis steps from `low` to at least `high`: 0, 10, 20, 30, 40 for 0…37."""
    span = (high - low) or Decimal(1)
    raw = span / count
    magnitude = Decimal(10) ** raw.adjusted()
    step = next(
        m * magnitude
        for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
        if m * magnitude >= raw
    )
    start = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    ticks = [start]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def indicator_chart_svg(
    series: Sequence[tuple[dt.date, Decimal]],
    target: Decimal | None,
    *,
    title: str,
    unit: str = "",
) -> SafeString:
    """The indicator page's chart as inline SVG: a value axis with round steps and grid
    lines, the periods along the bottom, the values as a line with marked points (each with
    its period and value as a tooltip, `<title>`), and the target as a labelled dashed line.

    The chart is one image for assistive technology, named by `title` and described by
    `chart_label`; the page lists the same values in a table below it."""
    values = [v for _p, v in series]
    points = [*values, *([target] if target is not None else [])]
    ticks = nice_ticks(min([Decimal(0), *points]), max([Decimal(1), *points]))
    low, high = ticks[0], ticks[-1]
    inner_w, inner_h = CHART_W - LEFT - RIGHT, CHART_H - TOP - BOTTOM

    def y(value: Decimal) -> str:
        return f"{TOP + inner_h - float((value - low) / (high - low)) * inner_h:.1f}"

    def x(i: int) -> str:
        n = len(series)
        return f"{LEFT + (inner_w * i / (n - 1) if n > 1 else inner_w / 2):.1f}"

    grid = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="tick" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>',
        ((LEFT, CHART_W - RIGHT, y(t), y(t), LEFT - 6, y(t), fmt(t)) for t in ticks),
    )
    every = max(1, -(-len(series) // MAX_X_LABELS))
    x_labels = format_html_join(
        "",
        '<line class="axis" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
        '<text class="tick" x="{0}" y="{3}" text-anchor="middle">{4}</text>',
        (
            (x(i), TOP + inner_h, TOP + inner_h + 4, TOP + inner_h + 18, period.strftime("%m/%Y"))
            for i, (period, _v) in enumerate(series)
            if i % every == 0
        ),
    )
    target_line = (
        format_html(
            '<line class="target" x1="{}" x2="{}" y1="{y}" y2="{y}" stroke-dasharray="6 4"/>'
            '<text class="target-label" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT,
            CHART_W - RIGHT,
            CHART_W - RIGHT,
            f"{float(y(target)) - 5:.1f}",
            _("Target %(target)s") % {"target": fmt(target)},
            y=y(target),
        )
        if target is not None
        else ""
    )
    line = (
        format_html(
            '<polyline class="line" fill="none" points="{}"/>',
            " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values)),
        )
        if len(values) > 1
        else ""
    )
    dots = format_html_join(
        "",
        '<g class="point"><circle cx="{}" cy="{}" r="4"/><title>{}: {}</title></g>',
        (
            (x(i), y(v), period.strftime("%m/%Y"), f"{fmt(v)} {unit}".strip())
            for i, (period, v) in enumerate(series)
        ),
    )
    axes = format_html(
        '<line class="axis" x1="{l}" x2="{l}" y1="{t}" y2="{b}"/>'
        '<line class="axis" x1="{l}" x2="{r}" y1="{b}" y2="{b}"/>'
        '<text class="axis-label" x="{l}" y="{ty}">{unit}</text>'
        '<text class="axis-label" x="{r}" y="{by}" text-anchor="end">{period}</text>',
        l=LEFT,
        r=CHART_W - RIGHT,
        t=TOP,
        b=TOP + inner_h,
        ty=TOP - 12,
        by=CHART_H - 4,
        unit=unit or _("Value"),
        period=_("Period"),
    )
    return format_html(
        '<figure class="chart"><svg class="indicator-chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="chart-title chart-desc"><title id="chart-title">{title}</title>'
        '<desc id="chart-desc">{desc}</desc>{grid}{target}{axes}{xlabels}{line}{dots}</svg>'
        '<figcaption class="help">{caption}</figcaption></figure>',
        w=CHART_W,
        h=CHART_H,
        title=title,
        desc=chart_label(series, target, unit),
        grid=grid,
        target=target_line,
        axes=axes,
        xlabels=x_labels,
        line=line,
        dots=dots,
        caption=_("All values are listed in the table below."),
    )
