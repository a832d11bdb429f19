from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "ankunft.directory"
    label = "directory"
    verbose_name = _("Directory of offers")

    def ready(self) -> None:
        from ankunft.core import navigation  # noqa: PLC0415
        from ankunft.directory import access, panels  # noqa: PLC0415

        access.register()
        panels.register_directory_panels()
        from ankunft.directory import dashboard  # noqa: PLC0415

        dashboard.register_panels()
        navigation.register(
            navigation.NavItem("directory:manage", _("Offers"), access.VIEW, order=40)
        )
