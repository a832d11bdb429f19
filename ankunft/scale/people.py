"""The bulk of one town: households, persons and their name keys, cases in every step with
their events, needs, goals, consents, referrals, appointments, notes, participations, and
the audit entries of the staff reading and changing them.

ALL PERSONS ARE FICTITIOUS: names drawn from the demo's lists (`cases.demo_names`), seeded
random, addresses "Beispielweg". Encrypted fields (health, religion, note texts) hold real
ciphertext made with the app's own field (a small pool encrypted once and reused), so the
app reads them like any other record.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import connection
from django.utils import timezone

from ankunft.cases.demo_names import ORIGINS, Origin
from ankunft.cases.matching.blocking import blocking_keys
from ankunft.cases.models import (
    Appointment,
    Case,
    CaseEvent,
    Consent,
    Goal,
    Household,
    NameKey,
    Need,
    Note,
    Participation,
    Person,
    Referral,
)
from ankunft.core.audit import subject_key
from ankunft.core.models import AuditEntry
from ankunft.measures.models import Measure
from ankunft.scale.town import Town
from ankunft.scale.writer import Writer

# Share of the cases in each step (the rest implementation): intake, assessment, plan,
# evaluation, closed.
STEPS = (("intake", 0.08), ("assessment", 0.08), ("plan", 0.10), ("evaluation", 0.06),
         ("closed", 0.30))  # fmt: skip
ORDER = ("intake", "assessment", "plan", "implementation", "evaluation", "closed")
OUTCOMES = ("goals_met", "partly_met", "handed_over", "moved_away", "no_contact")
FILLER = ("referral", "goal", "consent", "reassigned", "corrected", "legal_domain")
STATUSES = ("eu_freedom", "permit", "settlement", "asylum_permission")
REFERRAL_STATUSES = ("sent", "accepted", "declined", "completed", "no_show")
KINDS = ("consultation", "home_visit", "accompaniment", "phone", "goal_review")
HOUSEHOLD_SIZES = (1, 1, 2, 2, 3, 3, 4, 5)
YEARS_BACK = 3


@dataclass
class CaseFacts:
    id: int
    person: int
    team: int
    worker: int | None
    step: str
    opened: dt.date
    closed: dt.date | None


@dataclass
class Plan:
    """What one town's bulk is built from (kept in memory: tens of thousands of ids)."""

    town: Town
    today: dt.date
    events: int  # events of this town
    audit: int  # audit entries of this town
    rng: random.Random
    cases: list[CaseFacts] = field(default_factory=list)
    tz: Any = None


@cache
def _keys(given: str, family: str, given_o: str, family_o: str) -> tuple[str, ...]:
    keys = blocking_keys(given, family)
    if given_o or family_o:
        keys |= blocking_keys(given_o, family_o)
    return tuple(sorted(keys))


@cache
def _pool(model: type[Any], name: str) -> tuple[str, ...]:
    """Ciphertexts of a few fictitious values, encrypted by the field itself."""
    f = model._meta.get_field(name)
    texts = {
        "health": ("Allergie (Beispiel)", "Diabetes Typ 2 (Beispiel)", "Asthma (Beispiel)"),
        "religion": ("muslimisch", "orthodox", "katholisch", "keine Angabe"),
        "text": ("Gespräch geführt, nächster Termin vereinbart (Beispiel).",
                 "Unterlagen für das Jobcenter besprochen (Beispiel)."),
    }[name]  # fmt: skip
    return tuple(f.get_db_prep_save(t, connection) for t in texts for _ in range(8))


def _dt(day: dt.date, rng: random.Random, tz: Any) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60)), tzinfo=tz)


def _origin(rng: random.Random) -> Origin:
    return rng.choices(ORIGINS, weights=[o.weight for o in ORIGINS])[0]


def persons(w: Writer, plan: Plan) -> None:
    """Households, persons, their name keys and one case each."""
    town, rng, today = plan.town, plan.rng, plan.today
    m, n = town.municipality.pk, town.persons
    p0, c0, h0 = w.ids(Person, n), w.ids(Case, n), w.ids(Household, n)
    households: list[tuple[Any, ...]] = []
    people: list[tuple[Any, ...]] = []
    keys: list[tuple[Any, ...]] = []
    cases: list[tuple[Any, ...]] = []
    now = timezone.now()
    health, religion = _pool(Person, "health"), _pool(Person, "religion")
    year_no: dict[int, int] = {}
    i, hh = 0, 0
    while i < n:
        origin, size = _origin(rng), min(rng.choice(HOUSEHOLD_SIZES), n - i)
        team = town.teams[hh % len(town.teams)].pk
        hid = h0 + hh
        fam = rng.choice(origin.families)
        households.append((hid, m, fam[0], team, now))
        district = rng.choice(town.districts)
        arrival = today - dt.timedelta(days=rng.randrange(30, 365 * 6))
        status = rng.choice(STATUSES)
        for k in range(size):
            female = rng.random() < 0.5  # noqa: PLR2004
            given = rng.choice(origin.female if female else origin.male)
            family = (fam[2], fam[3]) if female else (fam[0], fam[1])
            age = rng.randrange(25, 60) if k < 2 else rng.randrange(0, 18)  # noqa: PLR2004
            year = today.year - age
            month = rng.randrange(1, 13) if i % 11 else None
            day = rng.randrange(1, 29) if month and i % 7 else None
            pid = p0 + i
            people.append((
                pid, m, hid, ("head", "partner")[k] if k < 2 else "child", team,  # noqa: PLR2004
                given[0], family[0], given[1], family[1], year, month, day, month is None,
                "female" if female else "male", json.dumps([origin.country]),
                json.dumps(list(origin.languages)), bool(origin.interpreter),
                origin.interpreter, f"Beispielweg {rng.randrange(1, 200)}", district, arrival,
                status, today + dt.timedelta(days=rng.randrange(-30, 900)),
                rng.choice(health) if i % 9 == 0 else "",
                rng.choice(religion) if i % 5 == 0 else "", now, now,
            ))  # fmt: skip
            keys.extend((m, pid, key) for key in _keys(given[0], family[0], given[1], family[1]))
            cases.append(_case(plan, c0 + i, pid, hid, team, year_no))
            i += 1
        hh += 1
    w.write(Household, ["id", "municipality", "label", "team", "created_at"], households)
    w.write(
        Person,
        ["id", "municipality", "household", "relation", "team", "given_names", "family_name",
         "given_names_original", "family_name_original", "birth_year", "birth_month",
         "birth_day", "birth_estimated", "gender", "nationalities", "languages",
         "interpreter_needed", "interpreter_language", "address", "district", "arrival_date",
         "residence_status", "residence_valid_until", "health", "religion", "created_at",
         "updated_at"],
        people,
    )  # fmt: skip
    w.write(NameKey, ["municipality", "person", "key"], keys)
    w.write(
        Case,
        ["id", "municipality", "number", "person", "household", "team", "worker", "step",
         "opened_on", "closed_on", "outcome", "last_contact_on"],
        cases,
    )  # fmt: skip


def _case(  # noqa: PLR0917 - called once per person in the hot loop
    plan: Plan, cid: int, pid: int, hid: int, team: int, year_no: dict[int, int]
) -> tuple[Any, ...]:
    rng, today, town = plan.rng, plan.today, plan.town
    r, step = rng.random(), "implementation"
    for name, share in STEPS:
        if r < share:
            step = name
            break
        r -= share
    opened = today - dt.timedelta(days=rng.randrange(1, 365 * YEARS_BACK))
    closed = None
    if step == "closed":
        closed = min(today, opened + dt.timedelta(days=rng.randrange(30, 500)))
    workers = town.workers[team]
    worker = None if step == "intake" and rng.random() < 0.5 else rng.choice(workers)  # noqa: PLR2004
    plan.cases.append(CaseFacts(cid, pid, team, worker, step, opened, closed))
    year_no[opened.year] = year_no.get(opened.year, 0) + 1
    contact = (closed or today) - dt.timedelta(days=rng.randrange(0, 80))
    return (
        cid, town.municipality.pk, f"{opened.year}-{year_no[opened.year]:06d}", pid, hid, team,
        worker, step, opened, closed, rng.choice(OUTCOMES) if closed else "",
        max(contact, opened),
    )  # fmt: skip


EVENTS_SQL = """
SELECT c.municipality_id, c.id,
  CASE WHEN g.j = 0 THEN 'opened'
       WHEN g.j <= s.pos AND g.j = 5 THEN 'closed'
       WHEN g.j <= s.pos THEN 'step'
       ELSE (%(filler)s::text[])[1 + (c.id + g.j) %% 6] END,
  CASE WHEN g.j BETWEEN 1 AND s.pos THEN (%(order)s::text[])[g.j] ELSE '' END,
  CASE WHEN g.j = 0 THEN 'intake' WHEN g.j <= s.pos THEN (%(order)s::text[])[g.j + 1] ELSE '' END,
  c.worker_id,
  (c.opened_on + (s.span * g.j / s.k)::int)::timestamp AT TIME ZONE %(tz)s
    + make_interval(mins => (480 + (c.id * 31 + g.j * 17) %% 540)::int){rest}
FROM cases_case c
CROSS JOIN LATERAL (SELECT array_position(%(order)s::text[], c.step::text) - 1 AS pos,
  GREATEST(1, COALESCE(c.closed_on, %(today)s::date) - c.opened_on)::int AS span,
  1 + (c.id * 7919) %% %(spread)s AS k) s
CROSS JOIN LATERAL generate_series(0, s.k - 1) AS g(j)
WHERE c.municipality_id = %(m)s
"""


def events(w: Writer, plan: Plan) -> None:
    """On average `plan.events / persons` events per case: opening, the steps up to the
    current one, then referrals, goals, consent changes … spread over the case's life."""
    m, rng, tz = plan.town.municipality.pk, plan.rng, plan.tz
    per_case = plan.events / max(1, len(plan.cases))
    if w.pg:
        # 20 million rows: the database derives them from the cases, ten times faster than
        # tuples from Python (the same shape: opening, steps, then other kinds).
        w.insert_select(
            CaseEvent, ["municipality", "case", "kind", "from_value", "to_value", "actor", "at"],
            EVENTS_SQL,
            {"m": m, "today": plan.today, "order": list(ORDER), "filler": list(FILLER),
             "tz": str(tz), "spread": max(1, round(2 * per_case - 1))},
        )  # fmt: skip
        return
    rows: list[tuple[Any, ...]] = []
    budget = plan.events
    for n, c in enumerate(plan.cases):
        left = len(plan.cases) - n
        want = max(1, min(budget - left + 1, round(per_case * (0.5 + rng.random()))))
        if n == len(plan.cases) - 1:
            want = max(1, budget)
        budget -= want
        end = c.closed or plan.today
        span = max(1, (end - c.opened).days)
        steps = ORDER[: ORDER.index(c.step) + 1]
        first = _dt(c.opened, rng, tz)
        rows.append((m, c.id, "opened", "", "intake", c.worker, first))
        made = 1
        for a, b in itertools.pairwise(steps):
            if made >= want:
                break
            day = c.opened + dt.timedelta(days=span * made // max(want, 1))
            rows.append((m, c.id, "closed" if b == "closed" else "step", a, b, c.worker,
                         _dt(day, rng, tz)))  # fmt: skip
            made += 1
        while made < want:
            day = c.opened + dt.timedelta(days=rng.randrange(span))
            rows.append((m, c.id, rng.choice(FILLER), "", "", c.worker, _dt(day, rng, tz)))
            made += 1
        if len(rows) >= 50_000:  # noqa: PLR2004 - write in slices: bounded memory
            _write_events(w, rows, plan.events)
            rows = []
    _write_events(w, rows, plan.events)


def _write_events(w: Writer, rows: list[tuple[Any, ...]], expected: int) -> None:
    w.write(
        CaseEvent,
        ["municipality", "case", "kind", "from_value", "to_value", "actor", "at"],
        rows,
        expected=expected,
    )


def details(w: Writer, plan: Plan) -> None:
    """Needs, goals, consents, referrals, appointments, notes and participations."""
    town, rng, today, tz = plan.town, plan.rng, plan.today, plan.tz
    m = town.municipality.pk
    needs: list[tuple[Any, ...]] = []
    goals: list[tuple[Any, ...]] = []
    consents: list[tuple[Any, ...]] = []
    referrals: list[tuple[Any, ...]] = []
    appointments: list[tuple[Any, ...]] = []
    notes: list[tuple[Any, ...]] = []
    parts: list[tuple[Any, ...]] = []
    measures = list(Measure.objects.filter(municipality_id=m).values_list("pk", flat=True))
    note_pool = _pool(Note, "text")
    r0 = w.ids(Referral, len(plan.cases))
    rid = r0
    for c in plan.cases:
        given = c.opened - dt.timedelta(days=rng.randrange(0, 10))
        consents.append((m, c.person, "case_management", "consent", "written", given,
                         given + dt.timedelta(days=730)))  # fmt: skip
        if c.step == "intake":
            continue
        consents.append((m, c.person, "referrals", "consent", "written", given,
                         given + dt.timedelta(days=rng.randrange(200, 800))))  # fmt: skip
        needs.extend(
            (m, c.id, f, rng.choice(("low", "medium", "high", "acute")))
            for f in rng.sample(town.fields, rng.randrange(1, 4))
        )
        if c.step != "assessment":
            for _ in range(rng.randrange(1, 3)):
                due = today + dt.timedelta(days=rng.randrange(-60, 240))
                goals.append((m, c.id, "Ziel (Beispiel)", due, c.opened,
                              "open" if c.closed is None else "achieved"))  # fmt: skip
        if town.offers and rng.random() < 0.4:  # noqa: PLR2004
            sent = _dt(c.opened + dt.timedelta(days=rng.randrange(1, 60)), rng, tz)
            referrals.append((rid, m, c.id, rng.choice(town.offers), "Vermittlung (Beispiel)",
                              rng.choice(REFERRAL_STATUSES), sent, c.worker))  # fmt: skip
            if measures and rng.random() < 0.5:  # noqa: PLR2004
                parts.append((m, c.person, rng.choice(measures), rid, sent.date()))
            rid += 1
        if c.closed is None:
            start = _dt(today + dt.timedelta(days=rng.randrange(-20, 30)), rng, tz)
            ends = start + dt.timedelta(hours=1)
            appointments.append(
                (m, c.id, rng.choice(KINDS), start, ends, "Beratungsstelle", c.worker)
            )
        if rng.random() < 0.5:  # noqa: PLR2004
            notes.append((m, c.id, rng.choice(note_pool), "case", c.worker,
                          _dt(c.opened, rng, tz)))  # fmt: skip
    w.write(Need, ["municipality", "case", "field_of_action", "urgency"], needs)
    w.write(Goal, ["municipality", "case", "title", "due_on", "agreed_on", "status"], goals)
    w.write(
        Consent,
        ["municipality", "person", "purpose", "legal_basis", "form", "given_on", "valid_until"],
        consents,
    )
    w.write(
        Referral,
        ["id", "municipality", "case", "offer", "purpose", "status", "sent_at", "created_by"],
        referrals,
    )
    w.write(
        Appointment,
        ["municipality", "case", "kind", "starts_at", "ends_at", "place", "worker"],
        appointments,
    )
    w.write(Note, ["municipality", "case", "text", "level", "author", "created_at"], notes)
    w.write(Participation, ["municipality", "person", "measure", "referral", "started_on"], parts)


def audit(w: Writer, plan: Plan) -> None:
    """The staff's reads and changes of persons and cases over the last twelve months.
    Millions of rows: times come from a precomputed pool, pseudonyms once per record."""
    town, tz = plan.town, plan.tz
    m, r = town.municipality.pk, plan.rng.random
    workers = [u for team in town.workers.values() for u in team]
    names = {u: f"{town.municipality.slug}-fm{k + 1}" for k, u in enumerate(workers)}
    base = dt.datetime.combine(plan.today, dt.time(8), tzinfo=tz)
    times = [
        base - dt.timedelta(days=d, minutes=-mi) for d in range(365) for mi in (0, 95, 230, 410)
    ]
    keys: dict[tuple[str, int], str] = {}
    cases, n_cases, n_times = plan.cases, len(plan.cases), len(times)
    rows: list[tuple[Any, ...]] = []
    for _ in range(plan.audit):
        c = cases[int(r() * n_cases)]
        actor = c.worker or workers[int(r() * len(workers))]
        kind, pk = ("cases.person", c.person) if r() < 0.5 else ("cases.case", c.id)  # noqa: PLR2004
        key = keys.get((kind, pk))
        if key is None:
            key = keys[(kind, pk)] = subject_key(kind, pk)
        rows.append((m, times[int(r() * n_times)], actor, names[actor],
                     "read" if r() < 0.8 else "update", "page", kind, str(pk), key, "[]",  # noqa: PLR2004
                     f"/cases/{c.id}/"))  # fmt: skip
        if len(rows) >= 50_000:  # noqa: PLR2004
            _write_audit(w, rows, plan.audit)
            rows = []
    _write_audit(w, rows, plan.audit)


def _write_audit(w: Writer, rows: list[tuple[Any, ...]], expected: int) -> None:
    w.write(
        AuditEntry,
        ["municipality", "at", "actor", "actor_name", "action", "interface", "object_type",
         "object_id", "subject_key", "fields", "path"],
        rows,
        expected=expected,
    )  # fmt: skip
