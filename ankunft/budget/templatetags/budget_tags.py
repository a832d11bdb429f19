"""Number formats of the budget pages: money with grouping, FTE with two decimals."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

from ankunft.budget.costs import full_cost_formula

register = template.Library()


@register.filter
def eur(value: Decimal | int | None) -> str:
    """100000 → "100.000,00" (German) / "100,000.00" (English)."""
    if value is None or value == "":
        return "–"
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


@register.filter
def fte(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, 2, use_l10n=True)


@register.simple_tag(name="full_cost_formula")
def full_cost_formula_tag() -> str:
    """`{% full_cost_formula as formula %}`: "personnel cost × 1.2 + 9,700 EUR", localised."""
    return full_cost_formula()


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key)
