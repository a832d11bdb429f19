from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ankunft.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from ankunft.core import dashboard, navigation, permissions  # noqa: PLC0415

        permissions.register_core_permissions()
        navigation.register_core_items()
        dashboard.register_core_panels()
