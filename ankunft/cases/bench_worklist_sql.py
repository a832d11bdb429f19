"""The work list written by hand: the limit the benchmarks set beside the page.

The same answer as `selectors.worklist_page` for the first page: all seven kinds of items
(appointments today, overdue goals, expiring consents and residence titles, changes of legal
domain, cases without contact, new answers to referrals), each kind's next 51 in its own
order, merged by due date, and the bounded count of all (at most `COUNT_CAP` per kind) — as
one statement each, without the permission layer, audit or rendering.
"""

# ruff: noqa: S608 - fixed statement text; every value is a parameter
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from ankunft.cases.selectors import worklist as wl
from ankunft.cases.selectors.worklist_page import COUNT_CAP

# Each kind in a subquery: SQLite allows no parentheses around the parts of a UNION.
# `{case}`: which open cases count (the scope); persons stay those of the team (visibility).
_OPEN = "c.step <> 'closed' AND c.anonymised_at IS NULL"
_PERSON_IN_SCOPE = (
    "EXISTS (SELECT 1 FROM cases_case c WHERE c.person_id = p.id AND {case} AND " + _OPEN + ")"
)
_KINDS = [
    # appointments today in the scope's cases (or the worker's own appointments)
    "SELECT %(today)s AS due, 0 AS rank, c.number, p.family_name FROM cases_appointment a "
    "JOIN cases_case c ON c.id = a.case_id JOIN cases_person p ON p.id = c.person_id "
    "WHERE a.municipality_id = %(m)s AND {appointment} AND c.step <> 'closed' "
    "AND a.cancelled_at IS NULL AND a.starts_at >= %(day_start)s AND a.starts_at < %(day_end)s "
    "ORDER BY a.starts_at, a.id LIMIT {n}",
    "SELECT g.due_on, 1, c.number, p.family_name FROM cases_goal g "
    "JOIN cases_case c ON c.id = g.case_id JOIN cases_person p ON p.id = c.person_id "
    "WHERE g.municipality_id = %(m)s AND {case} AND " + _OPEN + " AND g.status = 'open' "
    "AND g.due_on < %(today)s ORDER BY g.due_on, g.id LIMIT {n}",
    "SELECT k.valid_until, 2, '', p.family_name FROM cases_consent k "
    "JOIN cases_person p ON p.id = k.person_id "
    "WHERE k.municipality_id = %(m)s AND p.team_id = %(t)s AND k.withdrawn_on IS NULL "
    "AND k.valid_until BETWEEN %(today)s AND %(consent)s AND " + _PERSON_IN_SCOPE + " "
    "ORDER BY k.valid_until, k.id LIMIT {n}",
    "SELECT p.residence_valid_until, 3, '', p.family_name FROM cases_person p "
    "WHERE p.municipality_id = %(m)s AND p.team_id = %(t)s AND p.anonymised_at IS NULL "
    "AND p.residence_valid_until BETWEEN %(today)s AND %(residence)s AND " + _PERSON_IN_SCOPE + " "
    "ORDER BY p.residence_valid_until, p.id LIMIT {n}",
    # legal domain: a period ending within 30 days, or one begun in the last 30 days the day
    # after (or the day) another one ended
    'SELECT CASE WHEN l."end" >= %(today)s THEN l."end" ELSE l.start END, 4, \'\', '
    "p.family_name FROM cases_legaldomainperiod l JOIN cases_person p ON p.id = l.person_id "
    "WHERE l.municipality_id = %(m)s AND p.team_id = %(t)s AND ("
    '(l."end" >= %(today)s AND l."end" <= %(legal_until)s) OR (l.start >= %(legal_from)s '
    "AND l.start <= %(today)s AND EXISTS (SELECT 1 FROM cases_legaldomainperiod b WHERE "
    'b.person_id = l.person_id AND b.id <> l.id AND b."end" <= l.start '
    'AND b."end" >= {day_before_start}))) AND ' + _PERSON_IN_SCOPE + " "
    'ORDER BY CASE WHEN l."end" >= %(today)s THEN l."end" ELSE l.start END, l.id LIMIT {n}',
    # due: the weeks without contact after the last one (or the opening)
    "SELECT {contact_due}, 5, c.number, p.family_name "
    "FROM cases_case c JOIN cases_person p ON p.id = c.person_id "
    "WHERE c.municipality_id = %(m)s AND {case} AND " + _OPEN + " "
    "AND COALESCE(c.last_contact_on, c.opened_on) < %(contact)s "
    "ORDER BY COALESCE(c.last_contact_on, c.opened_on), c.id LIMIT {n}",
    "SELECT {answered_day}, 6, c.number, p.family_name FROM cases_referral r "
    "JOIN cases_case c ON c.id = r.case_id JOIN cases_person p ON p.id = c.person_id "
    "WHERE r.municipality_id = %(m)s AND {case} AND c.step <> 'closed' "
    "AND r.answered_at IS NOT NULL AND r.seen_at IS NULL ORDER BY r.answered_at, r.id LIMIT {n}",
]
# The condition on the cases of each scope (`wl.MINE`: the worker's; `wl.TEAM`: the team's).
_CASES_OF = {wl.MINE: "c.worker_id = %(w)s", wl.TEAM: "c.team_id = %(t)s"}
_APPOINTMENTS_OF = {
    wl.MINE: "(c.worker_id = %(w)s OR a.worker_id = %(w)s)", wl.TEAM: "c.team_id = %(t)s"
}  # fmt: skip


def _union(scope: str, per_kind: int) -> str:
    pg = connection.vendor == "postgresql"
    parts = {
        "case": _CASES_OF[scope],
        "appointment": _APPOINTMENTS_OF[scope],
        "n": int(per_kind),
        # SQLite keeps dates and times as ISO text
        "day_before_start": "l.start - 1" if pg else "date(l.start, '-1 day')",
        "answered_day": "CAST(r.answered_at AS date)" if pg else "date(r.answered_at)",
        "contact_due": "COALESCE(c.last_contact_on, c.opened_on) + %(contact_days)s"
        if pg
        else "date(COALESCE(c.last_contact_on, c.opened_on), %(contact_shift)s)",
    }
    kinds = [k.format(**parts) for k in _KINDS]
    return "\nUNION ALL\n".join(f"SELECT * FROM ({k}) AS k{i}" for i, k in enumerate(kinds))


def page_sql(scope: str = wl.TEAM, limit: int = 50) -> str:
    """The first page of `scope` (parameters: `page_params`), at most `limit` items."""
    return f"{_union(scope, limit + 1)}\nORDER BY 1, 2 LIMIT {int(limit)}"


def count_sql(scope: str = wl.TEAM) -> str:
    """The page's heading: how many items are due, each kind counted up to `COUNT_CAP`."""
    return f"SELECT COUNT(*) FROM ({_union(scope, COUNT_CAP)}) AS due"


def page_params(m: int, team: int | None, worker: int, p: wl.Period) -> dict[str, Any]:
    window = dt.timedelta(days=wl.LEGAL_DOMAIN_DAYS)
    start = timezone.make_aware(dt.datetime.combine(p.today, dt.time.min))
    if connection.vendor != "postgresql":  # stored as UTC text without an offset
        start = start.astimezone(dt.UTC).replace(tzinfo=None)
    return {
        "m": m, "t": team, "w": worker, "today": p.today, "consent": p.consent_until,
        "residence": p.residence_until, "contact": p.no_contact_before,
        "contact_days": 7 * p.no_contact_weeks, "contact_shift": f"+{7 * p.no_contact_weeks} days",
        "legal_until": p.today + window, "legal_from": p.today - window,
        "day_start": start, "day_end": start + dt.timedelta(days=1),
    }  # fmt: skip
