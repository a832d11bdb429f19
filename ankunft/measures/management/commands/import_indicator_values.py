"""`ankunft import-indicator-values FILE`: import indicator values, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.commands import (
    add_municipality_argument,
    read_import_file,
    resolve_municipality,
)
from ankunft.core.tabular import ProgressBar, RowsRefusedError
from ankunft.measures.indicator_import import LIMITS, indicator_values_import


class Command(BaseCommand):
    help = gettext_noop(
        "Import indicator values from a CSV or XLSX file (measure;indicator;period;value), "
        "all or nothing: every bad row is listed and then nothing is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("CSV or XLSX file"))
        parser.add_argument(
            "--replace", action="store_true", help=_("replace values that exist already")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("no progress bar"))
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = resolve_municipality(options["municipality"])
        path = Path(options["file"])
        content = read_import_file(path, LIMITS)
        bar = ProgressBar(self.stderr, _("Checking"), enabled=not options["no_progress"])
        try:
            result = indicator_values_import(
                actor=None,
                municipality=municipality,
                content=content,
                replace=options["replace"],
                progress=bar,
            )
        except RowsRefusedError as exc:
            bar.close()
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                _("Nothing was imported: %(count)s row(s) have errors.")
                % {"count": len(exc.problems)}
            ) from exc
        except ValidationError as exc:
            raise CommandError(
                _("%(file)s: %(reason)s") % {"file": path, "reason": " ".join(exc.messages)}
            ) from exc
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported: %(created)s new values, %(updated)s replaced.")
                % {"created": result.created, "updated": result.updated}
            )
        )
