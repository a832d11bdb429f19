from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

EVENTS_TABLE = "cases_caseevent"


class CasesConfig(AppConfig):
    """Fallmanagement (KIM): newcomers, households, consent, cases, referrals."""

    name = "ankunft.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from ankunft.cases import access, dashboard, referrals_panel  # noqa: PLC0415
        from ankunft.cases.selectors.referrals import people_reached  # noqa: PLC0415
        from ankunft.core import audit_db, navigation  # noqa: PLC0415
        from ankunft.measures.reach import register_people_reached  # noqa: PLC0415

        access.register_all()
        # Case events are partitioned by month on PostgreSQL (migration 0003): `ankunft
        # audit-partitions` creates their coming months' partitions as well.
        if EVENTS_TABLE not in audit_db.PARTITIONED:
            audit_db.PARTITIONED.append(EVENTS_TABLE)
        nav = navigation.NavItem
        for item in (
            nav("cases:worklist", _("Work list"), access.VIEW, order=40),
            nav("cases:case_list", _("Cases"), access.VIEW, order=41),
            nav("cases:intake", _("Intake"), access.WORK, order=42),
            nav("cases:person_list", _("Persons"), access.VIEW, order=43),
            nav("cases:referral_inbox", _("Referrals"), access.REFERRAL_INBOX, order=45),
            nav("cases:my_bookings", _("My bookings"), access.INTERPRETING, order=46),
            # the DPO's requests, person finder, consent register and retention
            nav("cases:subject_requests", _("Data protection"), access.SUBJECT_RIGHTS, order=48),
        ):
            navigation.register(item)
        # The providers' start page shows their new referrals; the chain counts the people
        # reached (measures cannot import cases: it asks through this hook).
        dashboard.register_panels()  # the work list on the start page
        referrals_panel.register_panel()
        from ankunft.cases.views.sections import register_sections  # noqa: PLC0415

        register_sections()
        register_people_reached(people_reached)
