"""`ankunft load-cost-rates [FILE]`: load a cost table (CSV) into a municipality."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.budget.costs import SHIPPED_CSV, CostRateCsvError, parse_cost_rates_csv
from ankunft.budget.services import cost_rates_load
from ankunft.core.commands import add_municipality_argument, resolve_municipality


class Command(BaseCommand):
    help = gettext_noop(
        "Load a cost table (CSV: year, pay_grade, personnel and/or full cost, status, source); "
        "without FILE the shipped KGSt table. All rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help=_("CSV file (default: the shipped table)"))
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = resolve_municipality(options["municipality"])
        path = Path(options["file"]) if options["file"] else SHIPPED_CSV
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
            ) from exc
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        try:
            rates = parse_cost_rates_csv(text)
            created, updated = cost_rates_load(actor=None, municipality=municipality, rates=rates)
        except CostRateCsvError as exc:
            raise CommandError(
                _("Nothing loaded; bad rows:") + "\n" + "\n".join(f"  {e}" for e in exc.errors)
            ) from exc
        except ValidationError as exc:
            raise CommandError(_("Nothing loaded: %(e)s") % {"e": "; ".join(exc.messages)}) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("%(municipality)s: %(created)d rates added, %(updated)d replaced (%(path)s).")
                % {
                    "municipality": municipality,
                    "created": created,
                    "updated": updated,
                    "path": path.name,
                }
            )
        )
