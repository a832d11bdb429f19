"""Hostile tables for the core's tabular reader and the three imports built on it (bookings,
indicator values, case lists): each returns a result or raises its documented error type
(`TableError`, `RowsRefusedError`, both `ValidationError`s) with a message, and a refused
file leaves every table exactly as it was."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from ankunft.budget import bookings_import
from ankunft.budget.models import Booking, BookingImport, BudgetLine
from ankunft.cases.models import Case, CaseEvent, LegalDomainPeriod, NameKey, Person
from ankunft.cases.services import worklist_import
from ankunft.core.models import AuditEntry, Role
from ankunft.core.tabular import Limits, Table, TableError, read_table
from ankunft.measures import indicator_import
from ankunft.measures.models import IndicatorValue
from tests import factories
from tests.hostile.conftest import examples
from tests.hostile.strategies import NOT_XLSX, csv_files, table_files, xlsx_bytes
from tests.measures import builders

pytestmark = pytest.mark.django_db

LIMITS = Limits(max_bytes=64 * 1024, max_rows=50)


def _messages(exc: ValidationError) -> list[str]:
    messages = exc.messages
    assert messages
    assert all(isinstance(m, str) and m.strip() for m in messages), messages
    return messages


@given(raw=table_files(["Datum", "Betrag", "Belegnummer"]))
@example(raw=b"PK\x03\x04" + b"\x00" * 40)
@example(raw=NOT_XLSX[1])
@example(raw="Datum;Betrag\n\ud800;1".encode("utf-8", errors="surrogatepass"))
@example(raw=b'a;b\n"' + b"x" * 70_000)
@examples(60)
def test_read_table_returns_a_table_or_says_why(raw: bytes) -> None:
    """Any bytes: a `Table` whose cells are text, or a `TableError` with a message."""
    try:
        table = read_table(raw, limits=LIMITS)
    except TableError as exc:
        _messages(exc)
        return
    assert any(table.header)
    assert len(table.rows) <= LIMITS.max_rows
    for number, cells in table.rows:
        assert number >= 2
        assert all(isinstance(c, str) for c in cells)
    # The wizard keeps the table as JSON between steps: it survives the round trip.
    assert Table.from_json(table.to_json()) == table


def test_a_workbook_with_formulas_is_read_as_values_not_run() -> None:
    """A formula cell is read as its cached value (none here: an empty cell), never
    evaluated and never passed on as a formula."""
    raw = xlsx_bytes(
        [["Datum", "Betrag", "Belegnummer"], ["01.01.2022", "=1+1", '=HYPERLINK("x")']]
    )
    table = read_table(raw, limits=LIMITS)
    assert table.rows == [(2, ["01.01.2022", "", ""])]


# The imports ---------------------------------------------------------------------------------


def _counts(*models: Any) -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in models}


BOOKING_HEADER = ["Buchungsdatum", "Betrag", "Belegnummer", "Sachkonto", "Buchungstext"]
BOOKING_MODELS = (Booking, BookingImport, AuditEntry)


@pytest.fixture
def budget_world(town):
    from tests.budget.conftest import seed_decision  # noqa: PLC0415

    seed_decision(town)
    line = BudgetLine.objects.filter(municipality=town).order_by("year").first()
    return factories.user(Role.FINANCE, town), line


@given(raw=table_files(BOOKING_HEADER), allow=st.booleans(), with_line=st.booleans())
@example(raw=b"Buchungsdatum;Betrag;Belegnummer\n31.12.2022;1e400;X1\n", allow=True, with_line=True)
@example(
    raw=b"Buchungsdatum;Betrag;Belegnummer\n31.12.2022;9" + b"9" * 60 + b";X1\n",
    allow=True,
    with_line=True,
)
@example(raw=b"Buchungsdatum;Betrag;Belegnummer\n31.12.99999;1;X1\n", allow=True, with_line=True)
@example(
    raw=b"Buchungsdatum;Betrag;Belegnummer\n31.12.2022;1;=cmd|' /C calc'!A0\n",
    allow=True,
    with_line=True,
)
@examples(40)
def test_bookings_import_is_all_or_nothing(budget_world, raw: bytes, allow: bool, with_line: bool):
    """A hostile export: imported whole (the counts grow by its rows) or refused with
    messages and nothing stored."""
    user, line = budget_world
    before = _counts(*BOOKING_MODELS)
    try:
        record = bookings_import.booking_import(
            actor=user, source=raw, allow_unassigned=allow, budget_line=line if with_line else None
        )
    except ValidationError as exc:
        _messages(exc)
        assert _counts(*BOOKING_MODELS) == before
        return
    after = _counts(*BOOKING_MODELS)
    assert after["Booking"] == before["Booking"] + record.rows
    assert after["BookingImport"] == before["BookingImport"] + 1
    stored = Booking.objects.filter(batch=record)
    assert all(abs(b.amount) < Decimal("1e12") for b in stored)
    assert all(dt.date(1900, 1, 1) <= b.date <= dt.date(2200, 1, 1) for b in stored)


@given(raw=table_files(BOOKING_HEADER))
@examples(20)
def test_bookings_upload_step_keeps_a_table_or_says_why(budget_world, raw: bytes):
    """Step 1 of the wizard (page and API share it): a staged upload whose table can be read
    back, or a `ValidationError` and no upload kept."""
    from ankunft.budget.models import BookingUpload  # noqa: PLC0415

    user, _line = budget_world
    before = BookingUpload.objects.count()
    try:
        upload = bookings_import.booking_upload_create(actor=user, filename="x.csv", raw=raw)
    except ValidationError as exc:
        _messages(exc)
        assert BookingUpload.objects.count() == before
        return
    table = bookings_import.upload_table(upload)
    assert table.header


INDICATOR_HEADER = ["measure", "indicator", "period", "value", "note"]
INDICATOR_MODELS = (IndicatorValue, AuditEntry)


@pytest.fixture
def measures_world(town):
    m = builders.measure(town, "Erstanlaufstelle Marxloh")
    builders.indicator(m, "Beratene pro Monat")
    builders.indicator(m, "Anteil eingeschult", frequency="quarter")
    return factories.user(Role.HEAD_OF_KI, town)


_GOOD_INDICATOR_ROW = st.tuples(
    st.just("Erstanlaufstelle Marxloh"),
    st.sampled_from(["Beratene pro Monat", "Anteil eingeschult", "beratene pro monat"]),
    st.sampled_from(["2023-04", "05/2023", "2023-Q1", "2023-Q9", "2023", "13/2023", "0000-01"]),
    st.sampled_from(["38", "1.041,5", "-1", "101", "1e12", "NaN", "Infinity", "9" * 30]),
    st.sampled_from(["", "<script>alert(1)</script>", "=1+1", "\x00"]),
).map(";".join)


@given(
    raw=st.one_of(
        table_files(INDICATOR_HEADER),
        st.lists(_GOOD_INDICATOR_ROW, min_size=1, max_size=4).map(
            lambda rows: ("\n".join([";".join(INDICATOR_HEADER), *rows]) + "\n").encode()
        ),
    ),
    replace=st.booleans(),
)
@example(
    raw=b"measure;indicator;period;value\nErstanlaufstelle Marxloh;Beratene pro Monat;"
    b"2023-04;NaN\n",
    replace=False,
)
@example(
    raw=b"measure;indicator;period;value\nErstanlaufstelle Marxloh;Beratene pro Monat;9999-12;1\n",
    replace=False,
)
@examples(40)
def test_indicator_values_import_is_all_or_nothing(measures_world, raw: bytes, replace: bool):
    before = _counts(*INDICATOR_MODELS)
    values_before = sorted(IndicatorValue.objects.values_list("pk", "value"))
    try:
        result = indicator_import.indicator_values_import(
            actor=measures_world, content=raw, replace=replace
        )
    except ValidationError as exc:
        _messages(exc)
        assert _counts(*INDICATOR_MODELS) == before
        assert sorted(IndicatorValue.objects.values_list("pk", "value")) == values_before
        return
    assert IndicatorValue.objects.count() == before["IndicatorValue"] + result.created
    assert all(v.value.is_finite() for v in IndicatorValue.objects.all())


CASE_HEADER = [
    "Vorname", "Nachname", "Geburtsdatum", "Staatsangehörigkeit", "Zuzug",
    "Aufenthaltsstatus", "Rechtskreis", "Fall eröffnet", "Fallmanager", "Phase",
]  # fmt: skip
CASE_MODELS = (Person, Case, CaseEvent, NameKey, LegalDomainPeriod, AuditEntry)


@pytest.fixture
def cases_world(town):
    team = factories.team(town, "Team Marxloh")
    factories.user(Role.CASE_WORKER, town, team=team, username="aylin")
    return factories.user(Role.TEAM_LEAD, town, team=team), team


@given(
    raw=table_files(CASE_HEADER),
    mapping=st.one_of(
        st.just(""), st.sampled_from(["given_names=Vorname", "nope=X", "=", "birth=\x00", "a=b=c"])
    ),
    dry_run=st.booleans(),
)
@example(
    raw=(
        "Vorname;Nachname;Geburtsdatum;Fall eröffnet\nA\u202e;B\u200b;00.00.0000;31.02.2024\n"
    ).encode(),
    mapping="",
    dry_run=False,
)
@example(
    raw="Vorname;Nachname;Fall eröffnet\nAna;Popescu;01.01.99999\n".encode(),
    mapping="",
    dry_run=False,
)
@examples(40)
def test_case_import_is_all_or_nothing(cases_world, raw: bytes, mapping: str, dry_run: bool):
    lead, team = cases_world
    before = _counts(*CASE_MODELS)
    try:
        result = worklist_import.case_import(
            actor=lead,
            source=raw,
            mapping=worklist_import.parse_mapping(mapping),
            team=team,
            dry_run=dry_run,
        )
    except ValidationError as exc:
        _messages(exc)
        assert _counts(*CASE_MODELS) == before
        return
    after = _counts(*CASE_MODELS)
    grown = 0 if dry_run else result.persons
    assert after["Person"] == before["Person"] + grown
    assert after["Case"] == before["Case"] + grown


@given(raw=csv_files(CASE_HEADER))
@examples(10)
def test_case_import_preview_without_a_team_never_crashes(cases_world, town, raw: bytes):
    """The dry run behind the page's preview: a `Preview`, or a `TableError`."""
    try:
        preview = worklist_import.preview(municipality=town, source=raw)
    except TableError as exc:
        _messages(exc)
        return
    assert len(preview.rows) <= preview.read
