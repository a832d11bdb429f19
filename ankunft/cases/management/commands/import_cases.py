"""`ankunft import-cases FILE --municipality SLUG [--team NAME] [--dry-run] [--map f=C ...]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.cases.services import worklist_import as imp
from ankunft.core.commands import (
    add_municipality_argument,
    read_import_file,
    resolve_municipality,
)
from ankunft.core.models import Team
from ankunft.core.tabular import ProgressBar, RowsRefusedError


class Command(BaseCommand):
    help = gettext_noop(
        "Import an existing case list (Excel or CSV): a person with an open case per row, "
        "all rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("CSV or XLSX file"))
        add_municipality_argument(parser)
        parser.add_argument("--team", help=_("name of the team for all rows"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("only check the file, store nothing")
        )
        parser.add_argument(
            "--skip-duplicates",
            action="store_true",
            help=_("leave out rows that are likely persons already recorded"),
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help=_("which column holds a field, where the headers are not the usual ones"),
        )
        parser.add_argument("--no-progress", action="store_true", help=_("no progress bar"))

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = resolve_municipality(options["municipality"])
        team = None
        if options["team"]:
            team = Team.objects.filter(municipality=municipality, name=options["team"]).first()
            if team is None:
                raise CommandError(
                    _("No team %(name)s in this municipality.") % {"name": options["team"]}
                )
        raw = read_import_file(Path(options["file"]), imp.LIMITS)
        enabled = not options["no_progress"]
        checking = ProgressBar(self.stderr, _("Checking"), enabled=enabled)
        storing = ProgressBar(self.stderr, _("Importing"), enabled=enabled)
        try:
            result = imp.case_import(
                actor=None,
                municipality=municipality,
                source=raw,
                mapping=imp.parse_mapping(options["map"]),
                team=team,
                dry_run=options["dry_run"],
                skip_duplicates=options["skip_duplicates"],
                progress=_closing(checking),
                store_progress=storing,
            )
        except RowsRefusedError as exc:
            raise CommandError(
                _("Nothing imported; bad rows:") + "\n" + "\n".join(f"  {e}" for e in exc.messages)
            ) from exc
        except ValidationError as exc:
            raise CommandError(
                _("Nothing imported: %(e)s") % {"e": " ".join(exc.messages)}
            ) from exc
        finally:
            checking.close()
            storing.close()
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if result.dry_run:
            message = _("Check passed: %(n)d persons with a case would be imported.")
        else:
            message = _("%(n)d persons with a case imported.")
        self.stdout.write(self.style.SUCCESS(message % {"n": result.persons}))
        if result.skipped:
            self.stdout.write(_("%(n)d likely duplicates left out.") % {"n": result.skipped})


def _closing(bar: ProgressBar) -> Any:
    """Ends the checking bar's line once every row is checked."""

    def progress(done: int, total: int) -> None:
        bar(done, total)
        if done == total:
            bar.close()

    return progress
