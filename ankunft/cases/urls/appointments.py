"""URLs of the case module's appointments pages (included by `ankunft.cases.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.cases.views import appointments as v

urlpatterns: list[URLPattern] = [
    path("<int:case_pk>/appointments/", v.appointment_new, name="appointment_new"),
    path("appointments/<int:pk>/", v.appointment_edit, name="appointment_edit"),
    path("appointments/<int:appointment_pk>/book/", v.booking_new, name="booking_new"),
    path("<int:case_pk>/notes/", v.note_list, name="note_list"),
    path("<int:case_pk>/attachments/", v.attachment_list, name="attachment_list"),
    path("attachments/<int:pk>/", v.attachment_download, name="attachment_download"),
    path("interpreters/", v.interpreter_list, name="interpreter_list"),
    path("bookings/", v.my_bookings, name="my_bookings"),
    path("bookings/<int:pk>/answer/", v.booking_answer, name="booking_answer"),
    path("calendar/", v.calendar_settings, name="calendar_settings"),
    path("calendar/<slug:municipality>/<str:token>.ics", v.calendar_feed, name="calendar_feed"),
]
