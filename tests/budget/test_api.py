"""Budget API: the figures, access by role, tenant isolation, imports, OpenAPI."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openapi_spec_validator import validate

from ankunft.budget.models import Booking, CostRate, Position
from ankunft.budget.services import positions
from ankunft.core.models import AuditEntry, Role
from tests import factories
from tests.budget.conftest import line_of, position, seed_decision

pytestmark = pytest.mark.django_db


def _client(client, role, town):
    client.force_login(factories.user(role, None if role == Role.OPERATOR else town))
    return client


def test_openapi_document_validates_and_lists_budget_paths(client):
    spec = client.get("/api/openapi.json").json()
    validate(spec)
    assert "/api/budget/buy" in spec["paths"]
    assert "/api/budget/decisions/{decision_id}/execution" in spec["paths"]


def test_buy_answers_fte_per_grade(client, town):
    body = (
        _client(client, Role.HEAD_OF_KI, town)
        .get("/api/budget/buy", {"amount": "100000", "year": "2025", "caseload": "60"})
        .json()
    )
    e9b = next(r for r in body["rows"] if r["pay_grade"] == "E 9b")
    assert (e9b["fte_at_full_cost"], e9b["fte_at_personnel_cost"]) == ("0.94", "1.24")
    assert (e9b["newcomers_at_full_cost"], e9b["newcomers_at_personnel_cost"]) == (56, 74)
    assert (body["substituted"], body["shipped_default"]) == (False, True)


def test_buy_flags_a_substituted_year(client, town):
    body = (
        _client(client, Role.FINANCE, town)
        .get("/api/budget/buy", {"amount": "100000", "year": "2022"}, HTTP_ACCEPT_LANGUAGE="en")
        .json()
    )
    assert body["substituted"] is True
    assert body["caseload_per_fte"] == 60
    assert "No 2022 rate for E 9b: the 2025 rate is used." in body["notes"]


def test_buy_rejects_a_negative_amount(client, town):
    response = _client(client, Role.FINANCE, town).get(
        "/api/budget/buy", {"amount": "-5", "year": "2025"}
    )
    assert response.status_code == 400


def test_execution_endpoint(client, town, decision, rates):
    p = position(town, lines=[line_of(decision, 2022)])
    member = positions.staff_member_create(actor=None, municipality=town, name="X")
    positions.assignment_create(
        actor=None, position=p, staff_member=member, start=dt.date(2022, 4, 1)
    )
    body = (
        _client(client, Role.FINANCE, town)
        .get(
            f"/api/budget/decisions/{decision.pk}/execution",
            {"year": 2022, "as_of": "2026-01-01"},
        )
        .json()
    )
    [year] = body["years"]
    assert (year["planned"], year["committed"], year["forecast"]) == (
        "100000.00",
        "70392.00",
        "70392.00",
    )
    assert [w["kind"] for w in year["warnings"]] == ["unused", "vacancy"]
    assert body["reference"] == "HFA-2021/11"


BODIES = {
    "/api/budget/lines": {"year": 2024, "amount": "5000", "purpose": "Sprachmittlung"},
    "/api/budget/cost-rates": {
        "year": 2024,
        "pay_grade": "S 12",
        "personnel_cost_eur": "76000",
        "source": "Personalamt",
    },
    "/api/budget/positions": {
        "title": "Schulanmeldung",
        "pay_grade": "E 9b",
        "fte": "0.5",
        "start": "2022-01-01",
    },
    "/api/budget/staff": {"name": "Leyla Aydın"},
    "/api/budget/positions/{position}/status": {"status": "advertised", "date": "2022-01-10"},
    "/api/budget/positions/{position}/assignments": {
        "staff_member_id": "{member}",
        "start": "2022-04-01",
    },
    "/api/budget/positions/{position}/fundings": {"kind": "state_programme"},
    "/api/budget/lines/{line}": {"year": 2022, "amount": "90000", "purpose": "KI"},
    "/api/budget/cost-rates/{rate}": {
        "year": 2024,
        "pay_grade": "E 9b",
        "personnel_cost_eur": "76000",
        "source": "Personalamt",
    },
}


def _objects(m):
    decision = seed_decision(m, reference=f"R-{m.slug}")
    rate = CostRate.objects.create(
        municipality=m,
        year=2024,
        pay_grade="E 9b",
        personnel_cost_eur=Decimal(1),
        full_cost_eur=Decimal(2),
        source="x",
        status="own",
    )
    return {
        "decision": decision,
        "line": line_of(decision, 2022),
        "position": position(m),
        "member": positions.staff_member_create(actor=None, municipality=m, name="Leyla Aydın"),
        "rate": rate,
    }


def test_lists_show_only_the_own_municipality(client, town, other_town):
    _objects(town)
    _objects(other_town)
    c = _client(client, Role.FINANCE, town)
    assert len(c.get("/api/budget/lines").json()["items"]) == 2
    assert len(c.get("/api/budget/positions").json()["items"]) == 1


def test_position_create_with_lines_and_fill_via_api(client, town, decision):
    c = _client(client, Role.HEAD_OF_KI, town)
    line = line_of(decision, 2022)
    created = c.post(
        "/api/budget/positions",
        {**BODIES["/api/budget/positions"], "budget_line_ids": [line.pk]},
        content_type="application/json",
    ).json()
    assert created["fundings"][0]["budget_line_id"] == line.pk
    member = c.post(
        "/api/budget/staff", {"name": "Leyla Aydın"}, content_type="application/json"
    ).json()
    response = c.post(
        f"/api/budget/positions/{created['id']}/assignments",
        {"staff_member_id": member["id"], "start": "2022-04-01"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["fte"] == "0.50"
    assert Position.objects.get().status == "filled"
    detail = c.get(f"/api/budget/positions/{created['id']}").json()
    assert [ch["to_status"] for ch in detail["changes"]] == ["planned", "filled"]
    assert detail["costs"][0]["year"] == 2022


def test_position_on_a_line_of_another_town_is_a_documented_404(client, town, other_town):
    """A `budget_line_ids` entry the user cannot see is a 404 the document declares (found by
    the API fuzzing, tests/fuzz: the operation had no 404 in the document); nothing made."""
    foreign = line_of(seed_decision(other_town, reference="R-fremd"), 2022)
    response = _client(client, Role.HEAD_OF_KI, town).post(
        "/api/budget/positions",
        {**BODIES["/api/budget/positions"], "budget_line_ids": [foreign.pk]},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}
    assert not Position.objects.filter(municipality=town).exists()


def test_overlapping_assignment_is_400_with_the_reason(client, town):
    p = position(town, fte=Decimal("0.5"))
    c = _client(client, Role.HEAD_OF_KI, town)
    member = c.post("/api/budget/staff", {"name": "A"}, content_type="application/json").json()
    response = c.post(
        f"/api/budget/positions/{p.pk}/assignments",
        {"staff_member_id": member["id"], "start": "2022-04-01", "fte": "0.75"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "The assignments would add up to 0.75 FTE, more than the position's 0.50."
    ]


def test_staff_list_via_api_is_audited(client, town):
    positions.staff_member_create(actor=None, municipality=town, name="Leyla Aydın")
    _client(client, Role.FINANCE, town).get("/api/budget/staff")
    entry = AuditEntry.objects.get(object_type="budget.staffmember", action="read")
    assert entry.interface == "api"


def test_cost_rate_put_by_finance(client, town):
    rate = CostRate.objects.create(
        municipality=town,
        year=2024,
        pay_grade="E 9b",
        personnel_cost_eur=Decimal(1),
        full_cost_eur=Decimal(2),
        source="x",
        status="own",
    )
    response = _client(client, Role.FINANCE, town).put(
        f"/api/budget/cost-rates/{rate.pk}",
        {"year": 2024, "pay_grade": "E 9b", "personnel_cost_eur": "76000", "source": "Personalamt"},
        content_type="application/json",
    )
    assert response.json()["full_cost_eur"] == "100900.00"


def test_booking_import_via_api_all_or_nothing(client, town, decision):
    c = _client(client, Role.FINANCE, town)
    mapping = {"date": "Datum", "amount": "Betrag", "booking_id": "Beleg", "account": "Konto"}
    bad = b"Datum;Beleg;Konto;Betrag\n01.02.2022;A;501200;10,00\n01.02.2022;B;501200;zehn\n"
    response = c.post(
        "/api/budget/bookings/import",
        {**mapping, "file": SimpleUploadedFile("e.csv", bad)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "Row 3, column “Betrag”, value “zehn”: not an amount in euros (write 1.234,56)"
    ]
    assert Booking.objects.count() == 0
    good = b"Datum;Beleg;Konto;Betrag\n01.02.2022;A;501200;10,00\n01.03.2022;B;999;5,50\n"
    response = c.post(
        "/api/budget/bookings/import",
        {**mapping, "allow_unassigned": "true", "file": SimpleUploadedFile("e.csv", good)},
    )
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "import_id": body["import_id"],
        "imported": 2,
        "unassigned": 1,
        "total": "15.50",
    }


def test_booking_import_to_a_line_of_another_town_is_a_documented_404(client, town, other_town):
    """A `budget_line_id` the user cannot see is a 404 the document declares (found by the
    API fuzzing, tests/fuzz: the operation had no 404 in the document); nothing imported."""
    foreign = line_of(seed_decision(other_town, reference="R-fremd"), 2022)
    response = _client(client, Role.FINANCE, town).post(
        "/api/budget/bookings/import",
        {
            "budget_line_id": str(foreign.pk),
            "file": SimpleUploadedFile("e.csv", b"Buchungsdatum;Belegnummer;Betrag\n"),
        },
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}
    assert Booking.objects.count() == 0


def test_booking_import_is_forbidden_for_case_workers(client, town):
    response = _client(client, Role.CASE_WORKER, town).post(
        "/api/budget/bookings/import",
        {
            "date": "a",
            "amount": "b",
            "booking_id": "c",
            "file": SimpleUploadedFile("e.csv", b"a;b;c\n"),
        },
    )
    assert response.status_code == 403
