"""Appointments, notes, attachments, the interpreter pool and calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankunft.cases.models.case import Case
from ankunft.cases.models.choices import AppointmentKind, BookingStatus, NoteLevel
from ankunft.core.fields import EncryptedTextField
from ankunft.core.tenancy import TenantModel


class Appointment(TenantModel):
    """A meeting in a case. Calendars show its case number and kind, never a name."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appointments")
    kind = models.CharField(_("kind"), max_length=20, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("case worker"),
    )
    attended = models.BooleanField(_("took place"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["municipality", "worker", "starts_at"], name="appt_worker_start"),
            # The work list's "appointments today" of a case worker's cases (the case's
            # worker, not the appointment's): a range of the day, not the whole town's.
            models.Index(fields=["municipality", "starts_at"], name="appt_town_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="appt_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"


class InterpreterProfile(TenantModel):
    """A community interpreter of the pool (Sprach- und Integrationsmittler): a user with
    the interpreter role and the languages they interpret."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interpreter_profiles"
    )
    languages = models.JSONField(_("languages"), default=list)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user"], name="interpreter_one_per_user"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class InterpreterBooking(TenantModel):
    """An interpreter booked for an appointment; they see time, place and language only."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="bookings")
    interpreter = models.ForeignKey(
        InterpreterProfile, on_delete=models.PROTECT, related_name="bookings"
    )
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("interpreter booking")
        verbose_name_plural = _("interpreter bookings")

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.language}"


class CalendarFeed(TenantModel):
    """A case worker's secret iCalendar address; only the token's digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user"], name="feed_one_per_user"),
            models.UniqueConstraint(fields=["municipality", "digest"], name="feed_unique_digest"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Note(TenantModel):
    """A case note (Vermerk), encrypted at rest, with a confidentiality level."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField(_("note"))
    level = models.CharField(
        _("who may read it"), max_length=10, choices=NoteLevel.choices, default=NoteLevel.TEAM
    )
    is_contact = models.BooleanField(_("records a contact with the person"), default=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"{self.case} {self.created_at:%Y-%m-%d}"


def private_storage() -> Storage:
    return storages["private"]


def attachment_path(instance: Attachment, filename: str) -> str:
    # No original file name on disk: it may carry a name of the person.
    return f"cases/{instance.municipality_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(TenantModel):
    """A file of a case (a scanned consent form, a letter), kept outside the static files
    and served only through the permission check."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    note = models.ForeignKey(
        Note, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    level = models.CharField(
        _("who may read it"), max_length=10, choices=NoteLevel.choices, default=NoteLevel.TEAM
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
