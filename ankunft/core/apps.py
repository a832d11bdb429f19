from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _audit_partitions_after_migrate(sender: AppConfig, using: str = "default", **kw: Any) -> None:
    """`ankunft migrate` also creates the audit log's partitions of the coming months."""
    from django.conf import settings  # noqa: PLC0415
    from django.db import connections, transaction  # noqa: PLC0415

    from ankunft.core import audit_db  # noqa: PLC0415

    connection = connections[using]
    if audit_db.is_partitioned(connection):
        with transaction.atomic(using=using):
            audit_db.ensure_partitions(connection, months=3, app_role=settings.DB_APP_ROLE)


class CoreConfig(AppConfig):
    name = "ankunft.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from ankunft.core import dashboard, navigation, permissions, security  # noqa: PLC0415, F401
        from ankunft.core.tenancy import install_tenant_link_managers  # noqa: PLC0415

        install_tenant_link_managers()

        permissions.register_core_permissions()
        navigation.register_core_items()
        dashboard.register_core_panels()
        post_migrate.connect(
            _audit_partitions_after_migrate, sender=self, dispatch_uid="audit_partitions"
        )
        # New permissions of an update reach the default roles of every municipality.
        post_migrate.connect(_seed_roles, sender=self)


def _seed_roles(**kwargs: object) -> None:
    from django.db import connection  # noqa: PLC0415

    from ankunft.core.models import RoleDefinition  # noqa: PLC0415
    from ankunft.core.roles import seed_all  # noqa: PLC0415

    if RoleDefinition._meta.db_table in connection.introspection.table_names():
        seed_all()
