"""`ankunft what-does-this-buy AMOUNT --year Y [--caseload N] [--json]`."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.budget.costs import what_does_this_buy
from ankunft.budget.execution import eur
from ankunft.budget.selectors import caseload_per_fte, rate_table, today
from ankunft.budget.services.buy import buy_question
from ankunft.core.commands import add_municipality_argument, resolve_municipality
from ankunft.core.parsing import parse_amount


class Command(BaseCommand):
    help = gettext_noop(
        "What an annual amount buys: FTE per pay grade at personnel and full cost, and cases."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("amount", help=_('EUR a year, e.g. 100000 or "100.000"'))
        parser.add_argument(
            "--year", type=int, default=None, help=_("year of the cost table (default: this year)")
        )
        parser.add_argument(
            "--caseload", type=int, default=None, help=_("cases per full-time position")
        )
        parser.add_argument("--json", action="store_true", help=_("print JSON"))
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            amount = parse_amount(options["amount"])
        except ValueError as exc:
            raise CommandError(
                _("%(value)s is not an amount.") % {"value": options["amount"]}
            ) from exc
        year = today().year if options["year"] is None else options["year"]
        try:
            question = buy_question(amount=amount, year=year, caseload=options["caseload"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        municipality = resolve_municipality(options["municipality"])
        caseload = question.caseload or caseload_per_fte(municipality_id=municipality.pk)
        result = what_does_this_buy(
            amount, year, rate_table(municipality_id=municipality.pk), caseload
        )
        if options["json"]:
            data = {
                **{k: v for k, v in asdict(result).items() if k != "rows"},
                "substituted": result.substituted,
                "notes": result.notes,
                "rows": [asdict(r) for r in result.rows],
            }
            self.stdout.write(json.dumps(data, default=str, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("%(amount)s EUR a year in %(year)d (%(caseload)d cases per FTE):")
            % {"amount": eur(amount), "year": year, "caseload": caseload}
        )
        for note in result.notes:
            self.stdout.write(self.style.WARNING(f"! {note}"))
        grade, full, pers, cases = _("grade"), _("FTE full"), _("FTE pers."), _("cases")
        rate_of = _("rate of")
        self.stdout.write(f"  {grade:<6} {full:>9} {pers:>9} {cases:>6}  {rate_of}")
        for r in result.rows:
            flag = "*" if r.substituted else ""
            fte_full = formats.number_format(r.fte_at_full_cost, 2)
            fte_pers = formats.number_format(r.fte_at_personnel_cost, 2)
            self.stdout.write(
                f"  {r.pay_grade:<6} {fte_full:>9} {fte_pers:>9} "
                f"{r.newcomers_at_full_cost:>6}  {r.rate_year}{flag}"
            )
        if not result.rows:
            self.stdout.write(_("The cost table has no rates."))
