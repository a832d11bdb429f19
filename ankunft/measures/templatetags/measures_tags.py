"""Template helpers of the measures pages: numbers, traffic lights, sparklines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ankunft.core import permissions
from ankunft.measures.charts import (
    LIGHT_LABELS,
    LIGHT_SYMBOLS,
    Light,
    chart_label,
    indicator_chart_svg,
    plain,
    sparkline,
)

register = template.Library()


@register.filter
def num(value: Any, decimals: int | None = None) -> str:
    """A number in the reader's locale (1.234,5 in German); "–" for none."""
    if value is None or value == "":
        return "–"
    number = Decimal(value)
    if decimals is not None:
        return number_format(number, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)
    return number_format(plain(number), use_l10n=True, force_grouping=True)


@register.filter
def percent(value: Any) -> str:
    """A share 0.6 as "60 %"."""
    if value is None:
        return "–"
    return f"{num(Decimal(value) * 100)} %"


@register.simple_tag
def light(state: Light | str) -> SafeString:
    """The traffic light as symbol and text (readable without colour)."""
    state = Light(state)
    return format_html(
        '<span class="light light-{}"><span aria-hidden="true">{}</span> {}</span>',
        state.value,
        LIGHT_SYMBOLS[state],
        LIGHT_LABELS[state],
    )


@register.simple_tag
def indicator_chart(status: Any) -> SafeString:
    """The sparkline of an `IndicatorStatus` (or a chain indicator)."""
    target = status.indicator.target if hasattr(status, "indicator") else status.target
    unit = status.indicator.unit if hasattr(status, "indicator") else status.unit
    if not status.series:
        return format_html('<span class="muted">{}</span>', chart_label([], target, unit))
    return sparkline(status.series, target, label=chart_label(status.series, target, unit))


@register.simple_tag
def indicator_chart_full(status: Any) -> SafeString:
    """The indicator page's readable chart (axes, target, values) of an `IndicatorStatus`."""
    indicator = status.indicator
    if not status.series:
        return format_html('<p class="muted">{}</p>', chart_label([], indicator.target))
    return indicator_chart_svg(
        status.series, indicator.target, title=indicator.name, unit=indicator.unit
    )


@register.simple_tag(takes_context=True)
def has_perm(context: template.Context, name: str) -> bool:
    """Whether the page's user holds a permission (to show or hide edit controls)."""
    request = context.get("request")
    return permissions.has_perm(getattr(request, "user", None), name)


@register.simple_tag
def indicator_light(indicator: Any) -> SafeString:
    """The traffic light of an indicator annotated with its latest value (measure list)."""
    from ankunft.measures.selectors import measure_light  # noqa: PLC0415

    return light(measure_light(indicator))
