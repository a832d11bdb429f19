"""The generated team of the work-list and search benchmarks (`benchmarks.py`).

N persons of one team, each with an open case in implementation, an event, a goal (due in
−60…200 days), a consent to referrals (valid until 0…700 days ahead), a residence title
(valid until 0…900 days ahead), a last contact 0…120 days ago and their blocking keys;
written with `bulk_rows` (COPY on PostgreSQL), then ANALYZEd so that the planner sees them
although the benchmark's transaction is never committed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping

from django.db import connection
from django.utils import timezone

from ankunft.cases.matching import blocking_keys
from ankunft.cases.models import Case, CaseEvent, Consent, Goal, NameKey, Person
from ankunft.cases.services import bulk_rows
from ankunft.core.models import District, Municipality, Role, Team, User

GIVEN = ("Ana", "Ion", "Maria", "Ivan", "Elena", "Omar", "Layla", "Olena", "Mehmet", "Zahra")
FAMILY = ("Popescu", "Petrov", "Haddad", "Kovalenko", "Yılmaz", "Ahmadi", "Nowak", "Stoica")
# Syllables that make family names as varied as a city's (a name shared by ~1 in 2,000).
SYLLABLES = ("ba", "ko", "ri", "ma", "tu", "le", "sa", "ni", "do", "fe", "gu", "zo", "ha")
TABLES = ("cases_person", "cases_case", "cases_caseevent", "cases_goal", "cases_consent",
          "cases_namekey")  # fmt: skip


def town(label: str) -> tuple[Municipality, Team, User]:
    m = Municipality.objects.create(name=f"Bench {label}", slug=f"bench-{label}")
    team = Team.objects.create(municipality=m, name="Team Bench")
    District.objects.create(municipality=m, name="Marxloh", kind=District.Kind.QUARTER)
    lead = User.objects.create(
        username=f"bench-{label}-lead", role=Role.TEAM_LEAD, municipality=m, team=team
    )
    return m, team, lead


def family_name(rng: random.Random) -> str:
    return rng.choice(FAMILY) + "".join(rng.choice(SYLLABLES) for _ in range(2))


def _write(model: type[Person] | type[Case] | type[CaseEvent] | type[Goal] | type[Consent]
           | type[NameKey], n: int, row: Callable[[int, int], dict[str, object]],
           common: Mapping[str, object]) -> list[int]:  # fmt: skip
    ids = bulk_rows.next_ids(model, n)
    rows = (row(i, pk) | {"id": pk} for i, pk in enumerate(ids))
    bulk_rows.insert_rows(model, rows, dict(common))
    return ids


def world(n: int, label: str = "worklist") -> User:
    """The team lead of a team of `n` persons and cases (see the module)."""
    m, team, lead = town(label)
    rng = random.Random(2)  # noqa: S311 - test data
    today = timezone.localdate()
    names = [(rng.choice(GIVEN), family_name(rng)) for _ in range(n)]
    common = {"municipality_id": m.pk}
    persons = _write(Person, n, lambda i, pk: {
        "team_id": team.pk, "given_names": names[i][0], "family_name": names[i][1],
        "birth_year": 1980 + i % 30,
        "residence_valid_until": today + dt.timedelta(days=rng.randint(0, 900)),
    }, common)  # fmt: skip
    cases = _write(Case, n, lambda i, pk: {
        "number": f"2026-{i:06d}", "person_id": persons[i], "team_id": team.pk,
        "worker_id": lead.pk if i % 10 == 0 else None, "step": "implementation",
        "opened_on": today - dt.timedelta(days=400),
        "last_contact_on": today - dt.timedelta(days=rng.randint(0, 120)),
    }, common)  # fmt: skip
    _write(CaseEvent, n, lambda i, pk: {"case_id": cases[i]}, common | {"kind": "opened"})
    _write(Goal, n, lambda i, pk: {
        "case_id": cases[i], "due_on": today + dt.timedelta(days=rng.randint(-60, 200)),
    }, common | {"title": "Ziel"})  # fmt: skip
    _write(Consent, n, lambda i, pk: {
        "person_id": persons[i], "valid_until": today + dt.timedelta(days=rng.randint(0, 700)),
    }, common | {"purpose": "referrals", "legal_basis": "consent", "form": "written",
                 "given_on": today - dt.timedelta(days=700)})  # fmt: skip
    keys = [(pk, k) for pk, (g, f) in zip(persons, names, strict=True) for k in blocking_keys(g, f)]
    _write(NameKey, len(keys), lambda i, pk: {"person_id": keys[i][0], "key": keys[i][1]}, common)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"ANALYZE {table}")
    return lead
