"""Demo data of case management: about 60 newcomer households in Duisburg-Marxloh.

ALL PERSONS OF THE DEMO ARE FICTITIOUS: names are drawn at random (seeded) from common
names of the countries of origin, in Latin and original script; no record describes a real
person. The cases run through every step in plausible numbers (most in implementation, some
closed with an outcome), with consents, needs per field of action, goals (some overdue),
appointments (some today), legal-domain periods (some changing), referrals to the
directory's demo offers in every status and participations in the Marxloh measures. The
demo case workers and the team lead own cases, so their work list is full at login.

Deterministic (seeded random), in bulk, and idempotent: it does nothing when the
municipality has persons already.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from ankunft.cases.demo_names import ORIGINS, Origin
from ankunft.cases.matching import blocking_keys
from ankunft.cases.models import (
    Appointment,
    BookingStatus,
    Case,
    CaseEvent,
    Consent,
    Goal,
    Household,
    InterpreterBooking,
    InterpreterProfile,
    LegalDomainPeriod,
    NameKey,
    Need,
    Outcome,
    Participation,
    Person,
    Referral,
    ReferralStatus,
    Relation,
    Step,
)
from ankunft.core.models import District, Municipality, Team, User

SEED = 2026
HOUSEHOLDS = 60
# Steps of the main cases, in realistic numbers (most cases are being implemented).
STEPS = (
    [Step.INTAKE] * 6 + [Step.ASSESSMENT] * 6 + [Step.PLAN] * 8 + [Step.IMPLEMENTATION] * 30
    + [Step.EVALUATION] * 4 + [Step.CLOSED] * 6
)  # fmt: skip
OUTCOMES = [Outcome.GOALS_MET, Outcome.PARTLY_MET, Outcome.HANDED_OVER, Outcome.MOVED_AWAY]
GOALS = (
    "Anmeldung beim Einwohnermeldeamt", "Krankenversicherung klären", "Kita-Platz finden",
    "Schulanmeldung der Kinder", "Integrationskurs beginnen", "Wohnung suchen",
    "Anerkennung des Berufsabschlusses beantragen", "Konto eröffnen",
)  # fmt: skip
DEMO_LOGINS = ("caseworker", "caseworker2", "teamlead")
EU = frozenset({"RO", "BG", "PL"})
RELATIONS = (Relation.HEAD, Relation.PARTNER, Relation.CHILD)
STREETS = ("Weseler Straße", "Kaiser-Wilhelm-Straße", "Warbruckstraße", "Wolfstraße")


def _birth(rng: random.Random, age: int) -> tuple[int, int | None, int | None, bool]:
    year = timezone.localdate().year - age
    kind = rng.random()
    if kind < 0.7:  # noqa: PLR2004 - most know their whole date of birth
        return year, rng.randint(1, 12), rng.randint(1, 28), False
    if kind < 0.85:  # noqa: PLR2004
        return year, rng.randint(1, 12), None, False
    return year, None, None, kind > 0.93  # noqa: PLR2004 - some only estimated


class _Builder:
    def __init__(self, m: Municipality, rng: random.Random) -> None:
        self.m, self.rng = m, rng
        self.today = timezone.localdate()
        users = {u.username: u for u in User.objects.filter(municipality=m)}
        self.cw, self.cw2, self.lead = users["caseworker"], users["caseworker2"], users["teamlead"]
        self.team_a = (
            self.cw.team or Team.objects.get_or_create(municipality=m, name="Team Marxloh")[0]
        )
        self.team_b = self.cw2.team or self.team_a
        districts = {d.name: d for d in District.objects.filter(municipality=m)}
        self.districts = [
            districts[n] for n in ("Marxloh", "Obermarxloh", "Alt-Hamborn") if n in districts
        ]
        self.persons: list[Person] = []
        self.cases: list[Case] = []

    def day(self, back: int, forward: int = 0) -> dt.date:
        return self.today + dt.timedelta(days=self.rng.randint(-back, forward))

    def household(self, n: int, origin: Origin) -> tuple[Household, list[Person]]:
        rng = self.rng
        family = rng.choice(origin.families)
        team = self.team_b if n % 4 == 3 else self.team_a  # noqa: PLR2004 - a quarter in Hamborn-Nord
        household = Household.objects.create(
            municipality=self.m, label=f"Familie {family[0]}", team=team
        )
        size = rng.choice((1, 1, 2, 3, 3, 4, 4, 5, 6))
        arrival = self.day(900, -30)
        street = f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
        members: list[Person] = []
        for i in range(size):
            # The second member is the partner of the first.
            female = members[0].gender != "female" if i == 1 else rng.random() < 0.5  # noqa: PLR2004
            given = rng.choice(origin.female if female else origin.male)
            fam = (family[2], family[3]) if female else (family[0], family[1])
            age = rng.randint(24, 58) if i < 2 else rng.randint(1, 17)  # noqa: PLR2004
            year, month, day_, estimated = _birth(rng, age)
            adult = i < 2  # noqa: PLR2004
            members.append(
                Person(
                    municipality=self.m, household=household, team=team,
                    relation=RELATIONS[min(i, 2)],
                    given_names=given[0], family_name=fam[0],
                    given_names_original=given[1], family_name_original=fam[1],
                    birth_year=year, birth_month=month, birth_day=day_, birth_estimated=estimated,
                    gender="female" if female else "male", nationalities=[origin.country],
                    languages=list(origin.languages),
                    interpreter_needed=bool(origin.interpreter) and adult and rng.random() < 0.7,  # noqa: PLR2004
                    interpreter_language=origin.interpreter if adult else "",
                    phone=f"0203 {rng.randint(100000, 999999)}" if adult else "",
                    address=street, district=rng.choice(self.districts) if self.districts else None,
                    arrival_date=arrival,
                    residence_status=self._status(origin),
                    residence_valid_until=None if origin.country in EU else self.day(-5, 400),
                )
            )  # fmt: skip
        return household, members

    def _status(self, origin: Origin) -> str:
        if origin.country in EU:
            return "eu_freedom"
        if origin.country == "UA":
            return "temporary_protection"
        return self.rng.choice(("permit", "asylum_permission", "toleration", "fiction"))

    def worker_of(self, team: Team) -> User | None:
        if team == self.team_b:
            return self.cw2
        return self.rng.choice((self.cw, self.cw, self.cw, self.lead, None))


def _numbered(cases: list[Case], m: Municipality) -> None:
    counters: dict[int, int] = {}
    for case in sorted(cases, key=lambda c: (c.opened_on, id(c))):
        year = case.opened_on.year
        counters[year] = counters.get(year, 0) + 1
        case.number = f"{year}-{counters[year]:05d}"


@transaction.atomic
def load(municipality: Municipality, stdout: TextIO) -> None:
    """Create the demo households and cases (nothing when there are persons already)."""
    m = municipality
    if Person.objects.filter(municipality=m).exists():
        return
    logins = User.objects.filter(municipality=m, username__in=DEMO_LOGINS)
    if logins.count() != len(DEMO_LOGINS):
        return
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    b = _Builder(m, rng)
    weights = [o.weight for o in ORIGINS]
    main: list[Person] = []
    for n in range(HOUSEHOLDS):
        _household, members = b.household(n, rng.choices(ORIGINS, weights)[0])
        b.persons += members
        main.append(members[0])
    Person.objects.bulk_create(b.persons)
    NameKey.objects.bulk_create(
        [
            NameKey(municipality=m, person=p, key=k)
            for p in b.persons
            for k in blocking_keys(p.given_names, p.family_name)
            | blocking_keys(p.given_names_original, p.family_name_original)
        ]
    )
    steps = list(STEPS)
    rng.shuffle(steps)
    for person, step in zip(main, steps, strict=False):
        opened = b.day(700, -20)
        closed = step == Step.CLOSED
        b.cases.append(
            Case(
                municipality=m, person=person, household=person.household, team=person.team,
                worker=b.worker_of(person.team), step=step, opened_on=opened,
                closed_on=b.day(60) if closed else None,
                outcome=rng.choice(OUTCOMES) if closed else "",
                last_contact_on=b.day(90) if rng.random() < 0.25 else b.day(30),  # noqa: PLR2004
            )
        )  # fmt: skip
    _numbered(b.cases, m)
    Case.objects.bulk_create(b.cases)
    _details(b)
    stdout.write(
        f"  cases: {len(b.persons)} persons in {HOUSEHOLDS} households, {len(b.cases)} cases\n"
    )


def _details(b: _Builder) -> None:  # noqa: PLR0915 - one pass per kind of record
    from ankunft.directory.models import Offer  # noqa: PLC0415
    from ankunft.measures.models import FieldOfAction, Measure  # noqa: PLC0415

    m, rng, today = b.m, b.rng, b.today
    fields = list(FieldOfAction.objects.filter(municipality=m))
    offers = list(Offer.objects.filter(municipality=m).order_by("pk")[:12])
    measures = list(Measure.objects.filter(municipality=m).order_by("pk"))
    events: list[CaseEvent] = []
    consents: list[Consent] = []
    needs: list[Need] = []
    goals: list[Goal] = []
    appts: list[Appointment] = []
    domains: list[LegalDomainPeriod] = []
    referrals: list[Referral] = []
    statuses = list(ReferralStatus)
    now = timezone.now()
    for i, c in enumerate(b.cases):
        events.append(
            CaseEvent(municipality=m, case=c, kind=CaseEvent.Kind.OPENED, to_value=Step.INTAKE)
        )
        if c.step != Step.INTAKE:
            events.append(
                CaseEvent(
                    municipality=m,
                    case=c,
                    kind=CaseEvent.Kind.STEP,
                    from_value=Step.INTAKE,
                    to_value=c.step,
                )
            )
        soon = i % 9 == 0
        consents.append(
            Consent(
                municipality=m,
                person=c.person,
                purpose="case_management",
                legal_basis="consent",
                form="written",
                given_on=c.opened_on,
                valid_until=today + dt.timedelta(days=rng.randint(3, 28))
                if soon
                else c.opened_on + dt.timedelta(days=730),
            )
        )
        if i % 5:
            consents.append(
                Consent(
                    municipality=m,
                    person=c.person,
                    purpose="referrals",
                    legal_basis="consent",
                    form="written",
                    given_on=c.opened_on,
                    withdrawn_on=today if i % 17 == 0 else None,
                )
            )
        change = i % 7 == 0
        since: dt.date = c.person.arrival_date or c.opened_on
        if change and i % 2:
            ended = today - dt.timedelta(days=rng.randint(2, 20))
            domains.append(
                LegalDomainPeriod(
                    municipality=m,
                    person=c.person,
                    domain="asylblg",
                    start=since,
                    end=ended,
                )
            )
            domains.append(
                LegalDomainPeriod(
                    municipality=m,
                    person=c.person,
                    domain="sgb2",
                    start=ended + dt.timedelta(days=1),
                )
            )
        else:
            domains.append(
                LegalDomainPeriod(
                    municipality=m,
                    person=c.person,
                    domain=rng.choice(("sgb2", "aufenthg", "asylblg")),
                    start=since,
                    end=today + dt.timedelta(days=rng.randint(5, 28)) if change else None,
                )
            )
        if c.step in {Step.INTAKE, Step.ASSESSMENT}:
            continue
        needs.extend(
            Need(
                municipality=m,
                case=c,
                field_of_action=field,
                urgency=rng.choice(("low", "medium", "high", "acute")),
            )
            for field in rng.sample(fields, min(len(fields), rng.randint(1, 3)))
        )
        for title in rng.sample(GOALS, rng.randint(1, 3)):
            overdue = rng.random() < 0.3  # noqa: PLR2004
            done = c.step in {Step.EVALUATION, Step.CLOSED}
            goals.append(
                Goal(
                    municipality=m,
                    case=c,
                    title=title,
                    agreed_on=c.opened_on,
                    due_on=today - dt.timedelta(days=rng.randint(1, 40))
                    if overdue
                    else today + dt.timedelta(days=rng.randint(5, 120)),
                    status=rng.choice(("achieved", "partly")) if done else "open",
                )
            )
        if c.step != Step.CLOSED and c.worker is not None and i % 3 == 0:
            start_at = timezone.make_aware(
                dt.datetime.combine(
                    today + dt.timedelta(days=0 if i % 2 == 0 else rng.randint(1, 10)),
                    dt.time(8 + i % 8, 30),
                )
            )
            appts.append(
                Appointment(
                    municipality=m,
                    case=c,
                    kind=rng.choice(("consultation", "home_visit", "accompaniment", "phone")),
                    starts_at=start_at,
                    ends_at=start_at + dt.timedelta(minutes=45),
                    worker=c.worker,
                    place="KI Marxloh, Weseler Straße",
                )
            )
        if offers and i % 2 == 0:
            status = statuses[len(referrals) % len(statuses)]
            sent = now - dt.timedelta(days=rng.randint(3, 60))
            answered = None if status == ReferralStatus.SENT else sent + dt.timedelta(days=2)
            referrals.append(
                Referral(
                    municipality=m,
                    case=c,
                    offer=offers[i % len(offers)],
                    purpose="Vermittlung",
                    shared_fields=["given_names", "family_name", "languages"],
                    status=status,
                    sent_at=sent,
                    answered_at=answered,
                    seen_at=None if i % 4 == 0 else answered,
                    created_by=c.worker,
                )
            )
    CaseEvent.objects.bulk_create(events)
    Consent.objects.bulk_create(consents)
    LegalDomainPeriod.objects.bulk_create(domains)
    Need.objects.bulk_create(needs)
    Goal.objects.bulk_create(goals)
    Appointment.objects.bulk_create(appts)
    _interpreter_bookings(m, appts)
    Referral.objects.bulk_create(referrals)
    if measures:
        people = [p for p in b.persons if p.relation != Relation.HEAD] + [
            c.person
            for c in b.cases
            if c.step in {Step.IMPLEMENTATION, Step.EVALUATION, Step.CLOSED}
        ]
        Participation.objects.bulk_create(
            [
                Participation(
                    municipality=m,
                    person=p,
                    measure=measures[k % len(measures)],
                    started_on=today - dt.timedelta(days=30 + k % 300),
                )
                for k, p in enumerate(people)
            ],
            ignore_conflicts=True,
        )


def counts(m: Municipality | Any) -> dict[str, int]:
    """What the demo holds (for tests and the README)."""
    return {
        "households": Household.objects.filter(municipality=m).count(),
        "persons": Person.objects.filter(municipality=m).count(),
        "cases": Case.objects.filter(municipality=m).count(),
    }


def _interpreter_bookings(m: Municipality, appts: list[Appointment]) -> None:
    """The demo interpreter (login "interpreter") in the pool, booked for the coming
    appointments of people who need one of her languages."""
    user = User.objects.filter(municipality=m, username="interpreter").first()
    if user is None:
        return
    languages = ["uk", "ru", "ro", "bg"]
    profile = InterpreterProfile.objects.create(municipality=m, user=user, languages=languages)
    now = timezone.now()
    coming = [
        a for a in appts if a.starts_at > now and a.case.person.interpreter_language in languages
    ][:4]
    InterpreterBooking.objects.bulk_create(
        [
            InterpreterBooking(
                municipality=m,
                appointment=a,
                interpreter=profile,
                language=a.case.person.interpreter_language,
                status=BookingStatus.CONFIRMED if i % 2 else BookingStatus.REQUESTED,
            )
            for i, a in enumerate(coming)
        ]
    )
