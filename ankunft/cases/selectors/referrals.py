"""Reads of referrals: the provider's inbox (shared fields read live, only while consent
holds), a case's referrals, turnaround per provider and the people reached by measures."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from ankunft.cases import access
from ankunft.cases.models import (
    Case,
    ConsentPurpose,
    Participation,
    Person,
    Referral,
    ReferralNotice,
    ReferralStatus,
)
from ankunft.cases.selectors import consent
from ankunft.core import permissions
from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction, District, Role
from ankunft.directory.models import Offer
from ankunft.directory.present import choose_text
from ankunft.directory.search import search
from ankunft.directory.selectors.public import published_offers
from ankunft.measures.models import FieldOfAction, Measure

OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
SECONDS_PER_DAY = 86400
# Accepted at some point: still accepted, or completed or no-show since.
ANSWERED_YES = (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED, ReferralStatus.NO_SHOW)


def has_referral_basis(person: Person, on: dt.date | None = None) -> bool:
    """A valid consent (or recorded basis) to share the person's data with providers."""
    return consent.has_basis(person, ConsentPurpose.REFERRALS, on)


def persons_with_basis(person_ids: Iterable[int], on: dt.date | None = None) -> set[int]:
    """Of these persons, the ones whose data may be shared today (one query)."""
    return consent.persons_with_basis(person_ids, ConsentPurpose.REFERRALS, on)


def permission_for(user: Any) -> str:
    """Providers read referrals through their inbox, staff through the cases."""
    return access.REFERRAL_INBOX if user.role == Role.PROVIDER else access.VIEW


def referrals_visible(user: Any) -> QuerySet[Referral]:
    return (
        permissions.visible(user, permission_for(user), Referral)
        .select_related("case", "case__person", "offer", "offer__provider")
        .prefetch_related("offer__translations")
    )


def offer_title(offer: Offer, language: str | None = None) -> str:
    text = choose_text(offer, language or translation.get_language() or "de")
    return text.title if text is not None else str(offer)


@dataclass
class ReferralView:
    """A referral as shown: `shared` holds the shared fields' live values, or None when
    the consent no longer holds (then nothing of the person is shown)."""

    referral: Referral
    offer_title: str
    shared: dict[str, Any] | None
    notices: list[ReferralNotice] = field(default_factory=list)

    @property
    def consent_holds(self) -> bool:
        return self.shared is not None


def _value(person: Person, name: str) -> Any:
    if name == "gender":
        return str(person.get_gender_display()) if person.gender else ""
    if name == "district":
        return str(person.district) if person.district_id else ""
    return getattr(person, name)


def shared_values(person: Person, names: Sequence[str]) -> dict[str, Any]:
    """The shared fields, read live from the record (a correction shows at once)."""
    return {n: _value(person, n) for n in names}


def present(user: Any, referrals: list[Referral]) -> list[ReferralView]:
    """Views of the referrals with the shared data; the persons whose data is shown are
    audited (one INSERT, the fields shown)."""
    allowed = persons_with_basis(r.case.person_id for r in referrals)
    views, shown, fields = [], [], set()
    for r in referrals:
        person = r.case.person
        ok = person.pk in allowed and person.anonymised_at is None and person.restricted_at is None
        shared = shared_values(person, r.shared_fields) if ok else None
        if shared:
            shown.append(person)
            fields |= set(r.shared_fields)
        views.append(ReferralView(r, offer_title(r.offer), shared))
    audit_many(user, AuditAction.READ, shown, fields=sorted(fields))
    return views


REFERRAL_FIELDS = [
    "answered_at",
    "case",
    "finished_at",
    "offer",
    "provider_note",
    "purpose",
    "sent_at",
    "shared_fields",
    "status",
]


def staff_views(user: Any, referrals: list[Referral]) -> list[ReferralView]:
    """Referrals as staff see them (no shared values: staff read the person's record)."""
    audit_many(user, AuditAction.READ, referrals, fields=REFERRAL_FIELDS)
    return [ReferralView(r, offer_title(r.offer), None) for r in referrals]


def inbox(user: Any, *, status: str = "") -> list[ReferralView]:
    """The provider's referrals (to its own offers), newest first, with unread notices."""
    permissions.require(user, access.REFERRAL_INBOX)
    qs = referrals_visible(user)
    if status in ReferralStatus.values:
        qs = qs.filter(status=status)
    views = present(user, list(qs[:200]))
    unread = notices_unread(user)
    for v in views:
        v.notices = [n for n in unread if n.referral_id == v.referral.pk]
    return views


def notices_unread(user: Any) -> list[ReferralNotice]:
    return list(
        permissions.visible(user, access.REFERRAL_INBOX, ReferralNotice)
        .filter(read_at__isnull=True)
        .select_related("referral")
    )


def notices_unread_count(user: Any) -> int:
    return (
        permissions.visible(user, access.REFERRAL_INBOX, ReferralNotice)
        .filter(read_at__isnull=True)
        .count()
    )


def referral_get(user: Any, pk: int) -> Referral:
    """One referral the user may see (a provider: to its own offers), else 404."""
    found = referrals_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def referral_view(user: Any, pk: int) -> ReferralView:
    """One referral with its shared data (audited) and all its notices."""
    view = present(user, [referral_get(user, pk)])[0]
    view.notices = list(view.referral.notices.all())
    return view


def case_referrals(user: Any, case: Case) -> list[ReferralView]:
    """The referrals of a case the user may see (staff: the case's rule)."""
    qs = referrals_visible(user).filter(case=case)
    return [ReferralView(r, offer_title(r.offer), None) for r in qs]


def new_count(user: Any) -> int:
    return referrals_visible(user).filter(status=ReferralStatus.SENT).count()


def offers_for_referral(user: Any, query: str, limit: int = 20) -> list[tuple[Offer, str]]:
    """Published offers of the user's municipality, found by the directory's search."""
    m_id = user.municipality_id
    if m_id is None:
        return []
    offers = published_offers(m_id, timezone.localdate())
    if query.strip():
        outcome = search(
            municipality_id=m_id,
            query=query,
            reader_language=translation.get_language() or "de",
            offers=offers,
            limit=limit,
        )
        ids = [h.offer_id for h in outcome.hits]
        by_id = {o.pk: o for o in offers.filter(pk__in=ids).prefetch_related("translations")}
        found = [by_id[i] for i in ids if i in by_id]
    else:
        found = list(offers.prefetch_related("translations").order_by("slug", "id")[:limit])
    return [(o, offer_title(o)) for o in found]


# Turnaround ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turnaround:
    provider_id: int
    provider: str
    sent: int
    accepted: int
    declined: int
    completed: int
    no_show: int
    median_days_to_answer: float | None
    median_days_to_completion: float | None


def _median_days(durations: list[dt.timedelta]) -> float | None:
    if not durations:
        return None
    return round(statistics.median(d.total_seconds() for d in durations) / SECONDS_PER_DAY, 1)


def turnaround(user: Any) -> list[Turnaround]:
    """Per provider: counts by status (counted in the database) and the median days to an
    answer and to completion. Aggregates only, the user's municipality only."""
    permissions.require(user, access.CASELOAD)
    base = Referral.objects.for_municipality(user.municipality_id)
    rows = (
        base.order_by()
        .values("offer__provider_id", "offer__provider__name")
        .annotate(
            sent=Count("pk"),
            accepted=Count(
                "pk",
                filter=Q(status__in=ANSWERED_YES),
            ),
            declined=Count("pk", filter=Q(status=ReferralStatus.DECLINED)),
            completed=Count("pk", filter=Q(status=ReferralStatus.COMPLETED)),
            no_show=Count("pk", filter=Q(status=ReferralStatus.NO_SHOW)),
        )
        .order_by("offer__provider__name")
    )
    # Durations are computed by the database; only they (no record) come back.
    answer = ExpressionWrapper(F("answered_at") - F("sent_at"), output_field=DurationField())
    done = ExpressionWrapper(F("finished_at") - F("sent_at"), output_field=DurationField())
    to_answer: dict[int, list[dt.timedelta]] = {}
    for pid, d in (
        base.filter(answered_at__isnull=False)
        .annotate(d=answer)
        .values_list("offer__provider_id", "d")
    ):
        to_answer.setdefault(pid, []).append(d)
    to_done: dict[int, list[dt.timedelta]] = {}
    for pid, d in (
        base.filter(status=ReferralStatus.COMPLETED, finished_at__isnull=False)
        .annotate(d=done)
        .values_list("offer__provider_id", "d")
    ):
        to_done.setdefault(pid, []).append(d)
    return [
        Turnaround(
            provider_id=r["offer__provider_id"],
            provider=r["offer__provider__name"],
            sent=r["sent"],
            accepted=r["accepted"],
            declined=r["declined"],
            completed=r["completed"],
            no_show=r["no_show"],
            median_days_to_answer=_median_days(to_answer.get(r["offer__provider_id"], [])),
            median_days_to_completion=_median_days(to_done.get(r["offer__provider_id"], [])),
        )
        for r in rows
    ]


# People reached -----------------------------------------------------------------------------


def people_reached(
    municipality_id: int,
    measure_ids: Sequence[int],
    period: tuple[dt.date | None, dt.date | None] = (None, None),
) -> dict[str, Any]:
    """Distinct persons with a participation in the measures during `period` (from, until;
    open ends allowed): `{"total": n, "per_measure": {measure_id: n}}`. Counts only."""
    start, end = period
    qs = Participation.objects.for_municipality(municipality_id).filter(
        measure_id__in=list(measure_ids)
    )
    if end is not None:
        qs = qs.filter(started_on__lte=end)
    if start is not None:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    per_measure = {
        row["measure_id"]: row["n"]
        for row in qs.order_by().values("measure_id").annotate(n=Count("person_id", distinct=True))
    }
    total = qs.aggregate(n=Count("person_id", distinct=True))["n"] or 0
    return {"total": total, "per_measure": {m: per_measure.get(m, 0) for m in measure_ids}}


# Choices of the forms (not personal) ------------------------------------------------------


def measure_options(user: Any) -> QuerySet[Measure]:
    """The municipality's measures, for a completion or participation form."""
    return Measure.objects.for_user(user).order_by("title")


def field_of_action_options(user: Any) -> QuerySet[FieldOfAction]:
    return FieldOfAction.objects.for_user(user).order_by("order", "key")


def district_options(user: Any) -> QuerySet[District]:
    return District.objects.for_user(user).order_by("name")


def offer_by_id(user: Any, pk: int) -> list[tuple[Offer, str]]:
    """The published offer `pk` of the user's municipality (a choice of an earlier search)."""
    if user.municipality_id is None:
        return []
    offers = published_offers(user.municipality_id, timezone.localdate())
    return [(o, offer_title(o)) for o in offers.filter(pk=pk).prefetch_related("translations")]


def require_view(user: Any) -> None:
    """Referrals are for providers (their inbox) and for those who see cases."""
    permissions.require(user, permission_for(user))


def require_inbox(user: Any) -> None:
    permissions.require(user, access.REFERRAL_INBOX)


def require_work(user: Any) -> None:
    permissions.require(user, access.WORK)
