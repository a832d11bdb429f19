from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "ankunft.council"
    label = "council"
    verbose_name = _("Council")

    def ready(self) -> None:
        from ankunft.core import navigation, permissions  # noqa: PLC0415
        from ankunft.core.models import Role  # noqa: PLC0415

        permissions.register(
            "council.view",
            {Role.HEAD_OF_KI, Role.FINANCE, Role.TEAM_LEAD},
            _("See council papers, decisions, bodies and meetings"),
        )
        permissions.register(
            "council.edit",
            {Role.HEAD_OF_KI, Role.FINANCE},
            _("Enter papers, read motions, record decisions and import from OParl"),
        )
        permissions.register(
            "council.manage_settings",
            {Role.HEAD_OF_KI},
            _("Switch the persons of the council (imported from OParl) on or off"),
        )
        navigation.register(
            navigation.NavItem("council:paper_list", _("Council"), "council.view", order=10)
        )
