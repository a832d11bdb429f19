"""The report's figures, each recomputed independently in Python over the model rows and
compared with what `build_raw_tables` counted in the database; the published figures equal
the raw ones where they are not suppressed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import translation

from ankunft.cases.models import (
    Case,
    Need,
    Outcome,
    Participation,
    Referral,
    ReferralStatus,
    Urgency,
)
from ankunft.directory.models.choices import FieldOfAction as DirectoryField
from ankunft.directory.models.offers import OfferTag
from ankunft.measures.models import Barrier, FieldOfAction
from ankunft.reports import build
from ankunft.reports.content import SECTION_IDS, SUPPRESSED_MARK, table_by_name
from ankunft.reports.figures.labels import (
    AGE_BANDS,
    NATIONALITY_GROUPS,
    age_band,
    nationality_group,
)
from tests.reports.builders import AS_OF, figures_world


@pytest.fixture
def world(db):
    return figures_world()


@pytest.fixture
def scope(world):
    return build.resolve_scope(municipality=world.m, decision=world.chain.decision, year=None)


@pytest.fixture
def raw(scope):
    with translation.override("en"):
        return {t.name: t for t in build.build_raw_tables(scope, AS_OF)}


PERIOD = (dt.date(2022, 1, 1), AS_OF)  # first budget year's start to the reference day


def _opened():
    lo, hi = PERIOD
    return [c for c in Case.objects.select_related("person") if lo <= c.opened_on <= hi]


def _state(c: Case) -> int:
    return 1 if c.closed_on is not None and c.closed_on <= PERIOD[1] else 0


def _age(c: Case) -> int | None:
    p = c.person
    if p.birth_year is None:
        return None
    o = c.opened_on
    before = p.birth_month is not None and (
        p.birth_month > o.month or (p.birth_month == o.month and (p.birth_day or 0) > o.day)
    )
    return o.year - p.birth_year - (1 if before else 0)


def _grid(counter: Counter, rows: list, columns: list) -> list[list[int]]:
    return [[counter[(r, c)] for c in columns] for r in rows]


def _check_margins(table) -> None:
    assert table.row_totals == [sum(r) for r in table.cells]
    assert table.column_totals == [sum(c) for c in zip(*table.cells, strict=True)]
    assert table.total == sum(table.row_totals)


def test_cases_by_district_recomputed(raw, world):
    counter = Counter((c.person.district_id, _state(c)) for c in _opened())
    keys = [d.pk for d in sorted(world.districts, key=lambda d: str(d.pk))]
    keys = sorted({k for k, _s in counter if k is not None}, key=str) + (
        [None] if any(k is None for k, _s in counter) else []
    )
    t = raw["cases_by_district"]
    assert t.cells == _grid(counter, keys, [0, 1])
    names = {d.pk: d.name for d in world.districts}
    assert t.row_labels == [names[k] if k else "no district recorded" for k in keys]
    assert t.people
    _check_margins(t)


def test_cases_by_age_recomputed(raw):
    counter = Counter((age_band(_age(c)), _state(c)) for c in _opened())
    bands = [b for b, _l, _h in AGE_BANDS] + ["unknown"]
    assert raw["cases_by_age"].cells == _grid(counter, bands, [0, 1])
    assert sum(map(sum, raw["cases_by_age"].cells)) == len(_opened())


def test_cases_by_nationality_recomputed(raw):
    counter = Counter((nationality_group(c.person.nationalities), _state(c)) for c in _opened())
    groups = [k for k, _l, _c in NATIONALITY_GROUPS] + ["unknown"]
    assert raw["cases_by_nationality"].cells == _grid(counter, groups, [0, 1])
    # the world has persons of several groups, so the mapping is exercised
    assert sum(1 for row in raw["cases_by_nationality"].cells if sum(row)) >= 5


def test_opened_tables_share_their_margins(raw):
    tables = [raw["cases_by_district"], raw["cases_by_age"], raw["cases_by_nationality"]]
    assert {t.total for t in tables} == {len(_opened())}
    assert len({tuple(t.column_totals) for t in tables}) == 1
    assert {t.links["total"] for t in tables} == {"cases_opened"}
    assert {t.links["column_totals"] for t in tables} == {"cases_opened_by_state"}


def test_closed_by_outcome_recomputed(raw):
    lo, hi = PERIOD
    counter = Counter(
        c.outcome for c in Case.objects.all() if c.closed_on and lo <= c.closed_on <= hi
    )
    keys = [o.value for o in Outcome] + [""]
    assert raw["cases_closed_by_outcome"].cells == [[counter[k]] for k in keys]


def test_needs_by_field_recomputed(raw, world):
    lo, hi = PERIOD
    counter = Counter(
        (n.field_of_action_id, n.urgency)
        for n in Need.objects.select_related("case")
        if lo <= n.case.opened_on <= hi
    )
    fields = list(FieldOfAction.objects.filter(municipality=world.m).order_by("order", "key"))
    t = raw["needs_by_field"]
    assert t.cells == _grid(counter, [f.pk for f in fields], [u.value for u in Urgency])
    assert t.total > 0
    _check_margins(t)


def test_referrals_recomputed(raw):
    first: dict[int, str] = {}
    for tag in OfferTag.objects.filter(kind="field").order_by("id"):
        first.setdefault(tag.offer_id, tag.code)
    lo, hi = PERIOD
    counter = Counter(
        (first.get(r.offer_id), r.status)
        for r in Referral.objects.all()
        if lo <= r.sent_at.astimezone().date() <= hi
    )
    rows = [f.value for f in DirectoryField] + [None]
    t = raw["referrals_by_outcome"]
    assert t.cells == _grid(counter, rows, [s.value for s in ReferralStatus])
    assert t.total == Referral.objects.count()


def test_barriers_recomputed(raw, world):
    lo, hi = PERIOD
    counter = Counter(
        (b.field_of_action_id, b.status) for b in Barrier.objects.all() if lo <= b.reported_on <= hi
    )
    fields = [
        f.pk for f in FieldOfAction.objects.filter(municipality=world.m).order_by("order", "key")
    ]
    t = raw["barriers_by_status"]
    assert t.cells == _grid(counter, [*fields, None], [s.value for s in Barrier.Status])
    assert not t.people


def test_money_is_the_budget_execution(raw):
    t = raw["money_by_year"]
    assert t.row_labels == ["2022", "2023"]
    # the seed in small: 100,000 a year; bookings of 45,000 and 70,000.50
    assert [row[0] for row in t.cells] == [Decimal(100000), Decimal(100000)]
    assert [row[2] for row in t.cells] == [Decimal(45000), Decimal("70000.50")]
    assert t.column_totals[0] == t.total == Decimal(200000)
    assert t.unit == "EUR"
    assert not t.people


def test_positions_over_time(raw):
    t = raw["positions_over_time"]
    assert len(t.row_labels) == 8  # quarter ends of 2022 and 2023
    # 31.03.2022 nothing yet; full position (filled) from 1.4.2022; half (vacant) from 2023
    assert t.cells[0] == [0, 0, 0]
    assert t.cells[1] == [Decimal(1), Decimal(1), Decimal(0)]
    assert t.cells[-1] == [Decimal("1.5"), Decimal(1), Decimal("0.5")]


def test_published_equals_raw_where_not_suppressed(scope, raw):
    content = build.build_report(scope, as_of=AS_OF, threshold=5, language="en")
    assert [t["name"] for t in content["tables"]] == list(raw)
    for published in content["tables"]:
        t = raw[published["name"]]
        for i, row in enumerate(published["cells"]):
            for j, value in enumerate(row):
                if value is None:
                    assert t.people or published["name"] == "indicators"
                    continue
                assert value == pytest.approx(float(t.cells[i][j]))
        if t.people:  # every published small cell is gone
            assert all(v is None or v >= 5 for row in published["cells"] for v in row)
            assert any(v is None for row in published["cells"] for v in row)


def test_people_reached_below_threshold_is_suppressed(scope, world):
    # the world lets half its cases take part in the first-contact measure
    reached = Participation.objects.filter(measure=world.chain.first_contact).count()
    assert reached >= 5
    content = build.build_report(scope, as_of=AS_OF, threshold=5)
    by_id = {m["id"]: m for m in content["measures"]}
    assert by_id[world.chain.first_contact.pk]["people_reached"] == reached
    assert by_id[world.chain.school.pk]["people_reached"] is None  # nobody: not shown
    high = build.build_report(scope, as_of=AS_OF, threshold=50)
    assert {m["people_reached"] for m in high["measures"]} == {None}


def test_people_counted_indicator_below_threshold_is_suppressed(scope, world):
    world.chain.advised.unit = "Personen"
    world.chain.advised.save()
    content = build.build_report(scope, as_of=AS_OF, threshold=50, language="en")
    indicator = next(
        i
        for m in content["measures"]
        for i in m["indicators"]
        if i["name"] == world.chain.advised.name
    )
    assert indicator["suppressed"]
    assert indicator["latest"] is None
    table = table_by_name(content, "indicators")
    row = next(
        k for k, label in enumerate(table["row_labels"]) if world.chain.advised.name in label
    )
    assert table["cells"][row][1] is None
    assert table["row_totals"] == []  # no margins: values of indicators do not add up


def test_content_shape_sections_footnote_and_progress(scope):
    calls: list[tuple[int, str]] = []
    content = build.build_report(
        scope, as_of=AS_OF, threshold=7, language="de", progress=lambda p, s: calls.append((p, s))
    )
    assert [s["id"] for s in content["sections"]] == list(SECTION_IDS)
    names = {t["name"] for t in content["tables"]}
    for s in content["sections"]:
        assert set(s["tables"]) <= names
    assert SUPPRESSED_MARK in content["footnotes"][0]
    assert "7" in content["footnotes"][0]
    assert content["years"] == [2022, 2023]
    assert content["kind"] == "decision"
    assert content["as_of"] == "2026-11-30"
    assert "100.000,00 EUR 2022" in content["decisions"][0]["summary"]
    percents = [p for p, _s in calls]
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert len(calls) >= 8
    assert (str(calls[1][0]), calls[1][1]) == ("20", "Geld")  # stage names translated
    assert any("vacant" in p or "unbesetzt" in p for p in content["open_points"])


def test_year_restricts_the_people_period(world):
    scope = build.resolve_scope(municipality=world.m, decision=world.chain.decision, year=2023)
    assert (scope.period_start, scope.period_end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    raw = {t.name: t for t in build.build_raw_tables(scope, AS_OF)}
    opened = [c for c in Case.objects.all() if c.opened_on.year == 2023]
    assert raw["cases_by_age"].total == len(opened)
    assert raw["money_by_year"].row_labels == ["2023"]
