"""Audit paths of the case module's referrals pages and API (see tests/core/test_audit_paths.py):
`CASE_ROUTES` maps a function (taking the World of that file, returning its Shown) to
its route; `NOT_PERSONAL` maps a route that shows no personal field to the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from ankunft.cases.services.referrals import referral_send
from ankunft.core.models import Role
from ankunft.directory import services as directory
from tests import factories
from tests.cases import factories as cf
from tests.cases.world_referrals import consent
from tests.directory.conftest import make_offer

SHARED = ["family_name", "phone"]


def _referrals(w: Any, n: int = 2) -> list[Any]:
    """`n` referrals of persons with consent to the provider's offer; the provider logs in.
    One more referral of a person without consent shows no data (and is not audited)."""
    head = w.make_user(Role.HEAD_OF_KI)
    cw = w.make_user(Role.CASE_WORKER, team=factories.team(w.town))
    provider = directory.provider_create(actor=head, name="Verein A e.V.")
    offer = make_offer(head, provider, "Deutschkurs")
    persons = []
    for i in range(n + 1):
        case = cf.case(w.town, cw.team, cw, given="Ana", family=f"Geheim{i}", phone="0203 1")
        c = consent(case.person)
        referral_send(actor=None, case=case, offer=offer, purpose="Kurs", shared_fields=SHARED)
        if i == n:
            c.withdrawn_on = c.given_on
            c.save()
        else:
            persons.append(case.person)
    user = w.login(Role.PROVIDER)
    directory.provider_member_add(actor=head, provider=provider, user=user)
    return persons


def page_inbox(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    persons = _referrals(w)
    return Shown(w.client.get(reverse("cases:referral_inbox")), persons, SHARED)


def page_answer(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    persons = _referrals(w, 1)
    referral = persons[0].cases.get().referrals.get()
    return Shown(
        w.client.get(reverse("cases:referral_answer", args=[referral.pk])), persons, SHARED
    )


def api_referrals(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    persons = _referrals(w)
    return Shown(w.client.get("/api/cases/referrals"), persons, SHARED)


def api_referrals_staff(w: Any) -> Any:
    """Staff read the referrals themselves (their own team's cases), no shared values."""
    from ankunft.cases.models import Referral  # noqa: PLC0415
    from ankunft.cases.selectors.referrals import REFERRAL_FIELDS  # noqa: PLC0415
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    _referrals(w)
    lead = w.make_user(Role.HEAD_OF_KI, first_name="Leitung")
    w.client.force_login(lead)
    return Shown(
        w.client.get("/api/cases/referrals"), list(Referral.objects.all()), REFERRAL_FIELDS
    )


def api_referral(w: Any) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    persons = _referrals(w, 1)
    referral = persons[0].cases.get().referrals.get()
    return Shown(w.client.get(f"/api/cases/referrals/{referral.pk}"), persons, SHARED)


CASE_FIELDS = ["number", "step", "team", "worker"]


def _case_page(w: Any, name: str) -> Any:
    from tests.core.test_audit_paths import Shown  # noqa: PLC0415

    cw = w.login(Role.CASE_WORKER)
    cw.team = factories.team(w.town)
    cw.save()
    case = cf.case(w.town, cw.team, cw, given="Ana", family="Geheim")
    return Shown(w.client.get(reverse(name, args=[case.pk])), [case], CASE_FIELDS)


def page_referral_new(w: Any) -> Any:
    """The case (its number) is read; the list of its referrals shows no more of it."""
    return _case_page(w, "cases:referral_new")


def page_barrier_report(w: Any) -> Any:
    return _case_page(w, "cases:barrier_report")


CASE_ROUTES: dict[Callable[[Any], Any], str] = {
    page_inbox: "cases:referral_inbox",
    page_answer: "cases:referral_answer",
    api_referrals: "GET /api/cases/referrals",
    api_referrals_staff: "GET /api/cases/referrals",
    api_referral: "GET /api/cases/referrals/{referral_id}",
    page_referral_new: "cases:referral_new",
    page_barrier_report: "cases:barrier_report",
}
FORM = "a form (offers and field names only) or a write, audited as such"
AGGREGATES = "counts and median days per provider: no person"
NOT_PERSONAL: dict[str, str] = {
    "cases:referral_withdraw": FORM,
    "cases:referral_turnaround": AGGREGATES,
    "POST /api/cases/cases/{case_id}/referrals": FORM,
    "POST /api/cases/referrals/{referral_id}/answer": FORM,
    "POST /api/cases/referrals/{referral_id}/withdraw": FORM,
    "GET /api/cases/referrals/turnaround": AGGREGATES,
    "POST /api/cases/persons/{person_id}/participations": FORM,
    "POST /api/cases/cases/{case_id}/barriers": FORM,
}
