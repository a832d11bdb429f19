"""`{% case_section template_name context %}`: render a section of the case page with its
own context on top of the page's."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def case_section(
    context: template.Context, template_name: str, extra: dict[str, Any]
) -> SafeString:
    if context.template is None:  # rendered outside a template: nothing to take from
        return SafeString("")
    section = context.template.engine.get_template(template_name)
    with context.push(**extra):
        return SafeString(section.render(context))
