"""The case worker's iCalendar feed at a secret address, and the page that issues it.

The feed needs no login (calendar programs cannot log in): the address is the secret. It
shows case numbers, kinds, times and places, never a name or a note."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import Appointment
from ankunft.cases.selectors import appointments as sel
from ankunft.cases.services import appointments as svc
from ankunft.core.audit import access_context, audit_many, current_context
from ankunft.core.decorators import HtmxHttpRequest, actor, permission_required
from ankunft.core.models import AuditAction


@permission_required(access.WORK)
def calendar_settings(request: HtmxHttpRequest) -> HttpResponse:
    """Create, rotate or revoke the address; a new address is shown once, right here."""
    user = actor(request)
    url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            svc.calendar_feed_revoke(actor=user)
            messages.success(request, _("The calendar address was revoked."))
        else:
            token = svc.calendar_feed_create(actor=user)
            path = reverse(
                "cases:calendar_feed",
                kwargs={"municipality": getattr(user.municipality, "slug", ""), "token": token},
            )
            url = request.build_absolute_uri(path)
    context = {"feed": sel.feed_of(user), "url": url}
    return render(request, "cases/appointments/calendar_settings.html", context)


def _event(appointment: Appointment, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"appointment-{appointment.pk}@ankunft-{appointment.municipality_id}")
    event.add("dtstamp", stamp)
    event.add("summary", f"{appointment.case.number} – {appointment.get_kind_display()}")
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    if appointment.place:
        event.add("location", appointment.place)
    event.add("status", "CANCELLED" if appointment.cancelled_at else "CONFIRMED")
    return event


@login_not_required
def calendar_feed(request: HttpRequest, municipality: str, token: str) -> HttpResponse:
    owner = sel.feed_owner(municipality, token)
    rows = sel.feed_appointments(owner)
    ctx = current_context()
    # The log must not keep the secret address: the path is recorded without the token.
    path = reverse("cases:calendar_settings")
    with access_context(
        ctx.interface, ctx.ip_address, f"{path}feed", request_id=ctx.request_id, actor=owner
    ):
        audit_many(owner, AuditAction.READ, rows, fields=sel.FEED_SHOWN)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ankunft//cases//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Appointments"))
    stamp = timezone.now()
    for appointment in rows:
        calendar.add_component(_event(appointment, stamp))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = 'inline; filename="appointments.ics"'
    return response
