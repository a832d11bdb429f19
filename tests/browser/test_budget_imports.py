"""Browser, journey 2's bookings import as finance does it: a wrong file is refused in
words, a file with unknown headers is mapped, bookings without a budget line are refused
until confirmed, and the import is undone as a whole."""

from __future__ import annotations

import pytest

from ankunft.budget.models import Booking
from ankunft.core.models import Role
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_staff_a11y import check, report
from tests.budget.conftest import seed_decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
CSV = (
    "Tag;Nr;Konto;Euro\n28.04.2022;B-1;501200;5.844,17\n30.06.2022;B-2;542900;1.616,67\n"
).encode("cp1252")


def test_import_bookings_and_undo(page, tmp_path):
    town = factories.municipality(name="Duisburg")
    factories.user(Role.FINANCE, town, username="kasse", password=factories.PASSWORD)
    seed_decision(town)
    login(page, "kasse", factories.PASSWORD)
    page.goto("/budget/bookings/import/")

    # A picture is no export: said in words, nothing kept.
    picture = tmp_path / "foto.png"
    picture.write_bytes(PNG)
    page.get_by_label("Export des Finanzverfahrens (CSV oder Excel)").set_input_files(picture)
    page.get_by_role("button", name="Hochladen").click()
    assert "Die Datei ist ein Bild, keine Tabelle" in page.content()

    # Unknown headers: the page says so and the person maps the columns.
    export = tmp_path / "export.csv"
    export.write_bytes(CSV)
    page.get_by_label("Export des Finanzverfahrens (CSV oder Excel)").set_input_files(export)
    page.get_by_role("button", name="Hochladen").click()
    assert page.locator("#columns-unrecognised").is_visible()
    problems: dict[str, object] = {}
    check(page, problems, "mapping, columns unrecognised")
    page.locator("#id_date").select_option("Tag")
    page.locator("#id_amount").select_option("Euro")
    page.locator("#id_booking_id").select_option("Nr")
    page.locator("#id_account").select_option("Konto")
    page.get_by_role("button", name="Vorschau").click()
    errors = page.locator("#import-errors").inner_text()
    assert (
        "Zeile 3, Spalte „Konto“, Wert „542900“: kein Haushaltsansatz 2022 hat dieses Sachkonto"
        in errors
    )
    check(page, problems, "preview with refused rows")

    # Confirmed: both are imported, one without a line.
    page.get_by_label("Buchungen ohne Haushaltsansatz ebenfalls importieren").check()
    page.get_by_role("button", name="Vorschau").click()
    page.get_by_role("button", name="2 Buchungen importieren").click()
    assert Booking.objects.count() == 2
    assert "2 Buchungen importiert als Import Nr." in page.content()
    check(page, problems, "bookings with the latest imports")
    assert problems == {}, report(problems)

    # Undone as a whole from the bookings list.
    page.get_by_role("button", name="Rückgängig machen (2 Buchungen entfernen)").click()
    assert "rückgängig gemacht: 2 Buchungen entfernt." in page.content()
    assert Booking.objects.count() == 0
