"""Budget pages: query counts and the main forms (German input). Access by role and tenant
isolation: tests/access_matrix.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ankunft.budget.bookings_import import booking_upload_create
from ankunft.budget.models import Assignment, Booking, CostRate, Position, StaffMember
from ankunft.budget.services import positions
from ankunft.core.models import AuditEntry, Role
from tests.budget.conftest import line_of, position, seed_decision

pytestmark = pytest.mark.django_db
D = Decimal
BUDGET = {Role.HEAD_OF_KI, Role.FINANCE}


def _objects(m, user=None):
    decision = seed_decision(m, reference=f"R-{m.slug}")
    line = line_of(decision, 2022)
    p = position(m, lines=[line])
    member = positions.staff_member_create(actor=None, municipality=m, name="Leyla Aydın")
    a = positions.assignment_create(
        actor=None, position=p, staff_member=member, start=dt.date(2022, 4, 1)
    )
    rate = CostRate.objects.create(
        municipality=m,
        year=2024,
        pay_grade="E 9b",
        personnel_cost_eur=D(1),
        full_cost_eur=D(2),
        source="x",
        status="own",
    )
    objs = {
        "decision": decision,
        "line": line,
        "position": p,
        "member": member,
        "assignment": a,
        "rate": rate,
        "funding": p.fundings.get(),
    }
    if user is not None and user.role in BUDGET:
        objs["upload"] = booking_upload_create(actor=user, filename="x.csv", raw=b"a;b;c\n1;2;3\n")
    return objs


@pytest.mark.parametrize(
    "case",
    [
        # session, user, the header's municipality, then the page's own queries
        ("budget:index", 5),  # decisions, lines with their spending
        ("budget:position_list", 5),  # positions, their funding sources
        ("budget:cost_rates", 4),
        # one keyset page of bookings (no count), one INSERT of the audit entries, and the
        # latest imports (to undo one)
        ("budget:booking_list", 6),
        ("budget:staff_list", 5),  # staff members, one INSERT of the audit entries
    ],
)
def test_list_views_have_a_fixed_number_of_queries(
    client, town, make_user, django_assert_num_queries, case
):
    """Ten more records do not add queries."""
    name, queries = case
    finance = make_user(Role.FINANCE)
    _objects(town)
    for i in range(10):
        position(town, title=f"P{i}")
        positions.staff_member_create(actor=None, municipality=town, name=f"S{i}")
        Booking.objects.create(
            municipality=town, booking_id=f"B{i}", date=dt.date(2022, 5, 1), amount=D(1)
        )
    client.force_login(finance)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200


def test_buy_page_shows_fte_in_german(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    body = client.get(reverse("budget:buy"), {"amount": "100.000", "year": "2025"}).content.decode()
    row = body[body.index('<tr data-grade="E 9b">') :].split("</tr>")[0]
    assert row.startswith('<tr data-grade="E 9b"><th scope="row">E 9b<br>')  # + "Stelle anlegen"
    assert '</th><td class="num">0,94</td><td class="num">1,24</td>' in row
    assert "Ausgelieferte Standardtabelle" in body  # shipped table, not yet adopted


def test_buy_page_htmx_returns_the_partial(client, town, make_user):
    client.force_login(make_user(Role.FINANCE))
    body = client.get(
        reverse("budget:buy"), {"amount": "100000", "year": "2022"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in body
    assert "Kein Satz 2022 für E 9b: der Satz von 2025 wird verwendet." in body


def test_execution_page_shows_the_unused_money_warning(client, town, decision, rates, make_user):
    p = position(town, lines=[line_of(decision, 2022)])
    member = positions.staff_member_create(actor=None, municipality=town, name="Leyla Aydın")
    positions.assignment_create(
        actor=None, position=p, staff_member=member, start=dt.date(2022, 4, 1)
    )
    client.force_login(make_user(Role.HEAD_OF_KI))
    body = client.get(reverse("budget:execution", args=[decision.pk])).content.decode()
    assert "29.608,00 EUR (30 %) des Ansatzes blieben ungenutzt." in body
    assert "01–03/2022" in body


def test_position_form_reads_german_decimals_and_links_lines(client, town, decision, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    line = line_of(decision, 2022)
    response = client.post(
        reverse("budget:position_create"),
        {
            "title": "Schulanmeldung",
            "pay_grade": "e9b",
            "fte": "0,5",
            "start": "2022-01-01",
            "status": "advertised",
            "budget_lines": [line.pk],
        },
    )
    p = Position.objects.get()
    assert response["Location"] == p.get_absolute_url()
    assert (p.pay_grade, p.fte, p.status) == ("E 9b", D("0.50"), "advertised")


def test_fill_form_creates_the_staff_member_and_the_assignment(client, town, make_user):
    p = position(town)
    head = make_user(Role.HEAD_OF_KI)
    client.force_login(head)
    client.post(
        reverse("budget:position_fill", args=[p.pk]),
        {"new_name": "Leyla Aydın", "new_personnel_number": "100471", "start": "2022-04-01"},
    )
    a = Assignment.objects.select_related("staff_member").get()
    assert (a.staff_member.name, a.start, a.fte) == ("Leyla Aydın", dt.date(2022, 4, 1), D("1.00"))
    p.refresh_from_db()
    assert p.status == "filled"


def test_fill_form_shows_the_overlap_error_next_to_the_field(client, town, make_user):
    p = position(town, fte=D("0.5"))
    client.force_login(make_user(Role.HEAD_OF_KI))
    body = client.post(
        reverse("budget:position_fill", args=[p.pk]),
        {"new_name": "X", "start": "2022-04-01", "fte": "0,75"},
    ).content.decode()
    assert "Die Besetzungen ergäben zusammen 0,75 VZÄ, mehr als die 0,50 der Stelle." in body
    assert StaffMember.objects.count() == 0  # nothing half-written


def test_booking_wizard_preview_lists_bad_rows_and_imports_nothing(client, town, make_user):
    client.force_login(make_user(Role.FINANCE))
    raw = "Datum;Beleg;Betrag\n01.02.2022;A;10,00\n31.02.2022;B;x\n".encode("cp1252")
    response = client.post(
        reverse("budget:booking_upload"), {"file": SimpleUploadedFile("e.csv", raw)}
    )
    map_url = response["Location"]
    body = client.post(
        map_url, {"date": "Datum", "amount": "Betrag", "booking_id": "Beleg", "preview": "1"}
    ).content.decode()
    assert (
        "Zeile 3, Spalte „Datum“, Wert „31.02.2022“: kein Datum "
        "(schreiben Sie 31.12.2022 oder 2022-12-31)"
    ) in body
    assert "Zeile 3, Spalte „Betrag“, Wert „x“: kein Euro-Betrag (schreiben Sie 1.234,56)" in body
    assert 'name="import"' not in body
    client.post(
        map_url, {"date": "Datum", "amount": "Betrag", "booking_id": "Beleg", "import": "1"}
    )
    assert Booking.objects.count() == 0


def test_booking_wizard_imports_a_good_file(client, town, make_user):
    client.force_login(make_user(Role.FINANCE))
    raw = b"Buchungsdatum;Belegnummer;Betrag\n01.02.2022;A;1.234,50\n"
    map_url = client.post(
        reverse("budget:booking_upload"), {"file": SimpleUploadedFile("e.csv", raw)}
    )["Location"]
    form = {
        "date": "Buchungsdatum",
        "amount": "Betrag",
        "booking_id": "Belegnummer",
        "allow_unassigned": "on",
    }
    assert (
        "1 Buchung importieren" in client.post(map_url, {**form, "preview": "1"}).content.decode()
    )
    response = client.post(map_url, {**form, "import": "1"})
    assert response["Location"] == reverse("budget:booking_list")
    assert Booking.objects.get().amount == D("1234.50")


def test_staff_list_page_is_audited(client, town, make_user):
    positions.staff_member_create(actor=None, municipality=town, name="Leyla Aydın")
    client.force_login(make_user(Role.FINANCE))
    client.get(reverse("budget:staff_list"))
    assert AuditEntry.objects.filter(object_type="budget.staffmember", action="read").count() == 1


def test_navigation_shows_budget_entries_only_to_budget_roles(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    body = client.get("/").content.decode()
    assert f'href="{reverse("budget:index")}"' in body
    assert f'href="{reverse("budget:buy")}"' in body
    client.force_login(make_user(Role.CASE_WORKER))
    assert reverse("budget:index") not in client.get("/").content.decode()
