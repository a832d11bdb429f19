"""A case worker's morning: what is due in their cases (or their team's), next due first.

One query per kind of item, whatever the number of items (related records come with
`select_related`), one for the cases of the person-level items (consent, residence, legal
domain) and one for the municipality's periods. Every query goes through the permission layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import (
    Appointment,
    Case,
    Consent,
    Goal,
    GoalStatus,
    LegalDomainPeriod,
    Person,
    Referral,
    Step,
)
from ankunft.cases.selectors.privacy import settings_of
from ankunft.core import permissions

MINE, TEAM = "mine", "team"
SCOPES = (MINE, TEAM)
LEGAL_DOMAIN_DAYS = 30
MAX_IDS = 500  # persons looked up by id; above, all open cases in scope are read


class Kind:
    APPOINTMENT = "appointment"
    GOAL = "goal_overdue"
    CONSENT = "consent_expiring"
    RESIDENCE = "residence_expiring"
    LEGAL_DOMAIN = "legal_domain_change"
    NO_CONTACT = "no_contact"
    REFERRAL = "referral_answer"


def kind_labels() -> dict[str, str]:
    return {
        Kind.APPOINTMENT: _("Appointment today"),
        Kind.GOAL: _("Goal overdue"),
        Kind.CONSENT: _("Consent expiring"),
        Kind.RESIDENCE: _("Residence title expiring"),
        Kind.LEGAL_DOMAIN: _("Change of legal domain"),
        Kind.NO_CONTACT: _("No contact"),
        Kind.REFERRAL: _("New answer from a provider"),
    }


def case_url(pk: int) -> str:
    return reverse("cases:case_detail", kwargs={"pk": pk})


@dataclass(frozen=True)
class Item:
    """One thing due: when, in which case, for whom, what."""

    due: dt.date
    kind: str
    case_id: int
    case_number: str
    person_id: int
    given_names: str
    family_name: str
    detail: str
    at: dt.datetime | None = None  # appointments: the time
    # Where the item stands in the paged list (`worklist_page`): the kind's place, the
    # value its query is ordered by, the record's pk.
    rank: int = 0
    order: Any = None
    source_pk: int = 0

    @property
    def person_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def kind_label(self) -> str:
        return kind_labels()[self.kind]

    @property
    def url(self) -> str:
        return case_url(self.case_id)

    def sort_key(self) -> tuple[dt.date, str, str, int]:
        return (self.due, self.at.isoformat() if self.at else "", self.kind, self.case_id)


@dataclass(frozen=True)
class Period:
    """The dates the kinds compare with (from the municipality's case settings)."""

    today: dt.date
    consent_until: dt.date
    residence_until: dt.date
    no_contact_before: dt.date
    no_contact_weeks: int


def periods(user: Any, today: dt.date | None = None) -> Period:
    day = today or timezone.localdate()
    s = settings_of(user.municipality_id or 0)  # the defaults, without writing on a read
    return Period(
        today=day,
        consent_until=day + dt.timedelta(days=s.consent_warning_days),
        residence_until=day + dt.timedelta(days=s.residence_warning_days),
        no_contact_before=day - dt.timedelta(weeks=s.no_contact_weeks),
        no_contact_weeks=s.no_contact_weeks,
    )


def open_cases(user: Any, scope: str) -> QuerySet[Case]:
    """The user's open cases: assigned to them ("mine") or all they see ("team": their
    team's, and for the head of the KI the municipality's)."""
    qs = permissions.visible(user, access.VIEW, Case).exclude(step=Step.CLOSED)
    qs = qs.filter(anonymised_at__isnull=True)
    return qs.filter(worker_id=user.pk) if scope == MINE else qs


def _case_scoped(user: Any, scope: str, model: Any, prefix: str = "case__") -> QuerySet[Any]:
    qs = permissions.visible(user, access.VIEW, model)
    qs = qs.exclude(**{f"{prefix}step": Step.CLOSED})
    return qs.filter(**{f"{prefix}worker_id": user.pk}) if scope == MINE else qs


def _with_case(user: Any, scope: str, qs: QuerySet[Any], person: str) -> QuerySet[Any]:
    """Person-level records of persons with an open case in scope (the case itself is
    looked up for all such items at once, see `_fill_cases`)."""
    # EXISTS, not IN: the planner walks the kind's index in due order and probes each
    # person's cases (`ORDER BY … LIMIT` stops early) instead of hashing every open case.
    return qs.filter(Exists(open_cases(user, scope).filter(person_id=OuterRef(person))))


def _fill_cases(user: Any, scope: str, items: list[Item]) -> list[Item]:
    """Give person-level items the person's newest open case: ONE query for all."""
    wanted = {i.person_id for i in items if not i.case_id}
    if not wanted:
        return items
    cases = open_cases(user, scope).order_by("-opened_on", "-pk")
    if len(wanted) <= MAX_IDS:
        cases = cases.filter(person_id__in=wanted)
    newest: dict[int, tuple[int, str]] = {}
    for pk, number, person_id in cases.values_list("pk", "number", "person_id"):
        newest.setdefault(person_id, (pk, number))
    return [
        replace(i, case_id=newest[i.person_id][0], case_number=newest[i.person_id][1])
        if not i.case_id
        else i
        for i in items
        if i.case_id or i.person_id in newest
    ]


# The query of each kind ------------------------------------------------------------------

# Only the columns the items show (a person's encrypted fields are not read, let alone
# decrypted, for a list of names).
NAME = ("given_names", "family_name")
CASE_NAME = ("case__number", "case__person__given_names", "case__person__family_name")


def appointments_q(user: Any, scope: str, p: Period) -> QuerySet[Appointment]:
    start = timezone.make_aware(dt.datetime.combine(p.today, dt.time.min))
    qs = permissions.visible(user, access.VIEW, Appointment).exclude(case__step=Step.CLOSED)
    if scope == MINE:
        qs = qs.filter(Q(case__worker_id=user.pk) | Q(worker_id=user.pk))
    return (
        qs.filter(
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
            cancelled_at__isnull=True,
        )
        .select_related("case__person")
        .only("starts_at", "kind", "place", *CASE_NAME)
    )


def goals_q(user: Any, scope: str, p: Period) -> QuerySet[Goal]:
    qs = _case_scoped(user, scope, Goal)
    qs = qs.filter(status=GoalStatus.OPEN, due_on__lt=p.today)
    return qs.select_related("case__person").only("title", "due_on", *CASE_NAME)


def consents_q(user: Any, scope: str, p: Period) -> QuerySet[Consent]:
    qs = permissions.visible(user, access.VIEW, Consent).filter(
        valid_until__gte=p.today, valid_until__lte=p.consent_until, withdrawn_on__isnull=True
    )
    qs = _with_case(user, scope, qs, "person_id").select_related("person")
    return qs.only("purpose", "valid_until", "person__given_names", "person__family_name")


def residence_q(user: Any, scope: str, p: Period) -> QuerySet[Person]:
    qs = permissions.visible(user, access.VIEW, Person).filter(
        anonymised_at__isnull=True,
        residence_valid_until__gte=p.today,
        residence_valid_until__lte=p.residence_until,
    )
    return _with_case(user, scope, qs, "pk").only(*NAME, "residence_valid_until")


def legal_domains_q(user: Any, scope: str, p: Period) -> QuerySet[LegalDomainPeriod]:
    """Periods ending within 30 days, and periods begun in the last 30 days right after
    another one of the person ended (the day before or the same day)."""
    window = dt.timedelta(days=LEGAL_DOMAIN_DAYS)
    before = LegalDomainPeriod.objects.filter(
        person_id=OuterRef("person_id"),
        end__isnull=False,
        end__lte=OuterRef("start"),
        end__gte=OuterRef("start") - dt.timedelta(days=1),
    ).exclude(pk=OuterRef("pk"))
    qs = permissions.visible(user, access.VIEW, LegalDomainPeriod).filter(
        Q(end__gte=p.today, end__lte=p.today + window)
        | Q(Exists(before), start__gte=p.today - window, start__lte=p.today)
    )
    qs = _with_case(user, scope, qs, "person_id").select_related("person")
    return qs.only("domain", "start", "end", "person__given_names", "person__family_name")


def no_contact_q(user: Any, scope: str, p: Period) -> QuerySet[Case]:
    # The last contact, or the opening for a case without one: the indexed expression
    # (`case_team_contact`, `case_worker_contact`).
    qs = open_cases(user, scope).alias(contact=Coalesce("last_contact_on", "opened_on"))
    qs = qs.filter(contact__lt=p.no_contact_before)
    return qs.select_related("person").only(
        "number", "opened_on", "last_contact_on", "person__given_names", "person__family_name"
    )


def referrals_q(user: Any, scope: str, p: Period) -> QuerySet[Referral]:
    qs = _case_scoped(user, scope, Referral)
    qs = qs.filter(answered_at__isnull=False, seen_at__isnull=True).select_related("case__person")
    return qs.only("status", "answered_at", *CASE_NAME)


# Each record as an item ------------------------------------------------------------------


def _of_case(case: Case, due: dt.date, kind: str, detail: str, **kw: Any) -> Item:
    person = case.person
    return Item(
        due, kind, case.pk, case.number, person.pk, person.given_names, person.family_name,
        detail, **kw,
    )  # fmt: skip


def _of_person(person: Person, due: dt.date, kind: str, detail: str) -> Item:
    # The case is filled in afterwards (`_fill_cases`), for all such items in one query.
    return Item(due, kind, 0, "", person.pk, person.given_names, person.family_name, detail)


def _appointment(a: Appointment, p: Period) -> Item:
    local = timezone.localtime(a.starts_at)
    detail = f"{local:%H:%M} {a.get_kind_display()}" + (f", {a.place}" if a.place else "")
    return _of_case(a.case, p.today, Kind.APPOINTMENT, detail, at=a.starts_at)


def _goal(g: Goal, p: Period) -> Item:
    return _of_case(g.case, g.due_on, Kind.GOAL, g.title)


def _consent(c: Consent, p: Period) -> Item:
    assert c.valid_until is not None  # noqa: S101 - filtered on it
    return _of_person(c.person, c.valid_until, Kind.CONSENT, c.get_purpose_display())


def _residence(person: Person, p: Period) -> Item:
    assert person.residence_valid_until is not None  # noqa: S101 - filtered on it
    return _of_person(person, person.residence_valid_until, Kind.RESIDENCE, "")


def _legal_domain(d: LegalDomainPeriod, p: Period) -> Item:
    ending = d.end is not None and d.end >= p.today
    if ending:
        assert d.end is not None  # noqa: S101
        detail = _("%(domain)s ends") % {"domain": d.get_domain_display()}
        return _of_person(d.person, d.end, Kind.LEGAL_DOMAIN, detail)
    detail = _("now %(domain)s") % {"domain": d.get_domain_display()}
    return _of_person(d.person, d.start, Kind.LEGAL_DOMAIN, detail)


def _no_contact(c: Case, p: Period) -> Item:
    last = c.last_contact_on or c.opened_on
    due = last + dt.timedelta(weeks=p.no_contact_weeks)
    detail = _("last contact %(date)s") % {"date": f"{last:%d.%m.%Y}"}
    return _of_case(c, due, Kind.NO_CONTACT, detail)


def _referral(r: Referral, p: Period) -> Item:
    assert r.answered_at is not None  # noqa: S101 - filtered on it
    due = timezone.localtime(r.answered_at).date()
    return _of_case(r.case, due, Kind.REFERRAL, r.get_status_display())


KINDS: list[tuple[str, Callable[..., QuerySet[Any]], Callable[[Any, Period], Item]]] = [
    (Kind.APPOINTMENT, appointments_q, _appointment),
    (Kind.GOAL, goals_q, _goal),
    (Kind.CONSENT, consents_q, _consent),
    (Kind.RESIDENCE, residence_q, _residence),
    (Kind.LEGAL_DOMAIN, legal_domains_q, _legal_domain),
    (Kind.NO_CONTACT, no_contact_q, _no_contact),
    (Kind.REFERRAL, referrals_q, _referral),
]


def _kinds(user: Any) -> Iterable[tuple[str, Callable[..., QuerySet[Any]], Any]]:
    for kind, query, make in KINDS:
        if kind == Kind.RESIDENCE and not permissions.may_see_field(
            user, Person, "residence_valid_until"
        ):
            continue
        yield kind, query, make


def default_scope(user: Any) -> str:
    return MINE if user.team_id is None or user.role == "case_worker" else TEAM


# The column each kind's items are due by, for `limit` (the database keeps the next due).
DUE_ORDER: dict[str, Any] = {
    Kind.APPOINTMENT: "starts_at",
    Kind.GOAL: "due_on",
    Kind.CONSENT: "valid_until",
    Kind.RESIDENCE: "residence_valid_until",
    Kind.LEGAL_DOMAIN: Coalesce("end", "start"),
    Kind.NO_CONTACT: Coalesce("last_contact_on", "opened_on"),
    Kind.REFERRAL: "answered_at",
}


def worklist(
    user: Any, scope: str = MINE, today: dt.date | None = None, *, limit: int | None = None
) -> list[Item]:
    """What is due for `user`, next due first (a constant number of queries).

    With `limit`, each kind's query takes only its next `limit` records, so a large team's
    list costs what the page shows, not what is due in all."""
    permissions.require(user, access.VIEW)
    scope = scope if scope in SCOPES else MINE
    p = periods(user, today)
    items = []
    for kind, query, make in _kinds(user):
        qs = query(user, scope, p)
        if limit is not None:
            qs = qs.order_by(DUE_ORDER[kind], "pk")[:limit]
        items += [make(r, p) for r in qs]
    found = sorted(_fill_cases(user, scope, items), key=Item.sort_key)
    return found[:limit] if limit is not None else found


def worklist_count(user: Any, scope: str = MINE, today: dt.date | None = None) -> int:
    """How many items are due (for the start page): one count per kind."""
    p = periods(user, today)
    return sum(query(user, scope, p).count() for _k, query, _m in _kinds(user))


# What the page and the API show of a person, audited for the persons listed.
SHOWN_PERSON_FIELDS = ["family_name", "given_names"]


def audit_fields(items: Iterable[Item]) -> list[str]:
    shown = set(SHOWN_PERSON_FIELDS)
    if any(i.kind == Kind.RESIDENCE for i in items):
        shown.add("residence_valid_until")
    return sorted(shown)


def person_refs(items: Iterable[Item], municipality_id: int) -> list[Person]:
    """The persons shown, as records to audit (no extra query: only their pks)."""
    seen: dict[int, Person] = {}
    for i in items:
        seen.setdefault(i.person_id, Person(pk=i.person_id, municipality_id=municipality_id))
    return list(seen.values())
