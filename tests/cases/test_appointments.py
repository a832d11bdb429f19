"""Appointments, the calendar feed and the interpreter pool."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ankunft.cases.models import Appointment, BookingStatus, InterpreterProfile, NoteLevel
from ankunft.cases.services import appointments as svc
from ankunft.cases.services.notes import note_add
from ankunft.core.models import AuditEntry, Role
from tests import factories
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_world(town):
    team = factories.team(town)
    cw = factories.user(Role.CASE_WORKER, town, team=team, username="cw")
    case = cf.case(
        town, team, cw, given="Zeynep", family="Geheimnisvoll", interpreter_language="ro"
    )
    return team, cw, case


def _at(days: int, hour: int = 10) -> dt.datetime:
    base = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + dt.timedelta(days=days)


def _appointment(cw, case, days=2, hours=1, **kw) -> Appointment:
    start = _at(days)
    return svc.appointment_create(
        actor=cw,
        case=case,
        kind=kw.pop("kind", "consultation"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        place=kw.pop("place", "Raum 2"),
        **kw,
    )


def test_end_before_start_is_refused_and_nothing_is_saved(team_world, client):
    _team, cw, case = team_world
    with pytest.raises(ValidationError) as exc:
        svc.appointment_create(
            actor=cw, case=case, kind="consultation", starts_at=_at(2), ends_at=_at(2, 9)
        )
    assert "ends_at" in exc.value.error_dict
    client.force_login(cw)
    response = client.post(
        reverse("cases:appointment_new", kwargs={"case_pk": case.pk}),
        {"kind": "consultation", "starts_at": "2030-01-10T10:00", "ends_at": "2030-01-10T09:00"},
    )
    assert response.status_code == 400
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    assert Appointment.objects.count() == 0


def test_worker_defaults_to_the_case_worker_and_attended_sets_last_contact(team_world, town):
    team, cw, case = team_world
    lead = factories.user(Role.TEAM_LEAD, town, team=team)
    past = svc.appointment_create(
        actor=lead,
        case=case,
        kind="home_visit",
        starts_at=_at(-3),
        ends_at=_at(-3, 11),
    )
    assert past.worker == cw
    case.last_contact_on = timezone.localdate() - dt.timedelta(days=20)
    case.save()
    svc.appointment_attended(actor=cw, appointment=past)
    case.refresh_from_db()
    assert case.last_contact_on == timezone.localdate(past.starts_at)
    future = _appointment(cw, case)
    with pytest.raises(ValidationError):
        svc.appointment_attended(actor=cw, appointment=future)
    svc.appointment_cancel(actor=cw, appointment=future)
    with pytest.raises(ValidationError):
        svc.appointment_update(actor=cw, appointment=future, place="anders")


def test_a_contact_note_moves_the_last_contact(team_world):
    _team, cw, case = team_world
    case.last_contact_on = timezone.localdate() - dt.timedelta(days=9)
    case.save()
    note_add(cw, case, "Kein Kontakt, nur Aktenvermerk.", NoteLevel.TEAM, is_contact=False)
    case.refresh_from_db()
    assert case.last_contact_on < timezone.localdate()
    note_add(cw, case, "Telefonat.", NoteLevel.TEAM)
    case.refresh_from_db()
    assert case.last_contact_on == timezone.localdate()


# The calendar feed ---------------------------------------------------------------------------


def _feed_url(town, token: str) -> str:
    return reverse("cases:calendar_feed", kwargs={"municipality": town.slug, "token": token})


def test_feed_shows_case_number_kind_place_and_no_names(team_world, town, client):
    _team, cw, case = team_world
    note_add(cw, case, "Geheime Notiz über die Familie.", NoteLevel.TEAM)
    shown = _appointment(cw, case, kind="home_visit", place="Weseler Str. 9")
    cancelled = _appointment(cw, case, days=5)
    svc.appointment_cancel(actor=cw, appointment=cancelled)
    old = _appointment(cw, case, days=-40)
    other_worker = factories.user(Role.CASE_WORKER, town, team=case.team)
    _appointment(cw, case, days=3, worker=other_worker)
    token = svc.calendar_feed_create(actor=cw)
    assert len(token) >= 43  # 32 random bytes
    response = client.get(_feed_url(town, token))  # no login
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    for secret in ("Zeynep", "Geheimnisvoll", "Geheime Notiz", token):
        assert secret not in body
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [
        f"appointment-{shown.pk}@ankunft-{town.pk}",
        f"appointment-{cancelled.pk}@ankunft-{town.pk}",
    ]
    first = events[0]
    assert str(first["summary"]) == f"{case.number} – Hausbesuch"
    assert str(first["location"]) == "Weseler Str. 9"
    assert first.decoded("dtstart") == shown.starts_at
    assert first.decoded("dtend") == shown.ends_at
    assert str(events[1]["status"]) == "CANCELLED"
    assert str(old.pk) not in [e["uid"].split("-")[1].split("@")[0] for e in events]
    # The read is audited as the owner, one entry per event, without the secret in the path.
    entries = AuditEntry.objects.filter(request_id=response["X-Request-ID"])
    assert sorted(int(e.object_id) for e in entries) == sorted([shown.pk, cancelled.pk])
    assert {e.actor_id for e in entries} == {cw.pk}
    assert all(token not in e.path for e in entries)
    # The same UID again on the next fetch.
    again = icalendar.Calendar.from_ical(client.get(_feed_url(town, token)).content)
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == [str(e["uid"]) for e in events]


def test_unknown_revoked_and_rotated_tokens_are_404(team_world, town, other_town, client):
    _team, cw, _case = team_world
    assert client.get(_feed_url(town, "x" * 43)).status_code == 404
    old = svc.calendar_feed_create(actor=cw)
    assert client.get(_feed_url(town, old)).status_code == 200
    assert client.get(_feed_url(other_town, old)).status_code == 404
    new = svc.calendar_feed_create(actor=cw)  # rotate
    assert client.get(_feed_url(town, old)).status_code == 404
    assert client.get(_feed_url(town, new)).status_code == 200
    svc.calendar_feed_revoke(actor=cw)
    assert client.get(_feed_url(town, new)).status_code == 404


def test_settings_page_shows_the_address_once_and_stores_only_the_digest(team_world, client):
    _team, cw, _case = team_world
    client.force_login(cw)
    url = reverse("cases:calendar_settings")
    created = client.post(url, {"action": "create"}).content.decode()
    assert 'id="feed-url"' in created
    feed = cw.calendar_feeds.get()
    token = created.split('id="feed-url">')[1].split("<")[0].rsplit("/", 1)[1][: -len(".ics")]
    assert feed.digest == svc.token_digest(token)
    assert token not in feed.digest
    assert 'id="feed-url"' not in client.get(url).content.decode()
    client.post(url, {"action": "revoke"})
    assert not cw.calendar_feeds.exists()


# The interpreter pool ------------------------------------------------------------------------


@pytest.fixture
def pool(town):
    def interpreter(name: str, languages: list[str]) -> InterpreterProfile:
        user = factories.user(Role.INTERPRETER, town, username=name)
        lead = factories.user(Role.TEAM_LEAD, town, team=factories.team(town))
        return svc.interpreter_profile_save(actor=lead, user=user, languages=languages)

    return interpreter


def test_only_free_interpreters_of_the_language_are_offered(team_world, pool, client):
    _team, cw, case = team_world
    ana, boris, _carl = pool("ana", ["ro", "de"]), pool("boris", ["ro"]), pool("carl", ["ar"])
    first = _appointment(cw, case, hours=2)
    svc.booking_create(actor=cw, appointment=first, interpreter=boris)
    overlapping = svc.appointment_create(
        actor=cw,
        case=case,
        kind="consultation",
        starts_at=first.starts_at + dt.timedelta(hours=1),
        ends_at=first.ends_at + dt.timedelta(hours=1),
    )
    client.force_login(cw)
    page = client.get(reverse("cases:booking_new", kwargs={"appointment_pk": overlapping.pk}))
    body = page.content.decode()
    assert f'value="{ana.pk}"' in body
    assert f'value="{boris.pk}"' not in body  # booked at that time
    assert "carl" not in body  # another language
    with pytest.raises(ValidationError):
        svc.booking_create(actor=cw, appointment=overlapping, interpreter=boris)
    response = client.post(
        reverse("cases:booking_new", kwargs={"appointment_pk": overlapping.pk}),
        {"interpreter": ana.pk},
    )
    assert response.status_code == 302
    assert overlapping.bookings.get().status == BookingStatus.REQUESTED


def test_interpreter_sees_only_own_bookings_and_only_three_fields(team_world, pool, client):
    _team, cw, case = team_world
    ana, boris = pool("ana", ["ro"]), pool("boris", ["ro"])
    mine = svc.booking_create(
        actor=cw, appointment=_appointment(cw, case, place="Rathaus, Raum 7"), interpreter=ana
    )
    svc.booking_create(
        actor=cw, appointment=_appointment(cw, case, days=4, place="Schule Nord"), interpreter=boris
    )
    client.force_login(ana.user)
    body = client.get(reverse("cases:my_bookings")).content.decode()
    assert "Rathaus, Raum 7" in body
    assert "Schule Nord" not in body
    for secret in (case.number, "Zeynep", "Geheimnisvoll", "Beratung"):
        assert secret not in body
    api = client.get("/api/cases/bookings").json()
    assert [set(b) for b in api] == [{"id", "starts_at", "ends_at", "place", "language", "status"}]
    assert api[0]["id"] == mine.pk
    # Another interpreter's booking: not there.
    other = boris.bookings.get()
    answer = reverse("cases:booking_answer", kwargs={"pk": other.pk})
    assert client.post(answer, {"answer": "confirm"}).status_code == 404
    assert (
        client.get(reverse("cases:appointment_new", kwargs={"case_pk": case.pk})).status_code == 403
    )


def test_confirm_and_decline_and_the_case_worker_sees_the_decline(team_world, pool, client):
    _team, cw, case = team_world
    ana = pool("ana", ["ro"])
    appointment = _appointment(cw, case)
    booking = svc.booking_create(actor=cw, appointment=appointment, interpreter=ana)
    client.force_login(ana.user)
    url = reverse("cases:booking_answer", kwargs={"pk": booking.pk})
    assert client.post(url, {"answer": "confirm"}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.answered_at
    client.post(url, {"answer": "decline"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    with pytest.raises(ValidationError):
        svc.booking_answer(actor=ana.user, booking=booking, confirm=True)
    client.force_login(cw)
    page = client.get(reverse("cases:appointment_edit", kwargs={"pk": appointment.pk}))
    assert "abgelehnt" in page.content.decode()
    # A declined booking frees the interpreter again.
    offered = client.get(reverse("cases:booking_new", kwargs={"appointment_pk": appointment.pk}))
    assert f'value="{ana.pk}"' in offered.content.decode()


def test_profiles_only_for_interpreters_of_the_municipality(town, other_town, team_world):
    lead = factories.user(Role.TEAM_LEAD, town, team=team_world[0])
    _team, cw, _case = team_world
    with pytest.raises(ValidationError):
        svc.interpreter_profile_save(actor=lead, user=cw, languages=["ro"])
    stranger = factories.user(Role.INTERPRETER, other_town)
    with pytest.raises(ValidationError):
        svc.interpreter_profile_save(actor=lead, user=stranger, languages=["ro"])
    user = factories.user(Role.INTERPRETER, town)
    with pytest.raises(ValidationError):
        svc.interpreter_profile_save(actor=lead, user=user, languages=["<script>"])


def test_api_appointments_round_trip(team_world, client):
    _team, cw, case = team_world
    client.force_login(cw)
    url = f"/api/cases/cases/{case.pk}/appointments"
    bad = client.post(
        url,
        {
            "kind": "phone",
            "starts_at": "2030-01-10T10:00:00+01:00",
            "ends_at": "2030-01-10T09:00:00+01:00",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    made = client.post(
        url,
        {
            "kind": "phone",
            "starts_at": "2030-01-10T10:00:00+01:00",
            "ends_at": "2030-01-10T10:30:00+01:00",
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    pk = made.json()["id"]
    patched = client.patch(
        f"/api/cases/appointments/{pk}", {"cancel": True}, content_type="application/json"
    )
    assert patched.json()["cancelled_at"]
    assert [a["id"] for a in client.get(url).json()] == [pk]


def test_the_apis_choices_are_the_models():
    from typing import get_args  # noqa: PLC0415

    from ankunft.cases.api import appointments as api  # noqa: PLC0415
    from ankunft.cases.models import AppointmentKind  # noqa: PLC0415

    assert set(get_args(api.Kind)) == set(AppointmentKind.values)
    assert set(get_args(api.Level)) == set(NoteLevel.values)
