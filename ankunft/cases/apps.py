from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Fallmanagement (KIM): newcomers, households, consent, cases, referrals."""

    name = "ankunft.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from ankunft.cases import access  # noqa: PLC0415

        access.register_all()
        self._ready_referrals(access.REFERRAL_INBOX)

    @staticmethod
    def _ready_referrals(inbox: str) -> None:
        """Referrals: the providers' nav item and start-page panel, people reached."""
        from ankunft.cases import referrals_panel  # noqa: PLC0415
        from ankunft.cases.selectors.referrals import people_reached  # noqa: PLC0415
        from ankunft.core import navigation  # noqa: PLC0415
        from ankunft.measures.reach import register_people_reached  # noqa: PLC0415

        navigation.register(
            navigation.NavItem("cases:referral_inbox", _("Referrals"), inbox, order=45)
        )
        referrals_panel.register_panel()
        register_people_reached(people_reached)
