"""The sections other areas add to the case page (see `ankunft.cases.sections`): referrals,
appointments and notes, each with the records it shows, audited by the page in its one
INSERT."""

from __future__ import annotations

from typing import Any

from ankunft.cases import access
from ankunft.cases.sections import register_section
from ankunft.cases.selectors import appointments as appointment_sel
from ankunft.cases.selectors import referrals as referral_sel
from ankunft.cases.views.appointments import notes, pages


def _audited(context: dict[str, Any], records: list[Any], fields: list[str]) -> dict[str, Any]:
    if records:  # no record shown: nothing more to record than the case itself
        context["audit"] = records
        context["audit_fields"] = fields
    return context


def referrals_section(user: Any, case: Any) -> dict[str, Any]:
    views = referral_sel.case_referrals(user, case)
    context = {"referrals": views}
    return _audited(context, [v.referral for v in views], referral_sel.REFERRAL_FIELDS)


def appointments_section(user: Any, case: Any) -> dict[str, Any]:
    context = pages.section_context(user, case)
    shown = list(context["appointments"])
    return _audited(context, shown, appointment_sel.APPOINTMENT_SHOWN)


def notes_section(user: Any, case: Any) -> dict[str, Any]:
    context = notes.section_context(user, case)
    shown = list(context["notes"])
    return _audited(context, shown, appointment_sel.NOTE_SHOWN)


def register_sections() -> None:
    register_section("cases/referrals/_case_section.html", 30, access.VIEW, referrals_section)
    register_section("cases/appointments/_case_section.html", 40, access.VIEW, appointments_section)
    register_section("cases/notes/_case_section.html", 50, access.VIEW_NOTES, notes_section)
