"""`ankunft execution REFERENCE [--year Y] [--json]`: budget execution of a decision."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.budget.execution import eur
from ankunft.budget.selectors import decision_by_reference, execution_of_decision
from ankunft.core.commands import add_municipality_argument, resolve_municipality


class Command(BaseCommand):
    help = gettext_noop(
        "Budget execution of the adopted decision on a paper: planned, committed, spent, forecast."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "reference",
            help=_(
                "reference of the paper (Drucksache), the decision's id, or a word of its title"
            ),
        )
        parser.add_argument("--year", type=int)
        parser.add_argument(
            "--as-of", type=dt.date.fromisoformat, help=_("YYYY-MM-DD (default: today)")
        )
        parser.add_argument("--json", action="store_true", help=_("print JSON"))
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = resolve_municipality(options["municipality"])
        decision = decision_by_reference(
            municipality_id=municipality.pk, reference=options["reference"]
        )
        if decision is None:
            raise CommandError(
                _("No adopted decision on a paper with the reference %(ref)s.")
                % {"ref": options["reference"]}
            )
        years = execution_of_decision(
            municipality_id=municipality.pk,
            decision=decision,
            year=options["year"],
            as_of=options["as_of"],
        )
        if options["json"]:
            data = [{k: v for k, v in asdict(y).items() if k != "lines"} for y in years]
            self.stdout.write(json.dumps(data, default=str, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{decision.paper} ({decision.date or '–'})")
        head = [_("year"), _("planned"), _("committed"), _("spent"), _("remaining"), _("forecast")]
        self.stdout.write("  " + head[0].ljust(6) + "".join(h.rjust(14) for h in head[1:]))
        for y in years:
            figures = (y.planned, y.committed, y.spent, y.remaining, y.forecast)
            self.stdout.write(f"  {y.year:<6}" + "".join(eur(v).rjust(14) for v in figures))
            for w in y.warnings:
                self.stdout.write(self.style.WARNING(f"    ! {w.message}"))
        if not years:
            self.stdout.write(_("This decision has no budget lines."))
