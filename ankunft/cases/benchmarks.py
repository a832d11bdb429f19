"""`ankunft bench cases-import [--rows N]`, `ankunft bench cases-worklist [--persons N]`,
`ankunft bench cases-search [--persons N]` and `ankunft bench name-matcher`.

All build their data inside a transaction that is rolled back, on the current database.

- cases-import: N generated CSV rows through the import; the check (with the duplicate
  search) and the store timed apart, the store beside its limit measured in the same run:
  on PostgreSQL a COPY of the same records into tables of the same shape and indexes, on
  SQLite a bare executemany of the persons.
- cases-worklist: a team of N persons with a case each (`bench_world`), the team lead's
  work list page of 50 (first page with its bounded count, and a page after a cursor):
  queries, median and p95, beside hand-written SQL for the same page.
- cases-search: the same kind of team, the person list's search (a page of 50, audited)
  and the intake's duplicate lookup, beside hand-written SQL for the search page.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any, TextIO

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ankunft.cases import bench_world
from ankunft.cases.bench_worklist_sql import count_sql, page_params, page_sql
from ankunft.cases.bench_world import FAMILY, GIVEN
from ankunft.cases.matching import blocking_keys, evaluate
from ankunft.cases.selectors import persons, persons_visible
from ankunft.cases.selectors import worklist as wl
from ankunft.cases.selectors import worklist_page as wp
from ankunft.cases.services import worklist_import as imp
from ankunft.cases.services.worklist_columns import ParsedRow
from ankunft.core.audit import task_context
from ankunft.core.models import Municipality, Role, Team, User
from ankunft.core.pagination import keyset_page

HEADER = (
    "Vorname;Nachname;Geburtsdatum;Geschlecht;Staatsangehörigkeit;Sprachen;Stadtteil;Fallmanager"
)


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


IMPORT_TABLES = (
    "cases_person", "cases_namekey", "cases_case", "cases_caseevent", "core_auditentry",
)  # fmt: skip


def copy_table_floor(cursor: Any, table: str, where: str) -> tuple[int, float]:
    """PostgreSQL: the rows of `table` matching `where` (a condition built from ids, not
    from a user) copied out and COPYed again into `floor_<table>` of the same shape and
    indexes (no foreign keys, not partitioned; dropped with the caller's rollback): the
    records and the seconds of the COPY in."""
    raw = cursor.cursor
    data = bytearray()
    with raw.copy(f"COPY (SELECT * FROM {table} WHERE {where}) TO STDOUT") as out:  # noqa: S608
        for chunk in out:
            data += chunk
    cursor.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING INDEXES)")
    started = time.perf_counter()
    with raw.copy(f"COPY floor_{table} FROM STDIN") as copy:
        copy.write(bytes(data))
    return data.count(b"\n"), time.perf_counter() - started


def _copy_floor(m: Municipality) -> tuple[int, float]:
    """PostgreSQL: the records the import wrote, copied again (`copy_table_floor`): the
    limit of the store."""
    records, took = 0, 0.0
    with connection.cursor() as cursor:
        for table in IMPORT_TABLES:
            n, seconds = copy_table_floor(cursor, table, f"municipality_id = {int(m.pk)}")
            records += n
            took += seconds
    return records, took


def cases_import(args: list[str], out: TextIO) -> None:
    parser = argparse.ArgumentParser(prog="ankunft bench cases-import")
    parser.add_argument("--rows", type=int, default=100_000)
    options = parser.parse_args(args)
    with task_context("bench"), transaction.atomic():
        m, team, _lead = bench_world.town("import")
        worker = User.objects.create(
            username="bench-import-cw", role=Role.CASE_WORKER, municipality=m, team=team
        )
        raw = csv_rows(options.rows, worker.username)
        started = time.perf_counter()
        checked = imp.preview(municipality=m, source=raw, team=team)
        check = time.perf_counter() - started
        started = time.perf_counter()
        result = imp.case_import(actor=None, municipality=m, source=raw, team=team)
        seconds = time.perf_counter() - started
        store = max(seconds - check, 1e-9)
        if connection.vendor == "postgresql":
            records, floor = _copy_floor(m)
            limit = f"COPY of the same {records:,} records: {floor:.1f} s"
        else:
            floor = _bare_insert(m, team, checked.rows)
            limit = f"bare executemany of the persons: {floor:.1f} s"
        transaction.set_rollback(True)
    out.write(
        f"import of {result.persons:,} rows ({len(raw) / 1e6:.1f} MB CSV) on {connection.vendor}: "
        f"{seconds:.1f} s, {result.persons / seconds:,.0f} rows/s; of which check and duplicate "
        f"search {check:.1f} s, store (persons, keys, cases, events, audit) {store:.1f} s = "
        f"{result.persons / store:,.0f} rows/s; {limit} = {result.persons / floor:,.0f} rows/s "
        f"(store at {floor / store:.2f}× the limit's rate; rolled back)\n"
    )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def cases_worklist(args: list[str], out: TextIO) -> None:
    parser = argparse.ArgumentParser(prog="ankunft bench cases-worklist")
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args(args)
    with task_context("bench"), transaction.atomic():
        lead = bench_world.world(options.persons)
        p = wl.periods(lead)
        params = page_params(lead.municipality_id or 0, lead.team_id, lead.pk, p)
        first = _time_page(lead, params, options.runs, count=True, later=False)
        later = _time_page(lead, params, options.runs, count=False, later=True)
        transaction.set_rollback(True)
    for label, (items, queries, took, rows, hand) in (
        ("first page, with its bounded count", first),
        ("a later page (after a cursor)", later),
    ):
        out.write(
            f"work list, {label}, of a team with {options.persons:,} persons and cases on "
            f"{connection.vendor}: {items} items in {queries} queries, median {took[0]:.1f} ms, "
            f"p95 {took[1]:.1f} ms; hand-written SQL (one UNION ALL of per-kind ORDER BY … "
            f"LIMIT 51): {rows} rows, median {hand[0]:.1f} ms, p95 {hand[1]:.1f} ms over "
            f"{options.runs} runs (rolled back)\n"
        )


def _time_page(
    lead: User, params: dict[str, Any], runs: int, *, count: bool, later: bool
) -> tuple[int, int, tuple[float, float], int, tuple[float, float]]:
    """The page as the view reads it (first page with its count, or the page after the
    first), beside the hand-written SQL for the first page's items."""
    cursor = wp.worklist_page(lead, wl.TEAM, count=False).next if later else None
    timings, hand = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            page = wp.worklist_page(lead, wl.TEAM, cursor, count=count)
            timings.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with connection.cursor() as c:
            c.execute(page_sql(wl.TEAM), params)
            rows = c.fetchall()
            if count:  # the first page's heading, as the page counts it
                c.execute(count_sql(wl.TEAM), params)
                c.fetchall()
        hand.append((time.perf_counter() - t0) * 1000)
    med = statistics.median
    return (
        len(page.items), len(queries.captured_queries), (med(timings), _p95(timings)),
        len(rows), (med(hand), _p95(hand)),
    )  # fmt: skip


SEARCH_SQL = """
SELECT p.id, p.given_names, p.family_name, p.birth_year, p.birth_month, p.birth_day
FROM cases_person p
WHERE p.municipality_id = %(m)s AND p.team_id = %(t)s AND p.anonymised_at IS NULL
  AND p.id IN (
    SELECT person_id FROM cases_namekey WHERE municipality_id = %(m)s AND key = ANY(%(keys)s)
    UNION SELECT person_id FROM cases_personname
      WHERE municipality_id = %(m)s AND UPPER(family_name::text) LIKE %(prefix)s
    UNION SELECT id FROM cases_person
      WHERE municipality_id = %(m)s AND UPPER(family_name::text) LIKE %(prefix)s
    UNION SELECT id FROM cases_person
      WHERE municipality_id = %(m)s AND UPPER(given_names::text) LIKE %(prefix)s
    UNION SELECT id FROM cases_person
      WHERE municipality_id = %(m)s AND UPPER(family_name_original::text) LIKE %(prefix)s)
ORDER BY p.family_name, p.given_names, p.id LIMIT 51
"""


def cases_search(args: list[str], out: TextIO) -> None:
    """The person list's search (a page of 50, audited) and the intake's duplicate lookup
    for names of the team, beside hand-written SQL for the same page."""
    parser = argparse.ArgumentParser(prog="ankunft bench cases-search")
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args(args)
    rng = random.Random(5)  # noqa: S311 - test data
    with task_context("bench"), transaction.atomic():
        lead = bench_world.world(options.persons, "search")
        names = list(
            persons_visible(lead)  # as the lead may see them
            .filter(team_id=lead.team_id or 0)
            .order_by("?")
            .values_list("given_names", "family_name")[: options.runs]
        )
        search, dupes, hand, shown = [], [], [], 0
        for i in range(options.runs):
            given, family = names[i % len(names)]
            # Whole names, and beginnings of family names as typed ("Popeba" …).
            text = family if i % 2 else family[: rng.randint(4, 7)]
            t0 = time.perf_counter()
            page = keyset_page(persons.person_search(lead, text), keys=persons.PERSON_KEYS)
            persons.audit_list(lead, page.items)
            search.append((time.perf_counter() - t0) * 1000)
            shown += len(page.items)
            t0 = time.perf_counter()
            persons.likely_duplicates(lead, given, family, (1990, None, None))
            dupes.append((time.perf_counter() - t0) * 1000)
            keys = sorted(blocking_keys(text, ""))
            t0 = time.perf_counter()
            with connection.cursor() as c:
                c.execute(SEARCH_SQL, {"m": lead.municipality_id, "t": lead.team_id,
                                       "keys": keys, "prefix": text.upper() + "%"})  # fmt: skip
                c.fetchall()
            hand.append((time.perf_counter() - t0) * 1000)
        transaction.set_rollback(True)
    med = statistics.median
    out.write(
        f"person search of a team with {options.persons:,} persons on {connection.vendor} "
        f"({options.runs} names, {shown / options.runs:.0f} shown a page on average): "
        f"page of 50 with its audit median {med(search):.1f} ms, p95 {_p95(search):.1f} ms; "
        f"hand-written SQL median {med(hand):.1f} ms, p95 {_p95(hand):.1f} ms; duplicate "
        f"lookup (keys, scoring, audit) median {med(dupes):.1f} ms, p95 {_p95(dupes):.1f} ms "
        "(rolled back)\n"
    )


BENCHMARKS = {
    "cases-import": ("import of a generated case list (rows per second)", cases_import),
    "cases-worklist": ("the work list page of a large team (queries and time)", cases_worklist),
    "cases-search": ("person search and duplicate lookup in a large team", cases_search),
    "name-matcher": (
        "duplicate-name matcher: precision/recall on the labelled pairs, speed, blocking",
        evaluate.run,
    ),
}
