"""`ankunft import-bookings FILE --map date=Buchungsdatum,amount=Betrag,...`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ankunft.budget.bookings_import import FIELDS, BookingImportError, booking_import, decode
from ankunft.budget.models import BudgetLine
from ankunft.core.commands import add_municipality_argument, resolve_municipality


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
    help = "Import bookings (Ist) from a finance export (CSV), all rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--map",
            required=True,
            help="field=column pairs for date, amount, booking_id (required), account, text",
        )
        parser.add_argument("--budget-line", type=int, help="id of the budget line for all rows")
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = resolve_municipality(options["municipality"])
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
        try:
            text, _encoding = decode(Path(options["file"]).read_bytes())
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            created = booking_import(
                actor=None, municipality=municipality, text=text, mapping=mapping, budget_line=line
            )
        except BookingImportError as exc:
            raise CommandError(
                _("Nothing imported; bad rows:") + "\n" + "\n".join(f"  {e}" for e in exc.errors)
            ) from exc
        except ValidationError as exc:
            raise CommandError(
                _("Nothing imported: %(e)s") % {"e": "; ".join(exc.messages)}
            ) from exc
        unassigned = sum(1 for b in created if b.budget_line_id is None)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(n)d bookings imported (%(u)d without a budget line).")
                % {"n": len(created), "u": unassigned}
            )
        )
