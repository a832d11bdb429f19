"""`ankunft restore FILE`: put a backup back and prove every table identical."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.backup import BackupError, restore


class Command(BaseCommand):
    help = gettext_noop(
        "Restore a backup made by `ankunft backup` into the configured (empty) database and "
        "files folder, then compare every table's row count and checksum with the backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("the backup file"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("replace a database that holds data (its data is lost)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            differ = restore(
                Path(options["file"]),
                force=options["force"],
                progress=self.stderr.write,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if differ:
            raise CommandError(
                _("Restored, but these tables differ from the backup: %(tables)s")
                % {"tables": ", ".join(differ)}
            )
        self.stdout.write(_("Restored; every table matches the backup."))
