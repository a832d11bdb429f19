"""`ankunft bench cases-import [--rows N]`, `ankunft bench cases-worklist [--persons N]` and
`ankunft bench name-matcher`.

Both build their data inside a transaction that is rolled back, on the current database.

- cases-import: N generated CSV rows through the import (check, duplicate search, bulk
  insert of persons, keys, cases, events, audit), beside its limit measured in the same
  run: a bare insert of the same persons (executemany; COPY on PostgreSQL).
- cases-worklist: N persons with a case each (and their events, goals, consents …), the
  team lead's work list of the whole team: its queries and time, beside one hand-written
  SQL statement that gives the same items.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from typing import Any, TextIO

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ankunft.cases.matching import evaluate
from ankunft.cases.models import Case, CaseEvent, Consent, Goal, Person
from ankunft.cases.selectors import worklist as wl
from ankunft.cases.services import worklist_import as imp
from ankunft.cases.services.worklist_columns import ParsedRow
from ankunft.core.audit import task_context
from ankunft.core.models import District, Municipality, Role, Team, User

GIVEN = ("Ana", "Ion", "Maria", "Ivan", "Elena", "Omar", "Layla", "Olena", "Mehmet", "Zahra")
FAMILY = ("Popescu", "Petrov", "Haddad", "Kovalenko", "Yılmaz", "Ahmadi", "Nowak", "Stoica")
HEADER = (
    "Vorname;Nachname;Geburtsdatum;Geschlecht;Staatsangehörigkeit;Sprachen;Stadtteil;Fallmanager"
)


def _town(label: str) -> tuple[Municipality, Team, User]:
    m = Municipality.objects.create(name=f"Bench {label}", slug=f"bench-{label}")
    team = Team.objects.create(municipality=m, name="Team Bench")
    District.objects.create(municipality=m, name="Marxloh", kind=District.Kind.QUARTER)
    lead = User.objects.create(
        username=f"bench-{label}-lead", role=Role.TEAM_LEAD, municipality=m, team=team
    )
    return m, team, lead


def csv_rows(n: int, worker: str, seed: int = 1) -> bytes:
    rng = random.Random(seed)  # noqa: S311 - test data
    lines = [HEADER]
    lines.extend(
        f"{rng.choice(GIVEN)};{rng.choice(FAMILY)}{i};{rng.randint(1, 28):02d}."
        f"{rng.randint(1, 12):02d}.{rng.randint(1950, 2015)};{rng.choice('wm')};RO;ro, de;"
        f"Marxloh;{worker}"
        for i in range(n)
    )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _bare_insert(m: Municipality, team: Team, rows: list[ParsedRow]) -> float:
    """The same persons with one executemany (COPY on PostgreSQL): the floor."""
    now = timezone.now()
    columns = (
        "municipality_id", "team_id", "given_names", "family_name", "given_names_original",
        "family_name_original", "birth_year", "birth_month", "birth_day", "birth_estimated",
        "gender", "nationalities", "languages", "interpreter_needed", "interpreter_language",
        "phone", "email", "address", "arrival_date", "residence_status", "relation", "health",
        "disability", "religion", "created_at", "updated_at",
    )  # fmt: skip
    data = [
        (m.pk, team.pk, r.given_names, r.family_name, "", "", r.year, r.month, r.day, False,
         "female", '["RO"]', '["ro", "de"]', False, "", "", "", "", None, "", "", "", "", "",
         now, now)
        for r in rows
    ]  # fmt: skip
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY cases_person ({', '.join(columns)}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO cases_person ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                data,
            )
    return time.perf_counter() - started


def cases_import(args: list[str], out: TextIO) -> None:
    parser = argparse.ArgumentParser(prog="ankunft bench cases-import")
    parser.add_argument("--rows", type=int, default=100_000)
    options = parser.parse_args(args)
    with task_context("bench"), transaction.atomic():
        m, team, _lead = _town("import")
        worker = User.objects.create(
            username="bench-import-cw", role=Role.CASE_WORKER, municipality=m, team=team
        )
        raw = csv_rows(options.rows, worker.username)
        started = time.perf_counter()
        result = imp.case_import(actor=None, municipality=m, source=raw, team=team)
        seconds = time.perf_counter() - started
        checked = imp.preview(municipality=m, source=raw, team=team)
        floor = _bare_insert(m, team, checked.rows)
        transaction.set_rollback(True)
    out.write(
        f"import of {result.persons:,} rows ({len(raw) / 1e6:.1f} MB CSV) on {connection.vendor}: "
        f"{seconds:.1f} s, {result.persons / seconds:,.0f} rows/s "
        f"(persons, keys, cases, events, audit); bare insert of the same persons: "
        f"{floor:.1f} s, {len(checked.rows) / floor:,.0f} rows/s (rolled back)\n"
    )


def _world(n: int) -> User:
    m, team, lead = _town("worklist")
    rng = random.Random(2)  # noqa: S311 - test data
    today = timezone.localdate()
    persons = Person.objects.bulk_create(
        [
            Person(
                municipality=m, team=team, given_names=rng.choice(GIVEN),
                family_name=f"{rng.choice(FAMILY)}{i}", birth_year=1980 + i % 30,
                residence_valid_until=today + dt.timedelta(days=rng.randint(0, 900)),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )  # fmt: skip
    cases = Case.objects.bulk_create(
        [
            Case(
                municipality=m, number=f"2026-{i:06d}", person=p, team=team,
                worker=lead if i % 10 == 0 else None, step="implementation",
                opened_on=today - dt.timedelta(days=400),
                last_contact_on=today - dt.timedelta(days=rng.randint(0, 120)),
            )
            for i, p in enumerate(persons)
        ],
        batch_size=2000,
    )  # fmt: skip
    CaseEvent.objects.bulk_create(
        [CaseEvent(municipality=m, case=c, kind="opened") for c in cases], batch_size=2000
    )
    Goal.objects.bulk_create(
        [
            Goal(
                municipality=m, case=c, title="Ziel",
                due_on=today + dt.timedelta(days=rng.randint(-60, 200)),
            )
            for c in cases
        ],
        batch_size=2000,
    )  # fmt: skip
    Consent.objects.bulk_create(
        [
            Consent(
                municipality=m, person=p, purpose="referrals", legal_basis="consent",
                form="written", given_on=today - dt.timedelta(days=700),
                valid_until=today + dt.timedelta(days=rng.randint(0, 700)),
            )
            for p in persons
        ],
        batch_size=2000,
    )  # fmt: skip
    return lead


HAND_SQL = """
SELECT g.due_on, c.number, p.family_name FROM cases_goal g
  JOIN cases_case c ON c.id = g.case_id JOIN cases_person p ON p.id = c.person_id
  WHERE c.municipality_id = %(m)s AND c.team_id = %(t)s AND c.step <> 'closed'
    AND g.status = 'open' AND g.due_on < %(today)s
UNION ALL
SELECT k.valid_until, c.number, p.family_name FROM cases_consent k
  JOIN cases_person p ON p.id = k.person_id
  JOIN cases_case c ON c.person_id = p.id AND c.step <> 'closed' AND c.team_id = %(t)s
  WHERE k.municipality_id = %(m)s AND p.team_id = %(t)s AND k.withdrawn_on IS NULL
    AND k.valid_until BETWEEN %(today)s AND %(consent)s
UNION ALL
SELECT p.residence_valid_until, c.number, p.family_name FROM cases_person p
  JOIN cases_case c ON c.person_id = p.id AND c.step <> 'closed' AND c.team_id = %(t)s
  WHERE p.municipality_id = %(m)s AND p.team_id = %(t)s AND p.anonymised_at IS NULL
    AND p.residence_valid_until BETWEEN %(today)s AND %(residence)s
UNION ALL
SELECT c.last_contact_on, c.number, p.family_name FROM cases_case c
  JOIN cases_person p ON p.id = c.person_id
  WHERE c.municipality_id = %(m)s AND c.team_id = %(t)s AND c.step <> 'closed'
    AND c.last_contact_on < %(contact)s
ORDER BY 1
"""


def cases_worklist(args: list[str], out: TextIO) -> None:
    parser = argparse.ArgumentParser(prog="ankunft bench cases-worklist")
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(args)
    with task_context("bench"), transaction.atomic():
        lead = _world(options.persons)
        p = wl.periods(lead)
        params = {
            "m": lead.municipality_id, "t": lead.team_id, "today": p.today,
            "consent": p.consent_until, "residence": p.residence_until,
            "contact": p.no_contact_before,
        }  # fmt: skip
        full = _time_worklist(lead, params, None, options.runs)
        page = _time_worklist(lead, params, PAGE, options.runs)
        transaction.set_rollback(True)
    for label, (items, queries, took, rows, hand) in (("whole list", full), ("page", page)):
        out.write(
            f"work list ({label}) of a team with {options.persons:,} persons and cases on "
            f"{connection.vendor}: {items:,} items in {queries} queries, median {took:.0f} ms; "
            f"hand-written SQL: {rows:,} rows, median {hand:.0f} ms over {options.runs} runs "
            "(rolled back)\n"
        )


PAGE = 300  # what the work list page shows (the rest is counted)


def _time_worklist(
    lead: User, params: dict[str, Any], limit: int | None, runs: int
) -> tuple[int, int, float, int, float]:
    """The work list as the page reads it (`limit`: the next items and a count of all) or
    whole, beside the hand-written SQL for the same rows."""
    timings, hand = [], []
    sql = HAND_SQL if limit is None else f"{HAND_SQL} LIMIT {limit}"
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            items = wl.worklist(lead, wl.TEAM, limit=limit)
            if limit is not None and len(items) == limit:
                wl.worklist_count(lead, wl.TEAM)
            timings.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        hand.append((time.perf_counter() - t0) * 1000)
    median = statistics.median
    return len(items), len(queries.captured_queries), median(timings), len(rows), median(hand)


BENCHMARKS = {
    "cases-import": ("import of a generated case list (rows per second)", cases_import),
    "cases-worklist": ("the work list of a large team (queries and time)", cases_worklist),
    "name-matcher": (
        "duplicate-name matcher: precision/recall on the labelled pairs, speed, blocking",
        evaluate.run,
    ),
}
