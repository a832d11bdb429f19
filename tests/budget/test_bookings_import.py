"""Booking import: German formats, columns, line mapping, all or nothing per file, one
import record (one audit entry, undone as a whole), and the same limits on page, API, CLI."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from ankunft.budget import bookings_import as imp
from ankunft.budget.models import Booking, BookingImport, BookingUpload
from ankunft.core.models import AuditEntry, Role
from ankunft.core.tabular import RowsRefusedError, TableError
from tests import factories
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
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BINARIES = [
    pytest.param(("image.png", PNG, "The file is an image, not a table"), id="png"),
    pytest.param(("paper.pdf", PDF, "The file is a PDF document, not a table"), id="pdf"),
    pytest.param(("archive.zip", _zip(), "The file is a ZIP archive, not a table"), id="zip"),
]


@pytest.mark.django_db
def test_import_maps_bookings_to_the_line_by_account_and_year(town, decision):
    line = line_of(decision, 2022)  # account 501200
    record = imp.booking_import(
        actor=None, municipality=town, source=GOOD, mapping=MAP, allow_unassigned=True
    )
    assert [(b.booking_id, b.amount, b.budget_line_id) for b in record.bookings.order_by("id")] == [
        ("B-1", D("5844.17"), line.pk),
        ("B-2", D("5844.17"), line.pk),
        ("B-3", D("1616.67"), None),  # another account: unassigned, as confirmed
    ]
    assert (record.rows, record.unassigned, record.total) == (3, 1, D("13305.01"))
    assert Booking.objects.get(booking_id="B-3").text == "Arbeitsplatz; Q2"


@pytest.mark.django_db
def test_usual_headers_need_no_mapping(town, decision):
    """Buchungsdatum, Betrag, Belegnummer … are found by their names."""
    record = imp.booking_import(
        actor=None, municipality=town, source=GOOD, budget_line=line_of(decision, 2022)
    )
    assert record.rows == 3


@pytest.mark.django_db
def test_a_booking_without_a_budget_line_is_refused_unless_confirmed(town, decision):
    """Before: stored silently without a line. Now refused, naming account and year."""
    with translation.override("en"), pytest.raises(RowsRefusedError) as caught:
        imp.booking_import(actor=None, municipality=town, source=GOOD, mapping=MAP)
    assert caught.value.messages == [
        "Row 4, column “Sachkonto”, value “542900”: no budget line of 2022 has this account"
    ]
    assert Booking.objects.count() == 0


@pytest.mark.django_db
def test_a_line_chosen_for_the_file_takes_every_row(town, decision):
    line = line_of(decision, 2022)
    record = imp.booking_import(
        actor=None, municipality=town, source=GOOD, mapping=MAP, budget_line=line
    )
    assert set(record.bookings.values_list("budget_line_id", flat=True)) == {line.pk}


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed(town):
    text = HEADER + (
        "28.04.2022;B-1;501200;ok;100,00\n"
        "31.02.2022;B-2;501200;kein Datum;100,00\n"
        "28.05.2022;B-3;501200;kein Betrag;12,3x\n"
        "28.06.2022;B-1;501200;doppelt;100,00\n"
        "28.07.2022;;501200;ohne Beleg;100,00\n"
    )
    with translation.override("en"), pytest.raises(RowsRefusedError) as caught:
        imp.booking_import(
            actor=None, municipality=town, source=text, mapping=MAP, allow_unassigned=True
        )
    assert caught.value.messages == [
        "Row 3, column “Buchungsdatum”, value “31.02.2022”: not a date "
        "(write 31.12.2022 or 2022-12-31)",
        "Row 4, column “Betrag”, value “12,3x”: not an amount in euros (write 1.234,56)",
        "Row 5, column “Belegnummer”, value “B-1”: the same booking id as row 2",
        "Row 6, column “Belegnummer”: the booking id is missing",
    ]
    assert Booking.objects.count() == 0


@pytest.mark.django_db
def test_booking_ids_imported_before_are_rejected(town):
    imp.booking_import(
        actor=None, municipality=town, source=GOOD, mapping=MAP, allow_unassigned=True
    )
    with translation.override("en"), pytest.raises(RowsRefusedError) as caught:
        imp.booking_import(
            actor=None,
            municipality=town,
            source=HEADER + "28.07.2022;B-9;501200;neu;1,00\n28.07.2022;B-2;501200;alt;1,00\n",
            mapping=MAP,
            allow_unassigned=True,
        )
    assert caught.value.messages == ["Row 3, column “Belegnummer”, value “B-2”: imported before"]
    assert Booking.objects.count() == 3


@pytest.mark.django_db
def test_the_same_booking_id_in_another_municipality_is_fine(town, other_town):
    for m in (town, other_town):
        imp.booking_import(
            actor=None, municipality=m, source=GOOD, mapping=MAP, allow_unassigned=True
        )
    assert Booking.objects.count() == 6


@pytest.mark.django_db
def test_mapping_must_name_existing_columns(town):
    with translation.override("en"), pytest.raises(TableError) as caught:
        imp.booking_import(
            actor=None,
            municipality=town,
            source="Datum;Betrag;Nummer\n01.01.2022;1;X\n",
            mapping={"date": "Tag", "amount": "Betrag"},
        )
    assert caught.value.messages == [
        "The file has no column “Tag”.",
        "The file has no column for Booking id (e.g. “Belegnummer”). "
        "Its columns are: “Datum”, “Betrag”, “Nummer”.",
    ]


@pytest.mark.django_db
def test_a_file_with_none_of_the_expected_columns_says_so(town):
    """Before: "This field is required." three times."""
    with translation.override("en"), pytest.raises(TableError) as caught:
        imp.booking_import(actor=None, municipality=town, source="a;b;c\n1;2;3\n")
    assert caught.value.messages == [
        "The file has none of the expected columns Date (e.g. “Buchungsdatum”), "
        "Amount (e.g. “Betrag”), Booking id (e.g. “Belegnummer”). "
        "Its columns are: “a”, “b”, “c”."
    ]


@pytest.mark.django_db
def test_an_import_writes_one_audit_entry_naming_the_fields(town, make_user, decision):
    """Before: one entry per booking (670,000 after two large imports)."""
    finance = make_user(Role.FINANCE)
    record = imp.booking_import(actor=finance, source=GOOD, mapping=MAP, allow_unassigned=True)
    entries = AuditEntry.objects.all()
    assert [(e.object_type, e.object_id, e.action) for e in entries] == [
        ("budget.bookingimport", str(record.pk), "create")
    ]
    assert sorted(entries[0].fields) == sorted(imp.AUDIT_FIELDS)


@pytest.mark.django_db
def test_an_import_is_undone_as_a_whole(town, make_user, decision):
    finance = make_user(Role.FINANCE)
    first = imp.booking_import(actor=finance, source=GOOD, mapping=MAP, allow_unassigned=True)
    other = imp.booking_import(
        actor=finance,
        source=HEADER + "01.08.2022;C-1;501200;x;1,00\n",
        mapping=MAP,
        allow_unassigned=True,
    )
    assert imp.booking_import_undo(actor=finance, record=first) == 3
    assert list(Booking.objects.values_list("booking_id", flat=True)) == ["C-1"]
    first.refresh_from_db()
    assert (first.undone_at is not None, first.undone_by, other.bookings.count()) == (
        True,
        finance,
        1,
    )
    assert AuditEntry.objects.filter(object_type="budget.bookingimport", action="delete").count()
    with translation.override("en"), pytest.raises(Exception, match="undone already"):
        imp.booking_import_undo(actor=finance, record=first)
    # the booking ids are free again
    assert imp.booking_import(actor=finance, source=GOOD, mapping=MAP, allow_unassigned=True)


@pytest.mark.django_db
def test_xlsx_is_read_like_csv(town, decision):
    raw = _xlsx(
        [
            ["Buchungsdatum", "Belegnummer", "Sachkonto", "Betrag"],
            [dt.date(2022, 4, 28), "X-1", 501200, 5844.17],
            [None, None, None, None],
            ["28.05.2022", "X-2", "501200", "1.000,50"],
        ]
    )
    record = imp.booking_import(actor=None, municipality=town, source=raw)
    assert list(record.bookings.order_by("id").values_list("date", "amount", "account")) == [
        (dt.date(2022, 4, 28), D("5844.17"), "501200"),
        (dt.date(2022, 5, 28), D("1000.50"), "501200"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("binary", BINARIES)
def test_binary_files_are_refused_by_the_service(town, binary):
    _name, raw, message = binary
    with translation.override("en"), pytest.raises(TableError, match=message):
        imp.booking_import(actor=None, municipality=town, source=raw)


@pytest.mark.django_db
@pytest.mark.parametrize("binary", BINARIES)
def test_binary_files_are_refused_on_the_page(client, town, make_user, binary):
    name, raw, message = binary
    """Before: HTTP 500. Now the upload form says what the file is; nothing is kept."""
    client.force_login(make_user(Role.FINANCE))
    response = client.post(
        reverse("budget:booking_upload"),
        {"file": SimpleUploadedFile(name, raw)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert BookingUpload.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("binary", BINARIES)
def test_binary_files_are_refused_by_the_api(client, town, binary):
    name, raw, message = binary
    client.force_login(factories.user(Role.FINANCE, town))
    response = client.post(
        "/api/budget/bookings/import",
        {"file": SimpleUploadedFile(name, raw)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert message in response.json()["errors"][0]
    assert Booking.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("binary", BINARIES)
def test_binary_files_are_refused_by_the_cli(town, tmp_path, binary):
    name, raw, message = binary
    """Before: a traceback."""
    path = tmp_path / name
    path.write_bytes(raw)
    with translation.override("en"), pytest.raises(CommandError, match=message):
        call_command("import_bookings", str(path), "--no-progress")
    assert Booking.objects.count() == 0


@pytest.mark.django_db
def test_cli_refuses_a_file_larger_than_the_page_would_take(town, tmp_path):
    """Before: the CLI took 515,098 rows and 1.4 GB of memory. The file is not even read."""
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(imp.LIMITS.max_bytes + 1)
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("import_bookings", str(path))
    assert str(caught.value) == f"{path}: The file is larger than 20 MB."


@pytest.mark.django_db
def test_cli_imports_a_cp1252_file_with_a_progress_bar(town, decision, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + "28.04.2022;B-1;501200;Entgelt Müller;5.844,17\n").encode("cp1252"))
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import_bookings", str(path), stdout=out, stderr=err)
    record = BookingImport.objects.get()
    assert Booking.objects.get().text == "Entgelt Müller"
    assert out.getvalue() == (
        f"1 bookings imported (0 without a budget line) as import {record.pk}; "
        f"undo with --undo {record.pk}.\n"
    )
    assert err.getvalue() == "\rChecking [" + "#" * 30 + "] 1/1\n"


@pytest.mark.django_db
def test_cli_lists_bad_rows_and_imports_nothing(town, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "28.04.2022;B-1;501200;x;abc\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command(
            "import_bookings",
            str(path),
            "--map",
            "date=Buchungsdatum,amount=Betrag,booking_id=Belegnummer",
            "--allow-unassigned",
            "--no-progress",
        )
    assert str(caught.value) == (
        "Nothing imported; bad rows:\n"
        "  Row 2, column “Betrag”, value “abc”: not an amount in euros (write 1.234,56)"
    )
    assert Booking.objects.count() == 0


@pytest.mark.django_db
def test_cli_undoes_an_import(town, tmp_path):
    record = imp.booking_import(
        actor=None, municipality=town, source=GOOD, mapping=MAP, allow_unassigned=True
    )
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_bookings", "--undo", str(record.pk), stdout=out)
        assert out.getvalue() == f"Import {record.pk} undone: 3 bookings removed.\n"
        assert Booking.objects.count() == 0
        with pytest.raises(CommandError, match="No import 9999 in this municipality"):
            call_command("import_bookings", "--undo", "9999")


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


# Pages ------------------------------------------------------------------------------------


def _upload(client, raw: bytes) -> str:
    response = client.post(
        reverse("budget:booking_upload"), {"file": SimpleUploadedFile("e.csv", raw)}
    )
    return response["Location"]


@pytest.mark.django_db
def test_page_explains_a_file_without_known_columns(client, town, make_user):
    client.force_login(make_user(Role.FINANCE))
    map_url = _upload(client, b"Spalte1;Spalte2;Spalte3\n01.02.2022;A;10,00\n")
    page = client.get(map_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "None of the file's columns has a name the import knows." in page
    body = client.post(map_url, {"preview": "1"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This field is required." not in body
    assert "The file has none of the expected columns Date (e.g. “Buchungsdatum”)" in body


@pytest.mark.django_db
def test_page_refuses_unassigned_bookings_until_confirmed(client, town, make_user, decision):
    client.force_login(make_user(Role.FINANCE))
    map_url = _upload(client, (HEADER + "30.06.2022;B-3;542900;x;1,00\n").encode())
    body = client.post(map_url, {**MAP, "import": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "no budget line of 2022 has this account" in body.content.decode()
    assert Booking.objects.count() == 0
    response = client.post(map_url, {**MAP, "allow_unassigned": "on", "import": "1"})
    assert response["Location"] == reverse("budget:booking_list")
    assert Booking.objects.get().budget_line is None


@pytest.mark.django_db
def test_page_undoes_an_import(client, town, make_user):
    finance = make_user(Role.FINANCE)
    record = imp.booking_import(actor=finance, source=GOOD, mapping=MAP, allow_unassigned=True)
    client.force_login(finance)
    listing = client.get(reverse("budget:booking_list")).content.decode()
    assert reverse("budget:booking_import_undo", args=[record.pk]) in listing
    response = client.post(reverse("budget:booking_import_undo", args=[record.pk]))
    assert response["Location"] == reverse("budget:booking_list")
    assert Booking.objects.count() == 0


@pytest.mark.django_db
def test_undo_of_another_municipalitys_import_is_404(client, town, other_town, make_user):
    record = imp.booking_import(
        actor=None, municipality=other_town, source=GOOD, mapping=MAP, allow_unassigned=True
    )
    client.force_login(make_user(Role.FINANCE))
    assert client.post(reverse("budget:booking_import_undo", args=[record.pk])).status_code == 404
    assert Booking.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.FINANCE, 302),
        (Role.HEAD_OF_KI, 302),
        (Role.TEAM_LEAD, 403),
        (Role.CASE_WORKER, 403),
        (Role.DPO, 403),
        (Role.PROVIDER, 403),
    ],
)
def test_undo_page_by_role(client, town, role, status):
    record = imp.booking_import(
        actor=None, municipality=town, source=GOOD, mapping=MAP, allow_unassigned=True
    )
    client.force_login(factories.user(role, town))
    assert client.post(reverse("budget:booking_import_undo", args=[record.pk])).status_code == (
        status
    )


@pytest.mark.django_db
def test_bookings_list_pages_through_all_bookings(client, town, make_user):
    """Before: only the latest 200 were shown, the rest never."""
    Booking.objects.bulk_create(
        Booking(
            municipality=town,
            booking_id=f"B{i:03}",
            date=dt.date(2022, 1, 1) + dt.timedelta(days=i),
            amount=D(1),
        )
        for i in range(250)
    )
    client.force_login(make_user(Role.FINANCE))
    url = reverse("budget:booking_list") + "?limit=100"
    pages = []
    while url and len(pages) < 10:
        context = client.get(url).context
        pages.append([b.booking_id for b in context["bookings"]])
        cursor = context["page"].next
        url = f"{reverse('budget:booking_list')}?limit=100&after={cursor}" if cursor else ""
    assert [len(p) for p in pages] == [100, 100, 50]
    assert pages[0][:2] == ["B249", "B248"]
    assert pages[-1][-1] == "B000"
    assert len({b for p in pages for b in p}) == 250
    assert AuditEntry.objects.filter(object_type="budget.booking", action="read").count() == 250


# API -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_import_refuses_unassigned_and_undoes(client, town, decision):
    client.force_login(factories.user(Role.FINANCE, town))
    raw = (HEADER + "30.06.2022;B-3;542900;x;1,00\n").encode()
    refused = client.post(
        "/api/budget/bookings/import",
        {"file": SimpleUploadedFile("e.csv", raw)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400
    assert refused.json()["rows"] == [
        {
            "row": 2,
            "column": "Sachkonto",
            "value": "542900",
            "reason": "no budget line of 2022 has this account",
            "message": "Row 2, column “Sachkonto”, value “542900”: "
            "no budget line of 2022 has this account",
        }
    ]
    created = client.post(
        "/api/budget/bookings/import",
        {"allow_unassigned": "true", "file": SimpleUploadedFile("e.csv", raw)},
    )
    assert created.status_code == 201
    import_id = created.json()["import_id"]
    undone = client.post(f"/api/budget/bookings/imports/{import_id}/undo")
    assert (undone.status_code, undone.json()) == (200, {"import_id": import_id, "removed": 1})
    again = client.post(f"/api/budget/bookings/imports/{import_id}/undo")
    assert again.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.FINANCE, 200),
        (Role.HEAD_OF_KI, 200),
        (Role.TEAM_LEAD, 403),
        (Role.CASE_WORKER, 403),
        (Role.DPO, 403),
        (Role.PROVIDER, 403),
    ],
)
def test_api_undo_by_role(client, town, role, status):
    record = imp.booking_import(
        actor=None, municipality=town, source=GOOD, mapping=MAP, allow_unassigned=True
    )
    client.force_login(factories.user(role, town))
    assert client.post(f"/api/budget/bookings/imports/{record.pk}/undo").status_code == status


@pytest.mark.django_db
def test_api_undo_of_another_municipalitys_import_is_404(client, town, other_town):
    record = imp.booking_import(
        actor=None, municipality=other_town, source=GOOD, mapping=MAP, allow_unassigned=True
    )
    client.force_login(factories.user(Role.FINANCE, town))
    assert client.post(f"/api/budget/bookings/imports/{record.pk}/undo").status_code == 404


@pytest.mark.django_db
def test_page_imports_an_excel_workbook(client, town, make_user, decision):
    """The wizard keeps the workbook's table between its steps (as JSON, not the file)."""
    client.force_login(make_user(Role.FINANCE))
    raw = _xlsx(
        [
            ["Buchungsdatum", "Belegnummer", "Sachkonto", "Betrag"],
            [dt.date(2022, 4, 28), "X-1", 501200, 5844.17],
        ]
    )
    response = client.post(
        reverse("budget:booking_upload"), {"file": SimpleUploadedFile("export.xlsx", raw)}
    )
    assert BookingUpload.objects.get().encoding == "xlsx"
    mapping = {"date": "Buchungsdatum", "amount": "Betrag", "booking_id": "Belegnummer"}
    done = client.post(response["Location"], {**mapping, "account": "Sachkonto", "import": "1"})
    assert done["Location"] == reverse("budget:booking_list")
    booking = Booking.objects.get()
    assert (booking.amount, booking.budget_line) == (D("5844.17"), line_of(decision, 2022))
    assert BookingUpload.objects.count() == 0
