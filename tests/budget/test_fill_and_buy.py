"""Filling a position with an open end; "what does this buy" with one validation for page,
API and command line, and a position created from one of its rows (issue 9)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ankunft.budget.models import Assignment, Position
from ankunft.budget.services import positions
from ankunft.budget.services.buy import buy_question
from ankunft.core.models import Role
from tests import factories
from tests.budget.conftest import position

pytestmark = pytest.mark.django_db
D = Decimal
APRIL = dt.date(2022, 4, 1)


def _ending_position(town) -> Position:
    return position(town, start=dt.date(2022, 1, 1), end=dt.date(2023, 12, 31))


def _member(town):
    return positions.staff_member_create(actor=None, municipality=town, name="Leyla Aydın")


# --- filling with an open end ---------------------------------------------------------------


def test_an_open_end_means_until_the_position_ends(town):
    p = _ending_position(town)
    a = positions.assignment_create(actor=None, position=p, staff_member=_member(town), start=APRIL)
    assert (a.start, a.end) == (APRIL, dt.date(2023, 12, 31))


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (dt.date(2021, 12, 1), None, "start", "The position begins later"),
        (dt.date(2024, 2, 1), None, "start", "The position has ended by then"),
        (APRIL, dt.date(2024, 6, 30), "end", "The position ends earlier"),
        (APRIL, dt.date(2022, 3, 1), "end", "The end lies before the start."),
    ],
)
def test_an_assignment_outside_the_period_is_refused_under_the_right_field(
    town, start, end, field, message
):
    p = _ending_position(town)
    with pytest.raises(ValidationError) as caught:
        positions.assignment_create(
            actor=None, position=p, staff_member=_member(town), start=start, end=end
        )
    assert list(caught.value.message_dict) == [field]
    assert message in caught.value.message_dict[field][0]
    assert Assignment.objects.count() == 0


def test_fill_page_with_until_left_empty_fills_the_position(client, town, make_user):
    p = _ending_position(town)
    client.force_login(make_user(Role.HEAD_OF_KI))
    url = reverse("budget:position_fill", args=[p.pk])
    page = client.get(url).content.decode()
    assert "Leer: bis die Stelle endet (31.12.2023)." in page
    response = client.post(url, {"new_name": "Leyla Aydın", "start": "2022-04-01", "end": ""})
    assert response.status_code == 302
    assert Assignment.objects.get().end == dt.date(2023, 12, 31)


def test_fill_page_shows_a_late_end_under_until(client, town, make_user):
    p = _ending_position(town)
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.post(
        reverse("budget:position_fill", args=[p.pk]),
        {"new_name": "X", "start": "2022-04-01", "end": "2024-06-30"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["end"]
    assert Assignment.objects.count() == 0


# --- one validation for page, API and command line --------------------------------------------


@pytest.mark.parametrize(
    ("amount", "year", "caseload", "fields"),
    [
        (D("1e308"), 2025, None, ["amount"]),
        (D("NaN"), 2025, None, ["amount"]),
        (D("0"), 2025, None, ["amount"]),
        (D("100.001"), 2025, None, ["amount"]),
        (D("100000"), 0, None, ["year"]),
        (D("100000"), -5, None, ["year"]),
        (D("100000"), 99999, 0, ["year", "caseload"]),
    ],
)
def test_buy_question_limits(amount, year, caseload, fields):
    with pytest.raises(ValidationError) as caught:
        buy_question(amount=amount, year=year, caseload=caseload)
    assert list(caught.value.message_dict) == fields


def test_buy_question_accepts_the_limits():
    assert buy_question(amount=D("999999999999.99"), year=2100, caseload=1000).year == 2100
    assert buy_question(amount=D("0.01"), year=1990).caseload is None


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"amount": "1e308", "year": "2025"}, "amount", "Der Betrag darf höchstens"),
        ({"amount": "100000", "year": "0"}, "year", "Das Jahr muss zwischen 1990 und 2100"),
        ({"amount": "100000", "year": "-5"}, "year", "Das Jahr muss zwischen 1990 und 2100"),
        ({"amount": "100000", "year": "99999"}, "year", "Das Jahr muss zwischen 1990 und 2100"),
    ],
)
def test_api_buy_answers_400_with_a_translated_message(client, town, query, field, message):
    client.force_login(factories.user(Role.FINANCE, town))
    response = client.get("/api/budget/buy", query, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert response.json()["detail"] == "Die Eingabe ist nicht gültig."
    assert message in " ".join(response.json()["errors"])


def test_api_buy_not_a_number_is_422(client, town):
    client.force_login(factories.user(Role.FINANCE, town))
    response = client.get("/api/budget/buy", {"amount": "viel", "year": "2025"})
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["100000", "--year", "0"], "The year must lie between 1990 and 2100."),
        (["100000", "--year", "99999"], "The year must lie between 1990 and 2100."),
        (["1000000000000"], "The amount must be at most 999,999,999,999.99 EUR."),
    ],
)
def test_cli_has_the_same_limits(town, args, message):
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        call_command("what_does_this_buy", *args, stdout=io.StringIO())


def test_buy_page_refuses_a_year_out_of_range_under_the_field(client, town, make_user):
    client.force_login(make_user(Role.FINANCE))
    response = client.get(reverse("budget:buy"), {"amount": "100000", "year": "99999"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["year"]
    assert response.context["result"] is None


# --- buy → create a position ------------------------------------------------------------------


def test_each_row_links_to_a_prefilled_position_form(client, town, make_user):
    """100,000 EUR in 2025 buy 0.94 FTE of E 9b at full cost: the link prefills grade, FTE
    and the year's first day; more than one FTE is capped at one position's 1.00."""
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.get(reverse("budget:buy"), {"amount": "100000", "year": "2025"})
    links = response.context["create_links"]
    url, fte = links["E 9b"]
    assert fte == D("0.94")
    assert url == (reverse("budget:position_create") + "?pay_grade=E+9b&fte=0.94&start=2025-01-01")
    assert f'href="{url.replace("&", "&amp;")}"' in response.content.decode()
    big = client.get(reverse("budget:buy"), {"amount": "1000000", "year": "2025"})
    assert big.context["create_links"]["E 9b"][1] == D("1.00")

    form = client.get(url).context["form"]
    assert (form.initial["pay_grade"], form.initial["fte"], form.initial["start"]) == (
        "E 9b",
        D("0.94"),
        dt.date(2025, 1, 1),
    )


def test_bad_prefill_values_are_left_out(client, town, make_user):
    client.force_login(make_user(Role.FINANCE))
    url = reverse("budget:position_create") + "?pay_grade=Z9&fte=7&start=gestern&line=x"
    assert client.get(url).context["form"].initial == {}


def test_the_htmx_result_also_has_the_links_and_only_for_editors(client, town, make_user):
    client.force_login(make_user(Role.FINANCE))
    partial = client.get(
        reverse("budget:buy"), {"amount": "100000", "year": "2025"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert partial.count('class="create-position"') >= 1
    assert "E+9b" in partial
