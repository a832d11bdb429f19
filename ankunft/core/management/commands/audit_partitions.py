"""`ankunft audit-partitions`: create the audit log's partitions for the coming months, and
those of the other tables partitioned by month (`audit_db.PARTITIONED`: the case events)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core import audit_db

MAX_MONTHS = 120


class Command(BaseCommand):
    help = gettext_noop(
        "Create the monthly partitions of the audit log and of the case events for this "
        "month and the coming ones (PostgreSQL; idempotent). Run it monthly, e.g. from cron, "
        "as the owner role."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months", type=int, default=3, help=_("how many months from this one (default 3)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"]
        if months < 1 or months > MAX_MONTHS:
            raise CommandError(_("--months must be between 1 and 120."))
        if not audit_db.is_partitioned(connection):
            self.stdout.write(
                _("The audit log is not partitioned on this database; nothing to do.")
            )
            return
        with transaction.atomic():
            created = audit_db.ensure_partitions(
                connection, months=months, app_role=settings.DB_APP_ROLE
            )
            for table in audit_db.PARTITIONED:
                created += audit_db.ensure_partitions(connection, months=months, table=table)
        for name in created:
            self.stdout.write(_("Created %(name)s.") % {"name": name})
        if not created:
            self.stdout.write(_("All partitions exist."))
