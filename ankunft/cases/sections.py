"""Sections of the case page that other areas add (referrals, appointments, notes …).

An area registers its section once, in `CasesConfig.ready`:

    register_section("cases/referrals/_case_section.html", order=30,
                     permission=access.VIEW, context=referral_section)

The case page renders every registered section whose permission the user holds, in
order, with the page's context (`case`, `person`, `can_work` …) and `section`: what
`context(user, case)` returned. The records the section shows go under "audit" (the
fields shown under "audit_fields"): the page audits them with the case, in its one audit
INSERT, so a section must not audit on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ankunft.core import permissions

SectionContext = Callable[[Any, Any], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    template_name: str
    order: int
    permission: str
    context: SectionContext | None = None


_SECTIONS: dict[str, Section] = {}


def register_section(
    template_name: str, order: int, permission: str, context: SectionContext | None = None
) -> None:
    """Add (or replace) a section of the case page."""
    _SECTIONS[template_name] = Section(template_name, order, permission, context)


def unregister_section(template_name: str) -> None:
    _SECTIONS.pop(template_name, None)


def sections_for(user: Any) -> list[Section]:
    """The sections the user may see, in order."""
    found = [s for s in _SECTIONS.values() if permissions.has_perm(user, s.permission)]
    return sorted(found, key=lambda s: (s.order, s.template_name))
