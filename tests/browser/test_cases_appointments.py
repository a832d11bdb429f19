"""Appointments in the browser: a case worker makes an appointment and books an interpreter,
the interpreter confirms it on their narrow page; the interpreter's page and the notes page
pass axe (WCAG 2.2 AA) at 360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ankunft.cases.models import BookingStatus, InterpreterBooking, InterpreterProfile
from ankunft.cases.services.notes import note_add
from ankunft.core.models import Role
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_staff_a11y import check, report
from tests.cases import factories as cf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ein-langes-passwort-2026"


def test_appointment_booking_and_confirmation(page: Page):
    town = factories.municipality(name="Duisburg", slug="duisburg")
    team = factories.team(town)
    cw = factories.user(Role.CASE_WORKER, town, team=team, username="cw", password=PASSWORD)
    interpreter = factories.user(
        Role.INTERPRETER, town, username="dolmetscherin", password=PASSWORD
    )
    InterpreterProfile.objects.create(municipality=town, user=interpreter, languages=["ar"])
    case = cf.case(town, team, cw, given="Samira", family="Haddad", interpreter_language="ar")
    note_add(cw, case, "Erstgespräch geführt.", "team")
    problems: dict[str, object] = {}

    login(page, "cw", PASSWORD)
    page.goto(f"/cases/{case.pk}/appointments/")
    page.select_option("#id_kind", "consultation")
    page.fill("#id_starts_at", "2030-03-04T10:00")
    page.fill("#id_ends_at", "2030-03-04T11:00")
    page.fill("#id_place", "Beratungsraum 2")
    page.get_by_role("button", name="Termin speichern").click()
    expect(page.get_by_role("cell", name="Beratungsraum 2")).to_be_visible()
    page.locator("tbody a").first.click()
    page.get_by_role("link", name="Sprachmittlung buchen").click()
    page.get_by_role("button", name="Sprachmittlung anfragen").click()
    expect(page.get_by_text("angefragt", exact=True)).to_be_visible()
    page.goto(f"/cases/{case.pk}/notes/")
    check(page, problems, "notes")
    page.context.clear_cookies()

    login(page, "dolmetscherin", PASSWORD)
    page.goto("/cases/bookings/")
    body = page.locator("main").inner_text()
    assert "Beratungsraum 2" in body
    assert "ar" in body
    assert case.number not in body
    assert "Haddad" not in body
    check(page, problems, "my bookings")
    page.get_by_role("button", name="Zusagen").click()
    expect(page.get_by_text("Ihre Antwort wurde gespeichert.")).to_be_visible()
    assert InterpreterBooking.objects.get().status == BookingStatus.CONFIRMED
    check(page, problems, "my bookings, answered")
    assert problems == {}, report(problems)
