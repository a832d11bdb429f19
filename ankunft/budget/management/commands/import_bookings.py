"""`ankunft import-bookings FILE [--map date=Buchungsdatum,...]` and `--undo ID`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.budget.bookings_import import (
    FIELDS,
    LIMITS,
    booking_import,
    booking_import_undo,
)
from ankunft.budget.models import BookingImport, BudgetLine
from ankunft.core.commands import (
    add_municipality_argument,
    read_import_file,
    resolve_municipality,
)
from ankunft.core.tabular import ProgressBar, RowsRefusedError


def parse_map(text: str) -> dict[str, str]:
    """ "date=Buchungsdatum,amount=Betrag" → {"date": "Buchungsdatum", "amount": "Betrag"}."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, column = part.partition("=")
        if not sep or key.strip() not in FIELDS:
            raise CommandError(
                _("--map: %(part)s is not field=column (fields: %(fields)s).")
                % {"part": part, "fields": ", ".join(FIELDS)}
            )
        mapping[key.strip()] = column.strip()
    return mapping


class Command(BaseCommand):
    help = gettext_noop(
        "Import bookings (Ist) from a finance export (CSV or XLSX), all rows or none; "
        "or undo an import with --undo ID."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help=_("CSV or XLSX file"))
        parser.add_argument(
            "--map",
            default="",
            help=_(
                "field=column pairs where the file's headers are not the usual ones "
                "(fields: date, amount, booking_id, account, text)"
            ),
        )
        parser.add_argument("--budget-line", type=int, help=_("id of the budget line for all rows"))
        parser.add_argument(
            "--allow-unassigned",
            action="store_true",
            help=_("import bookings without a budget line too (else they are refused)"),
        )
        parser.add_argument(
            "--undo", type=int, metavar="ID", help=_("undo the import with this id")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("no progress bar"))
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = resolve_municipality(options["municipality"])
        if options["undo"] is not None:
            self._undo(municipality.pk, options["undo"])
            return
        if not options["file"]:
            raise CommandError(_("Name the file to import (or --undo ID)."))
        mapping = parse_map(options["map"])
        line = None
        if options["budget_line"]:
            line = (
                BudgetLine.objects.for_municipality(municipality.pk)
                .filter(pk=options["budget_line"])
                .first()
            )
            if line is None:
                raise CommandError(
                    _("No budget line %(id)s in this municipality.")
                    % {"id": options["budget_line"]}
                )
        path = Path(options["file"])
        raw = read_import_file(path, LIMITS)
        bar = ProgressBar(self.stderr, _("Checking"), enabled=not options["no_progress"])
        try:
            record = booking_import(
                actor=None,
                municipality=municipality,
                source=raw,
                mapping=mapping,
                budget_line=line,
                allow_unassigned=options["allow_unassigned"],
                filename=path.name,
                progress=bar,
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
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(n)d bookings imported (%(u)d without a budget line) as import "
                    "%(id)s; undo with --undo %(id)s."
                )
                % {"n": record.rows, "u": record.unassigned, "id": record.pk}
            )
        )

    def _undo(self, municipality_id: int, pk: int) -> None:
        record = BookingImport.objects.for_municipality(municipality_id).filter(pk=pk).first()
        if record is None:
            raise CommandError(_("No import %(id)s in this municipality.") % {"id": pk})
        try:
            removed = booking_import_undo(actor=None, record=record)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Import %(id)s undone: %(n)d bookings removed.") % {"id": pk, "n": removed}
            )
        )
