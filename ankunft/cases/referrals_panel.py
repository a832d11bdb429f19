"""The providers' start-page panel: new referrals to their offers (`core.dashboard`).

Shows the offer and the day only — no case number, no person — so the start page reads
no personal data; the inbox shows (and audits) the rest."""

from __future__ import annotations

from typing import Any

from ankunft.cases import access
from ankunft.cases.models import ReferralStatus
from ankunft.cases.selectors import referrals as selectors
from ankunft.core import dashboard

NEWEST = 5


def new_referrals(user: Any) -> dict[str, Any] | None:
    """New referrals and unread notices; left out when there is neither."""
    new = selectors.referrals_visible(user).filter(status=ReferralStatus.SENT)
    count, notices = new.count(), selectors.notices_unread_count(user)
    if not count and not notices:
        return None
    return {
        "count": count,
        "newest": [(r, selectors.offer_title(r.offer)) for r in new[:NEWEST]] if count else [],
        "notices": notices,
    }


def register_panel() -> None:
    dashboard.register(
        dashboard.Panel(
            "cases/referrals/_panel.html", new_referrals, access.REFERRAL_INBOX, order=45
        )
    )
