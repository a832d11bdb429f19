"""`ankunft backup FILE`: the database and the uploaded files in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.backup import BackupError, backup


class Command(BaseCommand):
    help = gettext_noop(
        "Write a backup of the database and the uploaded files to FILE (.tar), with the row "
        "count and checksum of every table, so that `ankunft restore` can prove it exact."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("the backup file to write (must not exist)"))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            manifest = backup(path, progress=self.stderr.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            _("Backup written to %(path)s: %(tables)d tables, %(rows)d rows.")
            % {"path": path, "tables": len(manifest["tables"]), "rows": rows}
        )
