"""Writes of council data: organisations, papers with their allocations, decisions.

Council papers are public records of bodies and factions, not personal data, so these
writes are not audited (see `council/data_classes.py`). `actor=None` is the system
(demo data, the OParl import run by an operator); it then needs the `municipality`.

Extension point — downstream modules react to decisions on a paper's money without council
knowing them (council never imports budget): they register a handler with
`on_decision_adopted(handler)` in their app config's `ready()`. `decision_record` calls every
handler, in registration order, inside its own transaction, for each decision with an
effect (`Decision.effect`: the first adoption makes the money budget lines, a later decision
confirms, changes or cancels it): a handler that raises undoes the decision as well, so a
decision and what follows from it are stored together or not at all. No Django signals:
the list is explicit and can be read here.

The writes live in submodules and are importable from here: papers and organisations
(papers.py), confirmed motions (motions.py), the council settings (council_settings.py);
decisions and their handlers are here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ankunft.core.models import User
from ankunft.council.models import DECIDING_KINDS, Decision, Organization, Paper
from ankunft.council.services.council_settings import SETTINGS_PERMISSION, set_persons_enabled
from ankunft.council.services.motions import (
    DECIDING_ROLE,
    MOTION_PAPER_TYPE,
    ConfirmedMotion,
    motion_confirm,
)
from ankunft.council.services.papers import (
    AllocationData,
    _require_edit,
    organization_ensure,
    paper_create,
    paper_update,
    tenant_of,
)

__all__ = [
    "DECIDING_ROLE",
    "DECISION_ADOPTED_HANDLERS",
    "LATER_EFFECTS",
    "MAX_AMOUNT",
    "MAX_YEAR",
    "MIN_YEAR",
    "MOTION_PAPER_TYPE",
    "SETTINGS_PERMISSION",
    "AllocationData",
    "ConfirmedMotion",
    "DecisionHandler",
    "YearAmount",
    "decision_record",
    "effective_decision",
    "motion_confirm",
    "on_decision_adopted",
    "organization_ensure",
    "paper_create",
    "paper_update",
    "set_persons_enabled",
    "tenant_of",
]


DecisionHandler = Callable[[User | None, Decision], None]

# Limits of the money a decision adopts (as the budget lines' own: years 1990–2100,
# amounts of at most 12 digits before the decimal point).
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_AMOUNT = Decimal("1000000000000")

# Handlers run, in order, when a decision with an effect on the money is recorded (see the
# module docstring).
DECISION_ADOPTED_HANDLERS: list[DecisionHandler] = []


def on_decision_adopted(handler: DecisionHandler) -> DecisionHandler:
    """Register `handler(actor, decision)` to run when a decision is adopted.

    Usable as a decorator; registering the same function twice has no effect.
    """
    if handler not in DECISION_ADOPTED_HANDLERS:
        DECISION_ADOPTED_HANDLERS.append(handler)
    return handler


Effect = Decision.Effect
# What a later decision may do to the money an earlier one adopted, per outcome.
LATER_EFFECTS: dict[str, tuple[str, ...]] = {
    Decision.Outcome.ADOPTED: (Effect.CONFIRMS, Effect.CHANGES, Effect.CANCELS),
    Decision.Outcome.REJECTED: (Effect.CANCELS,),
}


@dataclass(frozen=True)
class YearAmount:
    """The money a decision adopts for one year when it changes the amounts."""

    year: int
    amount: Decimal


def effective_decision(paper: Paper) -> Decision | None:
    """The decision that holds for the paper's money: the latest one with an effect."""
    return Decision.objects.filter(paper=paper).exclude(effect="").order_by("-date", "-id").first()


def _clean_amounts(amounts: Sequence[YearAmount]) -> list[dict[str, object]]:
    if not amounts:
        raise ValidationError({"amounts": _("Give the adopted amount for at least one year.")})
    seen: set[int] = set()
    rows: list[dict[str, object]] = []
    for item in amounts:
        if not MIN_YEAR <= item.year <= MAX_YEAR:
            raise ValidationError(
                {
                    "amounts": _("The year %(year)s lies outside %(min)s–%(max)s.")
                    % {"year": item.year, "min": MIN_YEAR, "max": MAX_YEAR}
                }
            )
        if item.year in seen:
            raise ValidationError(
                {"amounts": _("The year %(year)s is given twice.") % {"year": item.year}}
            )
        if item.amount < 0 or not item.amount.is_finite() or item.amount >= MAX_AMOUNT:
            message = _("Give an amount of at least 0 EUR for %(year)s.")
            raise ValidationError({"amounts": message % {"year": item.year}})
        seen.add(item.year)
        rows.append({"year": item.year, "amount": str(item.amount.quantize(Decimal("0.01")))})
    return sorted(rows, key=lambda r: int(str(r["year"])))


def _decision_effect(paper: Paper, outcome: str, effect: str, *, has_earlier: bool) -> str:
    """The effect a new decision has on the paper's money, checked against its history."""
    if effect and effect not in Effect.values:
        raise ValidationError({"effect": _("Unknown effect: %(value)s") % {"value": effect}})
    if not has_earlier:
        if outcome == Decision.Outcome.ADOPTED and effect in ("", Effect.NEW):
            return Effect.NEW
        if effect:
            raise ValidationError(
                {"effect": _("No earlier decision on this paper holds money to act on.")}
            )
        return ""
    allowed: tuple[str, ...] = LATER_EFFECTS.get(outcome, ())
    if effect and effect not in allowed:
        raise ValidationError(
            {"effect": _("This outcome cannot have that effect on the budget lines.")}
        )
    if not effect and outcome == Decision.Outcome.ADOPTED:
        raise ValidationError(
            {
                "effect": _(
                    "An earlier decision on this paper already adopted its money: say whether "
                    "this one confirms it, changes the amounts or cancels it."
                )
            }
        )
    return effect


@transaction.atomic
def decision_record(
    *,
    actor: User | None,
    paper: Paper,
    outcome: str,
    date: datetime.date | None,
    organization: Organization | None = None,
    resolution_text: str = "",
    effect: str = "",
    amounts: Sequence[YearAmount] = (),
) -> Decision:
    """Record what a body decided on a paper (Beschluss).

    The first adopted decision on a paper makes its allocations budget lines (effect
    "new"). A later decision on the same paper says what it does to that money: it
    confirms it, changes the amounts (`amounts`, per year) or cancels it (a rejection may
    cancel too). Whenever a decision has an effect, every handler in
    `DECISION_ADOPTED_HANDLERS` runs inside this transaction and reads `decision.effect`.
    The date may be unknown for decisions recorded after the fact; the page's form asks
    for it.
    """
    _require_edit(actor, paper)
    if organization is not None and organization.municipality_id != paper.municipality_id:
        raise ValidationError({"organization": _("The body belongs to another municipality.")})
    if organization is not None and organization.kind not in DECIDING_KINDS:
        raise ValidationError(
            {"organization": _("Choose a body (council, committee, district council).")}
        )
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome: %(value)s") % {"value": outcome}})
    # Lock the paper: two decisions recorded at once must not both become "new".
    Paper.objects.select_for_update().filter(pk=paper.pk).first()
    has_earlier = Decision.objects.filter(paper=paper).exclude(effect="").exists()
    effect = _decision_effect(paper, outcome, effect, has_earlier=has_earlier)
    rows = _clean_amounts(amounts) if effect == Effect.CHANGES else []
    decision = Decision(
        municipality_id=paper.municipality_id,
        paper=paper,
        organization=organization,
        outcome=outcome,
        date=date,
        resolution_text=resolution_text.strip(),
        effect=effect,
        amounts=rows,
    )
    decision.full_clean()
    decision.save()
    if effect:
        for handler in DECISION_ADOPTED_HANDLERS:
            handler(actor, decision)
    return decision
