"""Pages of appointments, interpreter bookings, notes, attachments and calendar feeds."""

from ankunft.cases.views.appointments.feed import calendar_feed, calendar_settings
from ankunft.cases.views.appointments.notes import (
    attachment_download,
    attachment_list,
    note_list,
)
from ankunft.cases.views.appointments.pages import (
    appointment_edit,
    appointment_new,
    booking_answer,
    booking_new,
    interpreter_list,
    my_bookings,
)

__all__ = [
    "appointment_edit",
    "appointment_new",
    "attachment_download",
    "attachment_list",
    "booking_answer",
    "booking_new",
    "calendar_feed",
    "calendar_settings",
    "interpreter_list",
    "my_bookings",
    "note_list",
]
