from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "ankunft.budget"
    label = "budget"
    verbose_name = _("Budget")

    def ready(self) -> None:
        from ankunft.budget.models import BookingUpload  # noqa: PLC0415
        from ankunft.budget.services import on_decision_adopted as budget_handler  # noqa: PLC0415
        from ankunft.core import navigation, permissions  # noqa: PLC0415
        from ankunft.core.models import Role  # noqa: PLC0415
        from ankunft.council.services import on_decision_adopted  # noqa: PLC0415

        budget_roles = {Role.HEAD_OF_KI, Role.FINANCE}
        permissions.register(
            "budget.view",
            budget_roles,
            _("See budget lines, positions, cost table, bookings and budget execution"),
        )
        permissions.register(
            "budget.edit",
            budget_roles,
            _("Edit budget lines, positions, staff members and import bookings"),
        )
        permissions.register("budget.edit_costs", {Role.FINANCE}, _("Edit the cost table"))
        # An uploaded export (booking texts may name people) is its uploader's alone.
        permissions.register_scope(BookingUpload, _own_uploads)
        navigation.register(
            navigation.NavItem("budget:index", _("Budget"), "budget.view", order=20)
        )
        navigation.register(
            navigation.NavItem("budget:position_list", _("Positions"), "budget.view", order=21)
        )
        navigation.register(
            navigation.NavItem("budget:buy", _("What does this buy?"), "budget.view", order=22)
        )
        from ankunft.budget import dashboard  # noqa: PLC0415

        dashboard.register_panels()
        # An adopted decision with allocations creates its budget lines.
        on_decision_adopted(budget_handler)


def _own_uploads(user: Any, name: str) -> Q:
    return Q(uploaded_by_id=user.pk)
