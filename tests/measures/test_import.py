"""CSV import of indicator values: all or nothing, every bad row named, on every interface."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from ankunft.core import demo as core_demo
from ankunft.core.models import Role
from ankunft.core.tabular import TableError
from ankunft.measures import demo as measures_demo
from ankunft.measures import indicator_import
from ankunft.measures.indicator_import import IndicatorImportError, indicator_values_import
from ankunft.measures.models import IndicatorValue
from tests.measures import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(town):
    m = builders.measure(town, "Erstanlaufstelle Marxloh")
    advised = builders.indicator(m, "Beratene pro Monat")
    share = builders.indicator(m, "Anteil eingeschult", frequency="quarter")
    return m, advised, share


GOOD = (
    "measure;indicator;period;value;note\n"
    "Erstanlaufstelle Marxloh;Beratene pro Monat;2022-04;38;\n"
    "erstanlaufstelle marxloh;beratene pro monat;05/2022;1.041,5;Sommer\n"
    "Erstanlaufstelle Marxloh;Anteil eingeschult;15.05.2022;72,5;\n"
)


def _values():
    return sorted(
        (v.indicator.name, v.period, v.value, v.source) for v in IndicatorValue.objects.all()
    )


def test_good_file_is_imported(town, world):
    result = indicator_values_import(actor=None, municipality=town, content=GOOD.encode())
    assert (result.created, result.updated) == (3, 0)
    assert _values() == [
        ("Anteil eingeschult", dt.date(2022, 4, 1), Decimal("72.50"), "import"),
        ("Beratene pro Monat", dt.date(2022, 4, 1), Decimal("38.00"), "import"),
        ("Beratene pro Monat", dt.date(2022, 5, 1), Decimal("1041.50"), "import"),
    ]


def test_german_headers_commas_and_windows_encoding(town, world):
    text = (
        "Maßnahme,Kennzahl,Zeitraum,Wert\n"
        'Erstanlaufstelle Marxloh,Beratene pro Monat,2022-06,"12,5"\n'
    )
    result = indicator_values_import(actor=None, municipality=town, content=text.encode("cp1252"))
    assert result.created == 1
    assert IndicatorValue.objects.get().value == Decimal("12.5")


def test_bad_rows_are_all_listed_and_nothing_changes(town, world):
    _m, advised, _share = world
    builders.value(advised, "2022-01", "5")
    text = (
        "measure;indicator;period;value\n"
        "Erstanlaufstelle Marxloh;Beratene pro Monat;2022-02;10\n"  # good
        "Erstanlaufstelle Marxloh;Gibt es nicht;2022-02;10\n"
        "Keine Maßnahme;Beratene pro Monat;2022-02;10\n"
        "Erstanlaufstelle Marxloh;Beratene pro Monat;2022-13;10\n"
        "Erstanlaufstelle Marxloh;Beratene pro Monat;2022-03;zehn\n"
        "\n"
        "Erstanlaufstelle Marxloh;Beratene pro Monat;02/2022;11\n"  # same month as row 2
        "Erstanlaufstelle Marxloh;Beratene pro Monat;2022-01;6\n"  # exists already
        "Erstanlaufstelle Marxloh;Beratene pro Monat;2022-04;\n"
    )
    with translation.override("en"), pytest.raises(IndicatorImportError) as info:
        indicator_values_import(actor=None, municipality=town, content=text.encode())
    assert info.value.messages == [
        "Row 3, column “indicator”, value “Gibt es nicht”: the measure “Erstanlaufstelle "
        "Marxloh” has no indicator of this name (it has: Anteil eingeschult; Beratene pro Monat)",
        "Row 4, column “measure”, value “Keine Maßnahme”: no measure of this title",
        "Row 5, column “period”, value “2022-13”: not a period "
        "(write YYYY-MM or a date such as 01.03.2022)",
        "Row 6, column “value”, value “zehn”: not a number (write 12 or 1.234,5)",
        "Row 8: the same indicator and period as row 2",
        "Row 9: a value for 01/2022 exists already (choose “replace” to overwrite it)",
        "Row 10, column “value”: the value is missing",
    ]
    assert _values() == [("Beratene pro Monat", dt.date(2022, 1, 1), Decimal("5.00"), "manual")]


def test_replace_overwrites_existing_values(town, world):
    _m, advised, _share = world
    builders.value(advised, "2022-04", "5")
    result = indicator_values_import(
        actor=None, municipality=town, content=GOOD.encode(), replace=True
    )
    assert (result.created, result.updated) == (2, 1)
    assert IndicatorValue.objects.get(
        indicator=advised, period=dt.date(2022, 4, 1)
    ).value == Decimal(38)


def test_missing_columns_and_empty_files(town, world):
    with translation.override("en"), pytest.raises(TableError) as info:
        indicator_values_import(actor=None, municipality=town, content=b"measure;value\nx;1\n")
    assert info.value.messages == [
        "The file has no column for Indicator (e.g. “Kennzahl”), Period (e.g. “Zeitraum”). "
        "Its columns are: “measure”, “value”."
    ]
    with translation.override("en"), pytest.raises(TableError, match=r"The file is empty\."):
        indicator_values_import(actor=None, municipality=town, content=b"")
    with translation.override("en"), pytest.raises(IndicatorImportError) as info:
        indicator_values_import(
            actor=None, municipality=town, content=b"measure;indicator;period;value\n"
        )
    assert info.value.messages == ["Row 1: the file has a header but no data rows"]


def test_other_towns_indicators_are_unknown(town, other_town, world):
    with pytest.raises(IndicatorImportError):
        indicator_values_import(actor=None, municipality=other_town, content=GOOD.encode())
    assert IndicatorValue.objects.count() == 0


def test_case_worker_may_not_import(town, world, make_user):
    from django.core.exceptions import PermissionDenied  # noqa: PLC0415

    with pytest.raises(PermissionDenied):
        indicator_values_import(actor=make_user(Role.CASE_WORKER), content=GOOD.encode())


def test_import_page_lists_errors_in_german(client, town, world, make_user):
    client.force_login(make_user(Role.TEAM_LEAD))
    bad = "measure;indicator;period;value\nErstanlaufstelle Marxloh;Beratene pro Monat;2022-04;x\n"
    upload = SimpleUploadedFile("werte.csv", bad.encode(), content_type="text/csv")
    response = client.post(reverse("measures:indicator_import"), {"file": upload})
    assert response.status_code == 400
    assert (
        "Zeile 2, Spalte „value“, Wert „x“: keine Zahl (schreiben Sie 12 oder 1.234,5)"
        in response.content.decode()
    )
    assert IndicatorValue.objects.count() == 0


def test_import_page_imports(client, town, world, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    upload = SimpleUploadedFile("werte.csv", GOOD.encode(), content_type="text/csv")
    response = client.post(reverse("measures:indicator_import"), {"file": upload}, follow=True)
    assert "Importiert: 3 neue Werte, 0 ersetzt." in response.content.decode()
    assert IndicatorValue.objects.count() == 3


def test_import_api(client, town, world, make_user):
    client.force_login(make_user(Role.TEAM_LEAD))
    bad = "measure;indicator;period;value\nErstanlaufstelle Marxloh;Beratene pro Monat;2022-04;x\n"
    response = client.post(
        "/api/measures/indicator-values/import",
        {"file": SimpleUploadedFile("w.csv", bad.encode())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["rows"] == [
        {
            "row": 2,
            "column": "value",
            "value": "x",
            "reason": "not a number (write 12 or 1.234,5)",
            "message": "Row 2, column “value”, value “x”: not a number (write 12 or 1.234,5)",
        }
    ]
    good = client.post(
        "/api/measures/indicator-values/import",
        {"file": SimpleUploadedFile("w.csv", GOOD.encode())},
    )
    assert good.status_code == 200
    assert good.json() == {"created": 3, "updated": 0}


def test_import_cli(town, world, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_indicator_values", str(path), "--municipality", town.slug, stdout=out)
    assert IndicatorValue.objects.count() == 3
    path.write_text(GOOD.replace("38", "drei"), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_indicator_values", str(path), "--replace", stderr=err)
    assert "2" in err.getvalue()
    assert IndicatorValue.objects.get(
        period=dt.date(2022, 4, 1), indicator__name="Beratene pro Monat"
    ).value == Decimal(38)
    with pytest.raises(CommandError):
        call_command("import_indicator_values", str(tmp_path / "missing.csv"))


def test_the_pages_example_imports_into_the_demo_data(client, make_user):
    """Before: the page's own example failed with "unknown indicator"."""
    duisburg = core_demo.load()
    measures_demo.load(duisburg, StringIO())
    client.force_login(make_user(Role.HEAD_OF_KI, duisburg))
    page = client.get(reverse("measures:indicator_import")).content.decode()
    assert f'<pre id="import-example"><code>{indicator_import.EXAMPLE}</code></pre>' in page
    before = IndicatorValue.objects.count()
    upload = SimpleUploadedFile("beispiel.csv", indicator_import.EXAMPLE.encode())
    response = client.post(reverse("measures:indicator_import"), {"file": upload}, follow=True)
    assert "Importiert: 3 neue Werte, 0 ersetzt." in response.content.decode()
    assert IndicatorValue.objects.count() == before + 3


def test_impossible_values_are_refused_with_their_reason(town, world):
    """Before: a negative count or 140 % was stored without a word."""
    _m, _advised, share = world
    share.unit = "%"
    share.save()
    text = (
        "measure;indicator;period;value\n"
        "Erstanlaufstelle Marxloh;Beratene pro Monat;2022-04;-3\n"
        "Erstanlaufstelle Marxloh;Anteil eingeschult;2022-04;140\n"
        "Erstanlaufstelle Marxloh;Anteil eingeschult;2022-07;100\n"
        "Erstanlaufstelle Marxloh;Anteil eingeschult;2022-08;12,345\n"
    )
    with translation.override("en"), pytest.raises(IndicatorImportError) as info:
        indicator_values_import(actor=None, municipality=town, content=text.encode())
    assert info.value.messages == [
        "Row 2, column “value”, value “-3”: a value of “Beratene pro Monat” cannot be negative",
        "Row 3, column “value”, value “140”: a percentage cannot be above 100",
        # Before: rounded to 12.35 by the two-place column without a word.
        "Row 5, column “value”, value “12,345”: at most two decimal places (e.g. 12.35)",
    ]
    assert IndicatorValue.objects.count() == 0


BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def test_a_binary_file_is_refused_on_the_page(client, town, world, make_user):
    """Before: HTTP 500."""
    client.force_login(make_user(Role.TEAM_LEAD))
    response = client.post(
        reverse("measures:indicator_import"),
        {"file": SimpleUploadedFile("bild.png", BINARY)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "The file is an image, not a table" in response.content.decode()
    assert IndicatorValue.objects.count() == 0


def test_a_binary_file_is_refused_by_the_api(client, town, world, make_user):
    client.force_login(make_user(Role.TEAM_LEAD))
    response = client.post(
        "/api/measures/indicator-values/import",
        {"file": SimpleUploadedFile("bild.png", BINARY)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "The file is an image, not a table: upload a CSV file or an Excel workbook (.xlsx)."
    ]


def test_a_binary_file_is_refused_by_the_cli(town, world, tmp_path):
    """Before: a traceback."""
    path = tmp_path / "bild.png"
    path.write_bytes(BINARY)
    with translation.override("en"), pytest.raises(CommandError) as info:
        call_command("import_indicator_values", str(path))
    assert str(info.value) == (
        f"{path}: The file is an image, not a table: upload a CSV file or an Excel "
        "workbook (.xlsx)."
    )


def test_cli_shows_progress_on_stderr(town, world, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text(GOOD, encoding="utf-8")
    err = StringIO()
    call_command("import_indicator_values", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().endswith("[" + "#" * 30 + "] 3/3\n")


def test_a_single_negative_value_is_refused_on_the_page_and_in_the_api(client, town, world):
    """The sibling of the import: entering one value by hand says the same reason."""
    _m, advised, _share = world
    client.force_login(builders_user(town))
    url = reverse("measures:indicator_value_add", args=[advised.pk])
    page = client.post(url, {"period": "2022-04", "value": "-2"}, HTTP_HX_REQUEST="true")
    assert "ein Wert von „Beratene pro Monat“ kann nicht negativ sein" in page.content.decode()
    api = client.post(
        f"/api/measures/indicators/{advised.pk}/values",
        {"period": "2022-04", "value": "-2"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 400
    assert api.json()["errors"] == ["a value of “Beratene pro Monat” cannot be negative"]
    assert IndicatorValue.objects.count() == 0


def builders_user(town):
    from tests import factories  # noqa: PLC0415

    return factories.user(Role.TEAM_LEAD, town)
