"""A compact world for the report's figures: the seed decision in small (money for 2022 and
2023, two positions, two measures with indicators) and about sixty cases with persons,
needs, referrals, participations and barriers, spread over 2022–2026 (seeded random).

Records are written directly (bulk), so the figures depend only on the data written here.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from ankunft.cases.models import Case, Need, Participation, Person, Referral
from ankunft.core.models import District, Municipality, Team
from ankunft.directory.models.offers import Offer, OfferTag
from ankunft.directory.models.providers import Provider
from ankunft.measures.models import Barrier, FieldOfAction
from tests import factories
from tests.measures.builders import ChainWorld, chain_world

AS_OF = dt.date(2026, 11, 30)
NATIONALITIES = [["RO"], ["BG", "DE"], ["SY"], ["UA"], ["TR"], ["NG"], ["AF"], ["US"], ["XX"], []]
OUTCOMES = ["goals_met", "partly_met", "handed_over", "moved_away", ""]
STATUSES = ["sent", "accepted", "declined", "completed", "no_show", "withdrawn"]


@dataclass
class FiguresWorld:
    m: Municipality
    team: Team
    chain: ChainWorld
    districts: list[District]
    fields: list[FieldOfAction]
    offers: list[Offer]


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def figures_world(
    m: Municipality | None = None, *, cases: int = 60, seed: int = 11
) -> FiguresWorld:
    m = m or factories.municipality()
    rng = random.Random(seed)
    team = factories.team(m)
    marxloh = District.objects.create(municipality=m, name="Marxloh", kind=District.Kind.QUARTER)
    ober = District.objects.create(municipality=m, name="Obermarxloh", kind=District.Kind.QUARTER)
    chain = chain_world(m)
    fields = [
        FieldOfAction.objects.create(municipality=m, key="language", order=1),
        FieldOfAction.objects.create(municipality=m, key="education", order=2),
        FieldOfAction.objects.create(municipality=m, key="housing", order=3),
    ]
    provider = Provider.objects.create(municipality=m, name="Sprachschule Nord")
    offers = [
        Offer.objects.create(municipality=m, provider=provider, source_language="de", slug=f"o{i}")
        for i in range(3)
    ]
    OfferTag.objects.create(municipality=m, offer=offers[0], kind="field", code="language")
    OfferTag.objects.create(municipality=m, offer=offers[0], kind="field", code="health")
    OfferTag.objects.create(
        municipality=m, offer=offers[1], kind="field", code="housing_neighbourhood"
    )
    persons = []
    for i in range(cases):
        by = rng.choice([None, 1950, 1961, 1975, 1988, 1999, 2005, 2012, 2020, 2024])
        month = rng.choice([None, 1, 6, 12]) if by else None
        day = rng.choice([None, 1, 15, 28]) if month else None
        persons.append(
            Person(
                municipality=m, team=team, given_names="Ana", family_name=f"Test{i}",
                birth_year=by, birth_month=month, birth_day=day,
                nationalities=rng.choice(NATIONALITIES),
                district=rng.choice([marxloh, marxloh, ober, None]),
            )
        )  # fmt: skip
    Person.objects.bulk_create(persons)
    case_rows = []
    for i, p in enumerate(persons):
        opened = _day(rng, dt.date(2021, 10, 1), AS_OF)
        closed = _day(rng, opened, AS_OF + dt.timedelta(days=30)) if rng.random() < 0.5 else None
        if closed is not None and closed > AS_OF:
            closed = None
        case_rows.append(
            Case(
                municipality=m, number=f"T-{i:04d}", person=p, team=team,
                step="closed" if closed else "implementation", opened_on=opened,
                closed_on=closed, outcome=rng.choice(OUTCOMES) if closed else "",
            )
        )  # fmt: skip
    Case.objects.bulk_create(case_rows)
    Need.objects.bulk_create(
        [
            Need(
                municipality=m,
                case=c,
                field_of_action=f,
                urgency=rng.choice(["low", "medium", "high", "acute"]),
            )
            for c in case_rows
            for f in rng.sample(fields, rng.randint(0, 3))
        ]
    )
    tz = timezone.get_current_timezone()
    Referral.objects.bulk_create(
        [
            Referral(
                municipality=m, case=c, offer=rng.choice(offers), purpose="Vermittlung",
                status=rng.choice(STATUSES),
                sent_at=dt.datetime.combine(_day(rng, c.opened_on, AS_OF), dt.time(10), tzinfo=tz),
            )
            for c in case_rows
            if rng.random() < 0.7
        ]
    )  # fmt: skip
    Participation.objects.bulk_create(
        [
            Participation(
                municipality=m, person=c.person, measure=chain.first_contact,
                started_on=c.opened_on,
            )
            for c in case_rows[: cases // 2]
        ]
    )  # fmt: skip
    Barrier.objects.bulk_create(
        [
            Barrier(
                municipality=m, title=f"Hürde {i}", field_of_action=rng.choice([*fields, None]),
                status=rng.choice(["reported", "prioritised", "answered", "resolved"]),
                reported_on=_day(rng, dt.date(2022, 1, 1), AS_OF),
            )
            for i in range(12)
        ]
    )  # fmt: skip
    return FiguresWorld(m, team, chain, [marxloh, ober], fields, offers)
