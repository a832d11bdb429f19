"""Consent (Einwilligung) and the requests of data subjects."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankunft.cases.models.choices import ConsentForm, ConsentPurpose, LegalBasis, RequestKind
from ankunft.cases.models.persons import Person
from ankunft.core.tenancy import TenantModel


class Consent(TenantModel):
    """Purpose-bound consent or another recorded legal basis for processing.

    Valid from `given_on` until `valid_until` (open when empty) unless withdrawn; the
    withdrawal stops sharing at once. `scan` is an optional scanned form (an attachment).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices)
    basis_reference = models.CharField(
        _("legal reference"), max_length=200, blank=True, help_text=_("e.g. § 8 SGB VIII")
    )
    form = models.CharField(_("form"), max_length=20, choices=ConsentForm.choices)
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    scan = models.ForeignKey(
        "cases.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scanned form"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["municipality", "valid_until"], name="consent_expiry")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.get_legal_basis_display()})"

    def is_valid(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        if self.given_on > day:
            return False
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        return self.valid_until is None or self.valid_until >= day


class SubjectRequest(TenantModel):
    """A data subject's request (access, rectification, erasure, restriction), kept as
    evidence; it outlives an erased person (then only `subject_key` is left)."""

    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    subject_key = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    received_on = models.DateField(_("received on"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")

    def __str__(self) -> str:
        return self.get_kind_display()
