"""The limits of `ankunft bench scale`: for each hot path the best hand-written SQL that gives
the same answer (the rows the page shows), on the same database, in the same run.

Each entry is a list of (sql, params) statements run through one cursor. They are the
floor an ORM page cannot go below: no permission layer, no audit entry, no rendering.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from ankunft.cases.bench_worklist_sql import count_sql, page_params, page_sql
from ankunft.cases.matching.blocking import blocking_keys
from ankunft.cases.selectors import worklist as wl

Statements = list[tuple[str, Any]]


def _in(values: list[Any]) -> str:
    """An IN list of integers or quoted keys (values come from the database, not a user)."""
    return ", ".join(str(int(v)) if isinstance(v, int) else "'" + v.replace("'", "''") + "'"
                     for v in values) or "NULL"  # fmt: skip


def worklist(m: int, team: int, worker: int, periods: Any, page: int) -> Statements:
    """A case worker's first page, next due first, and its heading's bounded count: the
    same answer as the page, one statement each."""
    params = page_params(m, team, worker, periods)
    return [(page_sql(wl.MINE, page), params), (count_sql(wl.MINE), params)]


def person_search(m: int, team: int, words: str, page: int) -> Statements:
    keys = sorted(blocking_keys(words, ""))
    like = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    sql = (
        "SELECT p.id, p.given_names, p.family_name, p.birth_year FROM cases_person p "  # noqa: S608
        f"WHERE p.municipality_id = %s AND p.team_id = %s AND (p.id IN (SELECT k.person_id "
        f"FROM cases_namekey k WHERE k.municipality_id = %s AND k.key IN ({_in(keys)})) "
        f"OR p.family_name {like} %s OR p.given_names {like} %s) "
        f"ORDER BY p.family_name, p.given_names, p.id LIMIT {page}"
    )
    return [(sql, [m, team, m, words + "%", words + "%"])]


def duplicates(m: int, team: int, given: str, family: str, scored: int) -> Statements:
    keys = sorted(blocking_keys(given, family))
    sql = (
        "SELECT p.id, p.given_names, p.family_name, p.given_names_original, "  # noqa: S608
        "p.family_name_original, p.birth_year, p.birth_month, p.birth_day FROM cases_person p "
        "WHERE p.municipality_id = %s AND p.team_id = %s AND p.id IN (SELECT k.person_id FROM "
        f"cases_namekey k WHERE k.municipality_id = %s AND k.key IN ({_in(keys)})) "
        f"ORDER BY p.id DESC LIMIT {scored}"
    )
    return [(sql, [m, team, m])]


def case_page(m: int, case: int) -> Statements:
    one = [m, case]
    return [
        ("SELECT c.*, p.* FROM cases_case c JOIN cases_person p ON p.id = c.person_id "
         "WHERE c.municipality_id = %s AND c.id = %s", one),
        ("SELECT * FROM cases_caseevent WHERE municipality_id = %s AND case_id = %s "
         "ORDER BY at, id", one),
        ("SELECT * FROM cases_need WHERE municipality_id = %s AND case_id = %s", one),
        ("SELECT * FROM cases_goal WHERE municipality_id = %s AND case_id = %s ORDER BY due_on",
         one),
        ("SELECT * FROM cases_referral WHERE municipality_id = %s AND case_id = %s", one),
        ("SELECT * FROM cases_appointment WHERE municipality_id = %s AND case_id = %s", one),
        ("SELECT * FROM cases_consent k JOIN cases_case c ON c.person_id = k.person_id "
         "WHERE k.municipality_id = %s AND c.id = %s", one),
    ]  # fmt: skip


def _published(m: int) -> str:
    return f"o.municipality_id = {int(m)} AND o.status = 'published'"


def directory(kind: str, m: int, term: str, extra: Any = None) -> Statements:
    """Offer ids of the first result page (20), as the search's engine would find them."""
    pg = connection.vendor == "postgresql"
    if kind in ("word", "typo"):
        statements: Statements = []
        if kind == "typo" and pg:
            statements.append((
                "SELECT term FROM directory_searchterm WHERE municipality_id = %s "
                "ORDER BY term <-> %s LIMIT 1", [m, term],
            ))  # fmt: skip
            term = str(extra or term)
        if pg:
            statements.append((
                "SELECT d.offer_id FROM directory_searchdocument d JOIN directory_offer o "  # noqa: S608
                f"ON o.id = d.offer_id WHERE d.municipality_id = %s AND {_published(m)} "
                "AND d.tsv @@ to_tsquery('simple', %s) "
                "ORDER BY ts_rank(d.tsv, to_tsquery('simple', %s)) DESC LIMIT 20",
                [m, f"{term}:*", f"{term}:*"],
            ))  # fmt: skip
        else:
            statements.append((
                "SELECT rowid / 16 FROM directory_search_fts WHERE directory_search_fts "
                "MATCH %s ORDER BY bm25(directory_search_fts) LIMIT 20", [f'"{term}"*'],
            ))  # fmt: skip
        return statements
    if kind == "filter":
        return [(
            "SELECT o.id FROM directory_offer o JOIN directory_offertag t ON t.offer_id = o.id "  # noqa: S608
            f"WHERE {_published(m)} AND t.kind = 'field' AND t.code = %s "
            "ORDER BY o.last_reviewed DESC, o.id LIMIT 20", [term],
        )]  # fmt: skip
    lat, lon = extra
    return [(
        f"SELECT o.id FROM directory_offer o WHERE {_published(m)} "  # noqa: S608
        "ORDER BY (o.latitude - %s) * (o.latitude - %s) + (o.longitude - %s) * (o.longitude - %s) "
        "LIMIT 20", [lat, lat, lon, lon],
    )]  # fmt: skip


def execution(m: int, decision: int, as_of: dt.date) -> Statements:
    lines = "SELECT id FROM budget_budgetline WHERE municipality_id = %s AND decision_id = %s"
    return [
        ("SELECT l.year, l.amount, COALESCE(SUM(b.amount), 0), "
         "COALESCE(SUM(b.amount) FILTER (WHERE b.date <= %s), 0) FROM budget_budgetline l "
         "LEFT JOIN budget_booking b ON b.budget_line_id = l.id "
         "WHERE l.municipality_id = %s AND l.decision_id = %s GROUP BY l.id, l.year, l.amount "
         "ORDER BY l.year", [as_of, m, decision])
        if connection.vendor == "postgresql" else
        ("SELECT l.year, l.amount, COALESCE(SUM(b.amount), 0), "
         "COALESCE(SUM(CASE WHEN b.date <= %s THEN b.amount END), 0) FROM budget_budgetline l "
         "LEFT JOIN budget_booking b ON b.budget_line_id = l.id "
         "WHERE l.municipality_id = %s AND l.decision_id = %s GROUP BY l.id, l.year, l.amount "
         "ORDER BY l.year", [as_of, m, decision]),
        ("SELECT p.*, a.start, a.\"end\", a.fte FROM budget_position p "  # noqa: S608
         "JOIN budget_positionfunding f ON f.position_id = p.id "
         "LEFT JOIN budget_assignment a ON a.position_id = p.id "
         f"WHERE f.budget_line_id IN ({lines})", [m, decision]),
        ("SELECT * FROM budget_costrate WHERE municipality_id = %s", [m]),
    ]  # fmt: skip


def chain(m: int, decision: int, as_of: dt.date) -> Statements:
    lines = "SELECT id FROM budget_budgetline WHERE municipality_id = %s AND decision_id = %s"
    measures = (
        "SELECT measure_id FROM measures_measure_budget_lines "  # noqa: S608 - constants
        f"WHERE budgetline_id IN ({lines})"
    )
    return [
        *execution(m, decision, as_of),
        (f"SELECT * FROM measures_measure WHERE id IN ({measures})", [m, decision]),  # noqa: S608
        ("SELECT i.*, v.period, v.value FROM measures_indicator i "  # noqa: S608
         "LEFT JOIN measures_indicatorvalue v ON v.indicator_id = i.id "
         f"WHERE i.measure_id IN ({measures}) ORDER BY i.id, v.period", [m, decision]),
        ("SELECT measure_id, COUNT(DISTINCT person_id) FROM cases_participation "  # noqa: S608
         f"WHERE municipality_id = %s AND measure_id IN ({measures}) GROUP BY measure_id",
         [m, m, decision]),
        ("SELECT * FROM measures_staffallocation WHERE municipality_id = %s", [m]),
    ]  # fmt: skip
