"""`ankunft apply-retention [--municipality SLUG] [--dry-run]`: anonymise closed cases whose
retention period has ended (see `ankunft.cases.services.retention`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.cases.services.retention import apply_retention, retention_plan
from ankunft.core.commands import add_municipality_argument, municipality_by_slug
from ankunft.core.models import Municipality


class Command(BaseCommand):
    help = gettext_noop(
        "Anonymise closed cases whose retention period has ended: names, contact data, "
        "special categories, notes, attachments and consents go; the figures for reports "
        "stay. Runs as the system, in batches, each in a transaction; every record changed "
        "is audited. Without --municipality: every municipality."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_municipality_argument(
            parser, help_text=_("short name of the municipality (default: all)")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("only list what is due; change nothing")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["municipality"]
        towns = (
            [municipality_by_slug(slug)] if slug else list(Municipality.objects.order_by("slug"))
        )
        for town in towns:
            if options["dry_run"]:
                plan = retention_plan(town)
                self.stdout.write(
                    _(
                        "%(town)s: %(cases)d cases due, %(persons)d persons to anonymise, "
                        "%(kept)d kept (another open or younger case)"
                    )
                    % {
                        "town": town.slug,
                        "cases": plan.cases,
                        "persons": plan.persons,
                        "kept": plan.persons_kept,
                    }
                )
                for number in plan.case_numbers:
                    self.stdout.write(f"  {number}")
                continue

            def progress(done: int, total: int, town: Municipality = town) -> None:
                self.stdout.write(
                    _("%(town)s: %(done)d of %(total)d cases")
                    % {"town": town.slug, "done": done, "total": total}
                )

            result = apply_retention(actor=None, municipality=town, progress=progress)
            self.stdout.write(
                _("%(town)s: %(cases)d cases anonymised, %(persons)d persons anonymised.")
                % {"town": town.slug, "cases": result.cases, "persons": result.persons}
            )
