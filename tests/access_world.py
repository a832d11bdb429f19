"""The records the access matrix (`tests/access_matrix.py`) opens: one of each kind in the
own municipality, and users of every role in the own and in another municipality."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ankunft.budget.bookings_import import booking_import, booking_upload_create
from ankunft.budget.models import CostRate
from ankunft.budget.services import positions
from ankunft.core import roles
from ankunft.core.models import Municipality, Role, User
from ankunft.core.services import api_token_create
from ankunft.directory import services as directory
from ankunft.directory.services import OfferTexts
from ankunft.measures.services.barriers import barrier_report
from tests import factories
from tests.budget.conftest import line_of, position, seed_decision
from tests.council import factories as council
from tests.directory.conftest import make_offer, offer_data
from tests.measures import builders


def users(m: Municipality, *, prefix: str) -> dict[str, User]:
    """One user per role; the team lead and the case worker share team A."""
    team = factories.team(m, f"Team A {prefix}")
    result = {}
    for role in Role:
        municipality = None if role == Role.OPERATOR else m
        extra: dict[str, Any] = {"username": f"{prefix}-{role}"}
        if role in {Role.TEAM_LEAD, Role.CASE_WORKER}:
            extra["team"] = team
        if role == Role.OPERATOR:
            extra.update(is_staff=True, is_superuser=True)
        result[str(role)] = factories.user(role, municipality, **extra)
    return result


def build(m: Municipality, people: dict[str, User]) -> dict[str, Any]:
    """Every record a URL of the matrix names, keyed by the names the matrix uses."""
    head, finance = people[Role.HEAD_OF_KI], people[Role.FINANCE]
    team = people[Role.TEAM_LEAD].team
    world: dict[str, Any] = {"town": m}
    # core: a colleague in the team lead's team, one in another team
    world["staff_team"] = factories.user(Role.CASE_WORKER, m, team=team)
    world["staff_other_team"] = factories.user(Role.CASE_WORKER, m, team=factories.team(m))
    world["token"], _key = api_token_create(user=people[Role.DPO], name="matrix")
    world["custom_role"] = roles.role_create(
        actor=head, key="volunteer", name="Ehrenamt", permission_names=["core.view_home"]
    )
    # council
    committee = council.organization(m, name="Haupt- und Finanzausschuss")
    world.update(
        paper=council.paper(m, originators=[committee]),
        organization=committee,
        meeting=council.meeting(m, committee),
    )
    # budget (the upload belongs to the finance user: nobody else's to see)
    decision = seed_decision(m, reference=f"R-{m.slug}")
    line = line_of(decision, 2022)
    p = position(m, lines=[line])
    member = positions.staff_member_create(actor=None, municipality=m, name="Leyla Aydın")
    world.update(
        decision=decision,
        line=line,
        position=p,
        member=member,
        assignment=positions.assignment_create(
            actor=None, position=p, staff_member=member, start=dt.date(2022, 4, 1)
        ),
        rate=CostRate.objects.create(
            municipality=m,
            year=2024,
            pay_grade="E 9b",
            personnel_cost_eur=Decimal(1),
            full_cost_eur=Decimal(2),
            source="x",
            status="own",
        ),
        funding=p.fundings.get(),
        member_free=positions.staff_member_create(actor=None, municipality=m, name="Jonas Berg"),
        upload=booking_upload_create(actor=finance, filename="x.csv", raw=b"a;b;c\n1;2;3\n"),
        booking_import=booking_import(
            actor=None,
            municipality=m,
            source="Buchungsdatum;Belegnummer;Betrag\n28.04.2022;B-1;100,00\n",
            budget_line=line,
        ),
    )
    # measures
    w = builders.chain_world(m)
    world.update(
        chain=w.decision,
        measure=w.first_contact,
        measure_b=w.school,
        indicator=w.advised,
        value=builders.value(w.advised, "2022-06", "3"),
        allocation=w.full.measure_allocations.first(),
        spare=builders.position(m, "Reserve", "0.50", [], dt.date(2022, 1, 1)),
        concept=w.first_contact.concept,
        barrier=barrier_report(actor=None, municipality=m, title="Lange Wartezeiten"),
    )
    # directory: provider A (the provider account's own) and provider B
    provider_a = directory.provider_create(actor=head, name="Kulturverein A e.V.")
    provider_b = directory.provider_create(actor=head, name="Bildungswerk B e.V.")
    directory.provider_member_add(actor=head, provider=provider_a, user=people[Role.PROVIDER])
    offer_a = make_offer(head, provider_a, "Deutschkurs A")
    change = directory.offer_update(
        actor=people[Role.PROVIDER],
        offer=offer_a,
        data=offer_data(provider_a),
        texts=OfferTexts(title="Deutschkurs A (neu)"),
    )
    world.update(
        provider=provider_a,
        provider_b=provider_b,
        offer=offer_a,
        offer_b=make_offer(head, provider_b, "Nähcafé B"),
        change=change,
        provider_change=directory.provider_update(
            actor=people[Role.PROVIDER], provider=provider_a, name="Kulturverein A (neu) e.V."
        ),
    )
    # cases (tests/cases/world.py and its areas)
    from tests.cases import world as cases_world  # noqa: PLC0415

    cases_world.build(m, people, world)
    # reports (tests/reports/world_<area>.py)
    from tests.reports import areas as reports_areas  # noqa: PLC0415

    reports_areas.build_world(m, people, world)
    return world
