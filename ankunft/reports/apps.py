from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ankunft.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from ankunft.core import navigation, permissions  # noqa: PLC0415
        from ankunft.core.models import Role  # noqa: PLC0415

        permissions.register(
            "reports.view",
            {Role.HEAD_OF_KI, Role.TEAM_LEAD, Role.FINANCE},
            _("See the status reports to the council (Sachstandsberichte), drafts included"),
        )
        permissions.register(
            "reports.generate",
            {Role.HEAD_OF_KI},
            _("Generate status reports and choose their suppression threshold"),
        )
        permissions.register(
            "reports.publish",
            {Role.HEAD_OF_KI},
            _("Publish a status report (public page, open data, OParl file)"),
        )
        permissions.register(
            "reports.dashboard_head",
            {Role.HEAD_OF_KI},
            _("See the overview of money, staff, measures and case figures"),
        )
        permissions.register(
            "reports.dashboard_team",
            {Role.HEAD_OF_KI, Role.TEAM_LEAD},
            _("See caseload per worker, waiting times and overdue steps of teams"),
        )
        permissions.register(
            "reports.dashboard_finance",
            {Role.HEAD_OF_KI, Role.FINANCE},
            _("See budget execution across decisions"),
        )
        navigation.register(
            navigation.NavItem("reports:report_list", _("Reports"), "reports.view", order=60)
        )
        from ankunft.reports import dashboards  # noqa: PLC0415

        dashboards.register_navigation()
        from ankunft.council.oparl_out import extensions  # noqa: PLC0415
        from ankunft.reports.oparl_files import published_report_files  # noqa: PLC0415

        extensions.register_paper_files(published_report_files)
