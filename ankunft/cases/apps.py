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
        from ankunft.core import navigation  # noqa: PLC0415

        # persons area
        navigation.register(navigation.NavItem("cases:intake", _("Intake"), access.WORK, order=41))
        navigation.register(
            navigation.NavItem("cases:person_list", _("Persons"), access.VIEW, order=42)
        )
