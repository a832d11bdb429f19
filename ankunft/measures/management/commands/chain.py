"""`ankunft chain [REFERENCE] [--json]`: the chain of a decision on the command line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.commands import add_municipality_argument, resolve_municipality
from ankunft.measures.chain import (
    Chain,
    ChainDecision,
    build_chain,
    chain_decisions,
    decision_for_reference,
)
from ankunft.measures.charts import LIGHT_LABELS, fmt


def _num(value: Any) -> str:
    return "–" if value is None else fmt(value)


def _eur(value: Any) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


class Command(BaseCommand):
    help = gettext_noop(
        "Show the chain of a decision: money, positions, measures and indicators. "
        "REFERENCE is the paper's reference (spaces and case do not matter) or the "
        "decision's id; without it, list the decisions that fund budget lines or measures. "
        "Runs without a user, as the system, in one municipality (--municipality SLUG; "
        "default: the only or first one)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", nargs="?", help=_("paper reference or decision id"))
        parser.add_argument("--json", action="store_true", help=_("print JSON"))
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = resolve_municipality(options["municipality"])
        reference = options["reference"]
        if not reference:
            decisions = [
                ChainDecision.of(d) for d in chain_decisions(municipality_id=municipality.pk)
            ]
            if options["json"]:
                rows = [
                    {k: d.as_dict()[k] for k in ("id", "reference", "title", "date")}
                    for d in decisions
                ]
                self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
                return
            for d in decisions:
                self.stdout.write(
                    f"{d.id:>5}  {d.reference or '–':<16} {d.date or '–'!s:<10}  {d.title}"
                )
            return
        decision = decision_for_reference(municipality_id=municipality.pk, reference=reference)
        if decision is None:
            raise CommandError(
                _("No decision with the reference or id %(ref)s in %(town)s.")
                % {"ref": reference, "town": municipality.name}
            )
        chain = build_chain(decision)
        if options["json"]:
            self.stdout.write(json.dumps(chain.as_dict(), ensure_ascii=False, indent=2))
            return
        self._print(chain)

    def _print(self, chain: Chain) -> None:
        d = chain.decision
        out = self.stdout.write
        out(f"{d.reference} {d.title}".strip())
        out(
            _("Decision of %(date)s: %(outcome)s")
            % {"date": d.date or "–", "outcome": d.outcome_label}
        )
        out("")
        out(_("Money (EUR): year, planned, committed, spent"))
        for b in chain.budget:
            out(f"  {b.year}  {_eur(b.planned):>14} {_eur(b.committed):>14} {_eur(b.spent):>14}")
        out(
            _("Positions: %(fte)s FTE, %(filled)s filled")
            % {"fte": _num(chain.fte), "filled": _num(chain.fte_filled)}
        )
        for p in chain.positions:
            out(f"  {p.title} ({p.pay_grade}, {_num(p.fte)} {_('FTE')}): {p.status_label}")
        out(_("Measures:"))
        for m in chain.measures:
            out(f"  {m.title}: {_num(m.share_of_positions * 100)} %")
            for i in m.indicators:
                out(
                    f"    {i.name}: {_num(i.latest)} / {_num(i.target)} {i.unit}"
                    f" ({LIGHT_LABELS[i.light]})"
                )
