"""A fictitious town for the report benchmark: N persons with one case each, their needs
and referrals, bulk-created (ALL PERSONS ARE FICTITIOUS: generated names, seeded random).

One decision with a budget line in the report's year carries the chain; the cases are
opened over the two years before the reference day, as in the demo."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from ankunft.budget.models import BudgetLine
from ankunft.cases.models import Case, Need, Person, Referral
from ankunft.core.models import District, Municipality, Team
from ankunft.council.models import Decision, Paper
from ankunft.directory.models.choices import FieldOfAction as DirectoryField
from ankunft.directory.models.offers import Offer, OfferTag
from ankunft.directory.models.providers import Provider
from ankunft.measures.models import DEFAULT_FIELDS_OF_ACTION, FieldOfAction

BATCH = 2000
URGENCIES = ("low", "medium", "high", "acute")
NATIONALITIES: tuple[list[str], ...] = (
    ["RO"],
    ["BG"],
    ["SY"],
    ["UA"],
    ["TR"],
    ["AF"],
    ["IQ"],
    ["NG"],
    ["PL"],
    [],
)
DISTRICTS = ("Marxloh", "Obermarxloh", "Neumühl", "Alt-Hamborn", "Röttgersbach", "Bruckhausen")
STATUSES = ("sent", "accepted", "declined", "completed", "no_show", "withdrawn")
ANALYZED = ("cases_person", "cases_case", "cases_need", "cases_referral", "directory_offertag")
OUTCOMES = ("goals_met", "partly_met", "handed_over", "moved_away", "no_contact")


def bench_town(persons: int, *, as_of: dt.date, seed: int = 7) -> tuple[Municipality, Decision]:
    """A municipality with `persons` persons and cases; its decision funds `as_of.year`."""
    rng = random.Random(seed)  # noqa: S311 - fictitious test data
    m = Municipality.objects.create(name=f"Bench Bericht {persons}", slug=f"bench-report-{persons}")
    team = Team.objects.create(municipality=m, name="Team Bench")
    districts = [
        District.objects.create(municipality=m, name=n, kind=District.Kind.QUARTER)
        for n in DISTRICTS
    ]
    fields = [
        FieldOfAction.objects.create(municipality=m, key=key, order=i)
        for i, (key, _label) in enumerate(DEFAULT_FIELDS_OF_ACTION)
    ]
    paper = Paper.objects.create(municipality=m, reference="BENCH-1", name="Personal KI")
    decision = Decision.objects.create(
        municipality=m, paper=paper, outcome=Decision.Outcome.ADOPTED, date=dt.date(2021, 11, 18)
    )
    BudgetLine.objects.create(
        municipality=m, decision=decision, year=as_of.year, amount=Decimal(100000),
        purpose="Personal KI", product_code="050101", plan_line="11",
    )  # fmt: skip
    provider = Provider.objects.create(municipality=m, name="Träger Bench")
    offers = [
        Offer.objects.create(municipality=m, provider=provider, source_language="de", slug=f"b{i}")
        for i in range(12)
    ]
    codes = [f.value for f in DirectoryField]
    OfferTag.objects.bulk_create(
        [
            OfferTag(municipality=m, offer=o, kind="field", code=codes[i % len(codes)])
            for i, o in enumerate(offers)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                municipality=m, team=team, given_names="Ana", family_name=f"Bench{i}",
                birth_year=rng.randint(1950, 2025) if i % 13 else None,
                birth_month=rng.randint(1, 12) if i % 13 else None,
                nationalities=rng.choice(NATIONALITIES),
                district=rng.choice(districts) if i % 17 else None,
            )
            for i in range(persons)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    cases = []
    for i, p in enumerate(people):
        opened = as_of - dt.timedelta(days=rng.randint(0, 700))
        closed = opened + dt.timedelta(days=rng.randint(30, 400)) if i % 3 == 0 else None
        if closed is not None and closed > as_of:
            closed = None
        cases.append(
            Case(
                municipality=m, number=f"B-{i:07d}", person=p, team=team,
                step="closed" if closed else "implementation", opened_on=opened,
                closed_on=closed, outcome=rng.choice(OUTCOMES) if closed else "",
            )
        )  # fmt: skip
    Case.objects.bulk_create(cases, batch_size=BATCH)
    Need.objects.bulk_create(
        [
            Need(municipality=m, case=c, field_of_action=f, urgency=rng.choice(URGENCIES))
            for c in cases
            for f in rng.sample(fields, rng.randint(0, 3))
        ],
        batch_size=BATCH,
    )  # fmt: skip
    tz = timezone.get_current_timezone()
    Referral.objects.bulk_create(
        [
            Referral(
                municipality=m, case=c, offer=rng.choice(offers), purpose="Vermittlung",
                status=rng.choice(STATUSES),
                sent_at=dt.datetime.combine(
                    c.opened_on + dt.timedelta(days=rng.randint(0, 30)), dt.time(10), tzinfo=tz
                ),
            )
            for c in cases
            if rng.random() < 0.7  # noqa: PLR2004
        ],
        batch_size=BATCH,
    )  # fmt: skip
    if connection.vendor == "postgresql":
        # Statistics, as a production database has them (the rows are not committed).
        with connection.cursor() as cursor:
            for table in ANALYZED:
                cursor.execute(f"ANALYZE {table}")
    return m, decision
