"""Booking import: German formats, column mapping, line mapping, all or nothing per file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from ankunft.budget import bookings_import as imp
from ankunft.budget.models import Booking, BookingUpload
from ankunft.core.models import AuditEntry, Role
from tests.budget.conftest import line_of

D = Decimal
MAP = {
    "date": "Buchungsdatum",
    "amount": "Betrag",
    "booking_id": "Belegnummer",
    "account": "Sachkonto",
    "text": "Buchungstext",
}
HEADER = "Buchungsdatum;Belegnummer;Sachkonto;Buchungstext;Betrag\n"
GOOD = HEADER + (
    "28.04.2022;B-1;501200;Entgelt 04/2022;5.844,17\n"
    "28.05.2022;B-2;501200;Entgelt 05/2022;5.844,17\n"
    '30.06.2022;B-3;542900;"Arbeitsplatz; Q2";1.616,67\n'
)


def test_decode_falls_back_to_windows_1252():
    assert imp.decode("Müller;Straße".encode("cp1252")) == ("Müller;Straße", "cp1252")
    assert imp.decode("\ufeffMüller".encode()) == ("Müller", "utf-8")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("31.12.2022", dt.date(2022, 12, 31)),
        ("01.02.22", dt.date(2022, 2, 1)),
        ("2022-03-04", dt.date(2022, 3, 4)),
    ],
)
def test_dates_in_german_and_iso_form(text, date):
    assert imp.parse_date(text) == date


def test_a_date_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match=r"31\.02\.2022"):
        imp.parse_date("31.02.2022")


def test_separator_is_recognised():
    assert imp.read_table("a,b,c\n1,2,3\n") == (["a", "b", "c"], [(2, ["1", "2", "3"])])
    assert imp.read_table("a\tb\n1\t2\n\n") == (["a", "b"], [(2, ["1", "2"])])


@pytest.mark.django_db
def test_import_maps_bookings_to_the_line_by_account_and_year(town, decision):
    line = line_of(decision, 2022)  # account 501200
    created = imp.booking_import(actor=None, municipality=town, text=GOOD, mapping=MAP)
    assert [(b.booking_id, b.amount, b.budget_line_id) for b in created] == [
        ("B-1", D("5844.17"), line.pk),
        ("B-2", D("5844.17"), line.pk),
        ("B-3", D("1616.67"), None),  # another account: unassigned
    ]
    assert created[2].text == "Arbeitsplatz; Q2"


@pytest.mark.django_db
def test_a_line_chosen_for_the_file_takes_every_row(town, decision):
    line = line_of(decision, 2022)
    created = imp.booking_import(
        actor=None, municipality=town, text=GOOD, mapping=MAP, budget_line=line
    )
    assert {b.budget_line_id for b in created} == {line.pk}


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed(town):
    text = HEADER + (
        "28.04.2022;B-1;501200;ok;100,00\n"
        "31.02.2022;B-2;501200;kein Datum;100,00\n"
        "28.05.2022;B-3;501200;kein Betrag;12,3x\n"
        "28.06.2022;B-1;501200;doppelt;100,00\n"
        "28.07.2022;;501200;ohne Beleg;100,00\n"
    )
    with pytest.raises(imp.BookingImportError) as caught:
        imp.booking_import(actor=None, municipality=town, text=text, mapping=MAP)
    assert caught.value.errors == [
        "Line 3: date 31.02.2022 is not a date",
        "Line 4: amount 12,3x is not a number",
        "Line 5: booking id B-1 already in line 2",
        "Line 6: the booking id is missing",
    ]
    assert Booking.objects.count() == 0


@pytest.mark.django_db
def test_booking_ids_imported_before_are_rejected(town):
    imp.booking_import(actor=None, municipality=town, text=GOOD, mapping=MAP)
    with pytest.raises(imp.BookingImportError) as caught:
        imp.booking_import(
            actor=None,
            municipality=town,
            text=HEADER + "28.07.2022;B-9;501200;neu;1,00\n28.07.2022;B-2;501200;alt;1,00\n",
            mapping=MAP,
        )
    assert caught.value.errors == ["Line 3: booking id B-2 was imported before"]
    assert Booking.objects.count() == 3


@pytest.mark.django_db
def test_the_same_booking_id_in_another_municipality_is_fine(town, other_town):
    imp.booking_import(actor=None, municipality=town, text=GOOD, mapping=MAP)
    imp.booking_import(actor=None, municipality=other_town, text=GOOD, mapping=MAP)
    assert Booking.objects.count() == 6


@pytest.mark.django_db
def test_mapping_must_name_existing_columns(town):
    with pytest.raises(ValidationError) as caught:
        imp.booking_import(
            actor=None,
            municipality=town,
            text=GOOD,
            mapping={"date": "Datum", "amount": "Betrag"},
        )
    assert caught.value.messages == [
        "Choose the column for Booking id.",
        "The file has no column Datum.",
    ]


@pytest.mark.django_db
def test_import_is_audited_as_creates(town, make_user):
    finance = make_user(Role.FINANCE)
    imp.booking_import(actor=finance, text=GOOD, mapping=MAP)
    assert AuditEntry.objects.filter(object_type="budget.booking", action="create").count() == 3


@pytest.mark.django_db
def test_cli_imports_a_cp1252_file(town, decision, tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + "28.04.2022;B-1;501200;Entgelt Müller;5.844,17\n").encode("cp1252"))
    call_command(
        "import_bookings",
        str(path),
        "--map",
        "date=Buchungsdatum,amount=Betrag,booking_id=Belegnummer,account=Sachkonto,text=Buchungstext",
        "--municipality",
        town.slug,
    )
    assert Booking.objects.get().text == "Entgelt Müller"
    assert "1 bookings imported (0 without a budget line)." in capsys.readouterr().out


@pytest.mark.django_db
def test_cli_lists_bad_rows_and_imports_nothing(town, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "28.04.2022;B-1;501200;x;abc\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_bookings",
            str(path),
            "--map",
            "date=Buchungsdatum,amount=Betrag,booking_id=Belegnummer",
            "--municipality",
            town.slug,
        )
    assert str(caught.value) == "Nothing imported; bad rows:\n  Line 2: amount abc is not a number"
    assert Booking.objects.count() == 0


def test_cli_map_syntax_errors_are_clear():
    from ankunft.budget.management.commands.import_bookings import parse_map  # noqa: PLC0415

    with pytest.raises(CommandError, match="colour=Farbe is not field=column"):
        parse_map("date=Datum,colour=Farbe")


@pytest.mark.django_db
def test_abandoned_uploads_are_removed_after_a_day(town, make_user):
    finance = make_user(Role.FINANCE)
    old = imp.booking_upload_create(actor=finance, filename="a.csv", raw=b"a;b;c\n")
    BookingUpload.objects.filter(pk=old.pk).update(
        uploaded_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    new = imp.booking_upload_create(actor=finance, filename="b.csv", raw=b"a;b;c\n")
    assert list(BookingUpload.objects.values_list("pk", flat=True)) == [new.pk]
