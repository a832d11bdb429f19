from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "ankunft.measures"
    label = "measures"
    verbose_name = _("Measures")

    def ready(self) -> None:
        from ankunft.core import navigation, permissions  # noqa: PLC0415
        from ankunft.core.models import Role  # noqa: PLC0415

        permissions.register(
            "measures.view",
            {Role.HEAD_OF_KI, Role.TEAM_LEAD, Role.CASE_WORKER, Role.FINANCE},
            _("See concepts, measures, indicators, barriers and the chain of a decision"),
        )
        permissions.register(
            "measures.view_chain",
            {Role.HEAD_OF_KI, Role.TEAM_LEAD, Role.FINANCE},
            _("See the chain of a decision: money, positions, measures, indicators"),
        )
        permissions.register(
            "measures.edit",
            {Role.HEAD_OF_KI, Role.TEAM_LEAD},
            _("Edit concepts, measures, indicators, their values and staff allocations"),
        )
        permissions.register(
            "measures.barriers",
            {Role.HEAD_OF_KI, Role.TEAM_LEAD},
            _("Prioritise barriers and answer them with measures"),
        )
        permissions.register(
            "measures.report_barrier",
            {Role.HEAD_OF_KI, Role.TEAM_LEAD, Role.CASE_WORKER},
            _("Report a structural barrier (anonymised)"),
        )
        navigation.register(
            navigation.NavItem("measures:measure_list", _("Measures"), "measures.view", order=30)
        )
        navigation.register(
            navigation.NavItem("measures:barrier_list", _("Barriers"), "measures.view", order=31)
        )
        from ankunft.measures import dashboard  # noqa: PLC0415

        dashboard.register_panels()
