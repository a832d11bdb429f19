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
        # The work list (area worklist): a case worker's start page.
        from ankunft.cases import dashboard  # noqa: PLC0415
        from ankunft.core import navigation  # noqa: PLC0415

        navigation.register(
            navigation.NavItem("cases:worklist", _("Work list"), access.VIEW, order=40)
        )
        dashboard.register_panels()
