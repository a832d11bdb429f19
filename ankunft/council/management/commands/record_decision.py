"""`ankunft record-decision`: record a body's decision on a paper from the command line.

The same service as page and API: an adopted decision runs the registered handlers (the
budget module creates the budget lines from the paper's allocations).
"""

from __future__ import annotations

import datetime
from decimal import InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.commands import add_municipality_argument, resolve_municipality
from ankunft.core.parsing import parse_amount
from ankunft.council import services
from ankunft.council.models import Decision, Organization, Paper


class Command(BaseCommand):
    help = gettext_noop("Record a decision on a paper (adopted decisions create the budget lines).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paper", help=_("the paper's reference (e.g. 'DS 21-0220') or id"))
        add_municipality_argument(parser)
        parser.add_argument("--outcome", required=True, choices=Decision.Outcome.values)
        parser.add_argument("--date", help=_("date of the decision, YYYY-MM-DD"))
        parser.add_argument("--body", default="", help=_("name or short name of the deciding body"))
        parser.add_argument("--resolution", default="", help=_("resolution text"))
        parser.add_argument(
            "--effect",
            default="",
            choices=["", *[e for e in Decision.Effect.values if e != Decision.Effect.NEW]],
            help=_(
                "a later decision on a paper whose money an earlier one adopted: confirms, "
                "changes (with --amount) or cancels"
            ),
        )
        parser.add_argument(
            "--amount",
            action="append",
            default=[],
            metavar="YEAR=EUR",
            help=_("with --effect changes: the adopted amount of a year (repeatable)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = resolve_municipality(options["municipality"])
        papers = Paper.objects.for_municipality(municipality.pk).filter(deleted=False)
        key = options["paper"].strip()
        matches = list(papers.filter(reference=key)[:2])
        if not matches and key.isdigit():
            matches = list(papers.filter(pk=int(key)))
        if len(matches) != 1:
            raise CommandError(
                _("No single paper with the reference or id %(key)s.") % {"key": key}
            )
        day = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    _("--date: %(value)s is not a date (YYYY-MM-DD).") % {"value": options["date"]}
                ) from exc
        body = None
        if options["body"]:
            wanted = options["body"].casefold()
            bodies = Organization.objects.for_municipality(municipality.pk).filter(deleted=False)
            body = next(
                (o for o in bodies if wanted in {o.name.casefold(), o.short_name.casefold()}), None
            )
            if body is None:
                raise CommandError(_("No body named %(name)s.") % {"name": options["body"]})
        amounts = [_year_amount(item) for item in options["amount"]]
        try:
            decision = services.decision_record(
                actor=None,
                paper=matches[0],
                outcome=options["outcome"],
                date=day,
                organization=body,
                resolution_text=options["resolution"],
                effect=options["effect"],
                amounts=amounts,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(_("Decision recorded: %(decision)s") % {"decision": decision})


def _year_amount(item: str) -> services.YearAmount:
    year, sep, amount = item.partition("=")
    try:
        if not sep:
            raise ValueError(item)
        # German as people type it: "80.000" is eighty thousand, "80.000,50" has cents.
        return services.YearAmount(year=int(year), amount=parse_amount(amount.strip()))
    except (ValueError, InvalidOperation) as exc:
        raise CommandError(
            _("--amount: %(value)s is not YEAR=EUR (2022=80000).") % {"value": item}
        ) from exc
