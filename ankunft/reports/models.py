"""The status report to the council (Sachstandsbericht) as data.

A `Report` is one generation of the report for a scope — one decision, or all decisions
of a year — with the suppression threshold it was built with. The figures are built in a
background task (`reports.tasks`) into `content` (the document's data: every figure about
people already suppressed, see `reports.disclosure`); the HTML page and the PDF render that
content. `data_version` fingerprints the data the figures were built from: when the data
changes afterwards, the report is stale and says so. A published report is public: its
page, its CSV and JSON and its OParl `File` are reached by `public_id`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankunft.core.tenancy import TenantModel

#: Cells counting fewer persons than this are suppressed by default (official German
#: statistics suppress below 3; integration figures of small towns need more care).
DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
MAX_THRESHOLD = 50


class Report(TenantModel):
    """Sachstandsbericht: one generated status report and its state."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being built")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    decision = models.ForeignKey(
        "council.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
        help_text=_("Empty: the report covers all decisions of the year."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Empty: all years of the decision.")
    )
    threshold = models.PositiveSmallIntegerField(
        _("suppression threshold"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(MIN_THRESHOLD), MaxValueValidator(MAX_THRESHOLD)],
        help_text=_("Figures about fewer persons than this are suppressed."),
    )
    language = models.CharField(_("language"), max_length=8, default="de")
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    data_version = models.CharField(_("data version"), max_length=64, blank=True)
    content = models.JSONField(_("content"), default=dict, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    public_id = models.UUIDField(default=uuid.uuid4, editable=False)
    # Publish as soon as the build is done (the demo's report: the worker builds it).
    publish_when_done = models.BooleanField(default=False, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        indexes = [
            models.Index(fields=["municipality", "-created_at"], name="report_recent"),
            models.Index(fields=["municipality", "published_at"], name="report_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__isnull=False) | models.Q(year__isnull=False),
                name="report_decision_or_year",
            ),
            # Unique with the distribution key (the public address holds the random id only).
            models.UniqueConstraint(fields=["municipality", "public_id"], name="report_public_id"),
        ]

    def __str__(self) -> str:
        return self.title or f"{_('status report')} {self.pk}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
