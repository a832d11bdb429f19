from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ankunft.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate  # noqa: PLC0415

        from ankunft.core import navigation, permissions  # noqa: PLC0415

        permissions.register_core_permissions()
        navigation.register_core_items()
        # New permissions of an update reach the default roles of every municipality.
        post_migrate.connect(_seed_roles, sender=self)


def _seed_roles(**kwargs: object) -> None:
    from django.db import connection  # noqa: PLC0415

    from ankunft.core.models import RoleDefinition  # noqa: PLC0415
    from ankunft.core.roles import seed_all  # noqa: PLC0415

    if RoleDefinition._meta.db_table in connection.introspection.table_names():
        seed_all()
