"""Traffic lights and small inline SVG charts, rendered by the app (no chart library, no
external service): a sparkline per indicator with its target as a dashed line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
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
