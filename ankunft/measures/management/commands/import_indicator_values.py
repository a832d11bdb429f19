"""`ankunft import-indicator-values FILE`: import indicator values from CSV, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ankunft.core.commands import add_municipality_argument, resolve_municipality
from ankunft.measures.indicator_import import IndicatorImportError, indicator_values_import


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV file (measure;indicator;period;value), all or "
        "nothing: every bad row is listed and then nothing is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("CSV file"))
        parser.add_argument(
            "--replace", action="store_true", help=_("replace values that exist already")
        )
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = resolve_municipality(options["municipality"])
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror}
            ) from exc
        try:
            result = indicator_values_import(
                actor=None, municipality=municipality, content=content, replace=options["replace"]
            )
        except IndicatorImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Nothing was imported: %(count)s row(s) have errors.")
                % {"count": len(exc.errors)}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported: %(created)s new values, %(updated)s replaced.")
                % {"created": result.created, "updated": result.updated}
            )
        )
