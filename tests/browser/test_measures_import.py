"""Browser, journey 4's indicator values: the import page's own example works against the
demo data, and a picture is refused in words."""

from __future__ import annotations

from io import StringIO

import pytest

from ankunft.core import demo as core_demo
from ankunft.core.models import Role
from ankunft.measures import demo as measures_demo
from ankunft.measures.models import IndicatorValue
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pages_example_imports(page, tmp_path):
    duisburg = core_demo.load()
    measures_demo.load(duisburg, StringIO())
    factories.user(Role.HEAD_OF_KI, duisburg, username="leitung2", password=factories.PASSWORD)
    login(page, "leitung2", factories.PASSWORD)
    page.goto("/measures/indicators/import/")
    example = tmp_path / "beispiel.csv"
    example.write_text(page.locator("#import-example").inner_text(), encoding="utf-8")
    picture = tmp_path / "foto.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    page.get_by_label("CSV- oder Excel-Datei").set_input_files(picture)
    page.get_by_role("button", name="Importieren").click()
    assert "Die Datei ist ein Bild, keine Tabelle" in page.locator("#import-errors").inner_text()

    before = IndicatorValue.objects.count()
    page.get_by_label("CSV- oder Excel-Datei").set_input_files(example)
    page.get_by_role("button", name="Importieren").click()
    assert "Importiert: 3 neue Werte, 0 ersetzt." in page.content()
    assert IndicatorValue.objects.count() == before + 3
