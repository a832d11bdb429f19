"""`ankunft bench report [--persons N] [--runs R]`: build one municipality-year's status
report, with the demo data and with N generated persons (default 20,000), beside its limit
measured in the same run: hand-written SQL for the same people tables (one GROUP BY query
per table through `connection.cursor()`). Everything is rolled back.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from io import StringIO
from typing import Any, TextIO

from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ankunft.cases.models import Case
from ankunft.core.audit import task_context
from ankunft.core.models import Municipality
from ankunft.reports.bench_data import bench_town
from ankunft.reports.build import build_report, resolve_scope
from ankunft.reports.figures.labels import AGE_BANDS, NATIONALITY_GROUPS
from ankunft.reports.figures.referrals import day_bounds
from ankunft.reports.figures.scope import people_period


def _dialect() -> dict[str, str]:
    if connection.vendor == "postgresql":
        return {
            "year": "EXTRACT(YEAR FROM {0})::int",
            "month": "EXTRACT(MONTH FROM {0})::int",
            "day": "EXTRACT(DAY FROM {0})::int",
            "first": "({0} ->> 0)",
        }
    return {
        "year": "CAST(strftime('%%Y', {0}) AS INTEGER)",
        "month": "CAST(strftime('%%m', {0}) AS INTEGER)",
        "day": "CAST(strftime('%%d', {0}) AS INTEGER)",
        "first": "json_extract({0}, '$[0]')",
    }


STATE = "CASE WHEN c.closed_on IS NOT NULL AND c.closed_on <= %(end)s THEN 1 ELSE 0 END"
OPENED = "c.municipality_id = %(m)s AND c.opened_on >= %(start)s AND c.opened_on <= %(end)s"


def hand_sql() -> list[str]:
    """The people tables as plain SQL (the limit of what the ORM's GROUP BYs can reach)."""
    d = _dialect()
    o = "c.opened_on"
    age = (
        f"({d['year'].format(o)} - p.birth_year - CASE WHEN p.birth_month > {d['month'].format(o)}"
        f" OR (p.birth_month = {d['month'].format(o)} AND p.birth_day > {d['day'].format(o)})"
        " THEN 1 ELSE 0 END)"
    )
    bands = " ".join(
        f"WHEN {age} <= {high} THEN '{label}'" for label, _low, high in AGE_BANDS if high
    )
    nat = d["first"].format("p.nationalities")
    groups = " ".join(
        f"WHEN {nat} IN ({', '.join(repr(c) for c in codes)}) THEN '{key}'"
        for key, _label, codes in NATIONALITY_GROUPS
    )
    join = "FROM cases_case c JOIN cases_person p ON p.id = c.person_id"
    return [
        f"SELECT p.district_id, {STATE}, COUNT(*) {join} WHERE {OPENED} GROUP BY 1, 2",
        f"SELECT CASE WHEN {age} IS NULL OR {age} < 0 THEN 'unknown' {bands} ELSE '65+' END, "
        f"{STATE}, COUNT(*) {join} WHERE {OPENED} GROUP BY 1, 2",
        f"SELECT CASE {groups} ELSE 'unknown' END, {STATE}, COUNT(*) {join} "
        f"WHERE {OPENED} GROUP BY 1, 2",
        "SELECT c.outcome, COUNT(*) FROM cases_case c WHERE c.municipality_id = %(m)s "
        "AND c.closed_on >= %(start)s AND c.closed_on <= %(end)s GROUP BY 1",
        "SELECT n.field_of_action_id, n.urgency, COUNT(*) FROM cases_need n "
        "JOIN cases_case c ON c.id = n.case_id WHERE n.municipality_id = %(m)s "
        "AND c.opened_on >= %(start)s AND c.opened_on <= %(end)s "
        "GROUP BY 1, 2",
        "SELECT (SELECT t.code FROM directory_offertag t WHERE t.offer_id = r.offer_id "
        "AND t.kind = 'field' ORDER BY t.id LIMIT 1), r.status, COUNT(*) FROM cases_referral r "
        "WHERE r.municipality_id = %(m)s AND r.sent_at >= %(lo)s AND r.sent_at < %(hi)s "
        "GROUP BY 1, 2",
    ]


def _median_ms(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _measure(m: Municipality, runs: int, label: str, out: TextIO) -> None:
    as_of = timezone.localdate()
    scope = resolve_scope(municipality=m, decision=None, year=as_of.year)
    with CaptureQueriesContext(connection) as queries:
        build_report(scope, as_of=as_of)
    built = _median_ms(lambda: build_report(scope, as_of=as_of), runs)
    start, end = people_period(scope, as_of)
    lo, hi = day_bounds(start, end)
    params: dict[str, Any] = {"m": m.pk, "start": start, "end": end, "lo": lo, "hi": hi}
    statements = hand_sql()

    def raw() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    limit = _median_ms(raw, runs)
    cases = Case.objects.filter(municipality=m).count()
    out.write(
        f"report of {m.name} for {as_of.year} ({label}, {cases:,} cases) on {connection.vendor}: "
        f"build {built:.0f} ms median of {runs} ({len(queries.captured_queries)} queries); "
        f"hand-written SQL of the {len(statements)} people tables: {limit:.1f} ms; "
        f"ratio {built / limit:.1f}× (rolled back)\n"
    )


def report(args: list[str], out: TextIO) -> None:
    parser = argparse.ArgumentParser(prog="ankunft bench report")
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-demo", action="store_true")
    options = parser.parse_args(args)
    with task_context("bench"), transaction.atomic():
        if not options.skip_demo:
            demo = Municipality.objects.filter(slug="duisburg").first()
            if demo is None:
                call_command(
                    "demo_data",
                    quiet=True,
                    not_production=True,
                    stdout=StringIO(),
                    stderr=StringIO(),
                )
                demo = Municipality.objects.get(slug="duisburg")
            _measure(demo, options.runs, "demo data", out)
        m, _decision = bench_town(options.persons, as_of=timezone.localdate())
        _measure(m, options.runs, f"{options.persons:,} generated persons", out)
        transaction.set_rollback(True)


BENCHMARKS = {
    "report": (
        "build a municipality-year's status report (demo data and N persons) beside hand SQL",
        report,
    ),
}
