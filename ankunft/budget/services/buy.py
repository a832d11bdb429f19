"""The one validation of a "what does this buy" question, shared by the page's form, the
API (`GET /api/budget/buy`) and the command line (`ankunft what-does-this-buy`).

Limits: an amount above 0 EUR and below a budget line's largest (12 digits before the
decimal point, two after); a year of the budget (1990–2100, as budget lines and the cost
table); a caseload of 1 to 1,000 cases per full-time position (as the budget settings).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from ankunft.budget.costs import BuyResult
from ankunft.budget.models import FTE_MAX

MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_AMOUNT = Decimal("999999999999.99")
MIN_CASELOAD, MAX_CASELOAD = 1, 1000


@dataclass(frozen=True)
class BuyQuestion:
    amount: Decimal
    year: int
    caseload: int | None = None


def buy_question(*, amount: Decimal, year: int, caseload: int | None = None) -> BuyQuestion:
    """The question, checked; every problem is reported under its field (ValidationError
    with a translated message per field)."""
    errors: dict[str, str] = {}
    if not amount.is_finite() or amount <= 0:
        errors["amount"] = _("The amount must be positive.")
    elif amount > MAX_AMOUNT:
        errors["amount"] = _("The amount must be at most %(max)s EUR.") % {
            "max": formats.number_format(MAX_AMOUNT, 2, use_l10n=True, force_grouping=True)
        }
    elif amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = _("The amount has at most two decimals (cents).")
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = _("The year must lie between %(min)s and %(max)s.") % {
            "min": MIN_YEAR,
            "max": MAX_YEAR,
        }
    if caseload is not None and not MIN_CASELOAD <= caseload <= MAX_CASELOAD:
        errors["caseload"] = _("The caseload must lie between %(min)s and %(max)s.") % {
            "min": MIN_CASELOAD,
            "max": MAX_CASELOAD,
        }
    if errors:
        raise ValidationError(errors)
    return BuyQuestion(amount=amount, year=year, caseload=caseload)


MIN_POSITION_FTE = Decimal("0.01")


def position_proposals(result: BuyResult) -> dict[str, tuple[Decimal, dt.date]]:
    """Per pay grade of a "what does this buy" answer: the position it suggests, as FTE at
    full cost (a position holds at most one FTE) and its start, the year's first day."""
    proposals = {}
    for row in result.rows:
        fte = min(row.fte_at_full_cost, FTE_MAX)
        if fte >= MIN_POSITION_FTE:
            proposals[row.pay_grade] = (fte, dt.date(result.year, 1, 1))
    return proposals
