"""Labels and values of the fields shared with a provider."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from ankunft.cases.forms.referrals import field_label

register = template.Library()


@register.filter
def shared_label(name: str) -> str:
    return field_label(name)


@register.filter
def shared_value(value: Any) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
