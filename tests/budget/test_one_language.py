"""One language per page: numbers in the page's language, the position history in one
language whichever language the change was made in (issue 9, "Languages mix")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from ankunft.budget.models import PositionChange
from ankunft.budget.services import positions
from ankunft.core.models import Role
from tests import factories
from tests.budget.conftest import position

pytestmark = pytest.mark.django_db


def _get(client, url, language):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.parametrize(
    ("language", "formula"),
    [("en", "personnel cost × 1.2 + 9,700 EUR"), ("de", "Personalkosten × 1,2 + 9.700 EUR")],
)
@pytest.mark.parametrize("page", ["budget:buy", "budget:cost_rates", "budget:cost_rate_create"])
def test_the_full_cost_formula_reads_in_the_pages_language(client, town, language, formula, page):
    """English: "× 1.2 + 9,700 EUR"; German: "× 1,2 + 9.700 EUR" (on the lead text of the
    buy page and the cost table, and in the help of the cost-rate form)."""
    client.force_login(factories.user(Role.FINANCE, town))
    html = _get(client, reverse(page), language)
    assert formula in html
    other = "× 1,2 + 9.700" if language == "en" else "× 1.2 + 9,700"
    assert other not in html


@pytest.mark.parametrize(
    "case",
    [
        ("en", "de", "geplant – angelegt", "created"),
        ("de", "en", "planned – created", "angelegt"),
        ("en", "en", "planned – created", "angelegt"),
        ("de", "de", "geplant – angelegt", "created"),
    ],
)
def test_the_position_history_reads_in_the_readers_language(client, town, case):
    """A position created by the command line (English) or a German page shows its history
    in the reader's language only: not "geplant – created", not "planned – angelegt"."""
    made_in, read_in, expected, foreign = case
    with translation.override(made_in):
        p = position(town, start=dt.date(2022, 1, 1), end=dt.date(2023, 12, 31))
        positions.position_end(actor=None, position=p, end=dt.date(2023, 12, 31))
    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    html = _get(client, reverse("budget:position_detail", args=[p.pk]), read_in)
    history = re.search(r'<ol class="history">(.*?)</ol>', html, re.S)
    assert history is not None
    text = history.group(1)
    assert expected in text
    assert ("Stelle endet" if read_in == "de" else "position ends") in text
    assert foreign not in text


def test_notes_stored_in_german_before_the_fix_are_translated_too(town):
    """Rows written while notes were stored translated ("angelegt") read in English."""
    p = position(town)
    change = PositionChange.objects.get(position=p)
    change.note = "angelegt"
    with translation.override("en"):
        assert change.get_note_display() == "created"
    change.note = "Stelle aus Mitteln des Landes"  # a person's own note stays as written
    with translation.override("en"):
        assert change.get_note_display() == "Stelle aus Mitteln des Landes"


@pytest.mark.parametrize(("language", "note"), [("de", "angelegt"), ("en", "created")])
def test_the_api_gives_the_history_in_the_requests_language(client, town, language, note):
    with translation.override("en" if language == "de" else "de"):
        p = position(town)
    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    detail = client.get(f"/api/budget/positions/{p.pk}", HTTP_ACCEPT_LANGUAGE=language).json()
    assert [change["note"] for change in detail["changes"]] == [note]
