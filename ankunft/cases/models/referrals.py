"""Referrals (Vermittlungen) to offers of the directory, and participation in measures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankunft.cases.models.case import Case
from ankunft.cases.models.choices import ReferralStatus
from ankunft.cases.models.persons import Person
from ankunft.core.tenancy import TenantModel

#: What a case worker may choose to share with a provider, least first.
SHAREABLE_FIELDS = (
    "given_names",
    "family_name",
    "birth_year",
    "gender",
    "languages",
    "interpreter_needed",
    "phone",
    "email",
    "district",
)


class Referral(TenantModel):
    """A hand-over to an offer. The provider sees the fields in `shared_fields`, read from
    the live record and only while the person's consent to referrals holds."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    offer = models.ForeignKey(
        "directory.Offer", on_delete=models.PROTECT, related_name="+", verbose_name=_("offer")
    )
    purpose = models.CharField(_("purpose"), max_length=500)
    shared_fields = models.JSONField(_("data shared"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_at = models.DateTimeField(_("sent"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    provider_note = models.CharField(_("provider's note"), max_length=500, blank=True)
    seen_at = models.DateTimeField(_("answer seen by the case worker"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["municipality", "offer", "status"], name="referral_offer_status")
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.offer_id}"


class ReferralNotice(TenantModel):
    """A message to the provider about shared data: corrected, erased or no longer shared
    (GDPR Art. 19), shown in the provider's inbox."""

    class Kind(models.TextChoices):
        CORRECTED = "corrected", _("data corrected")
        ERASED = "erased", _("data erased")
        WITHDRAWN = "withdrawn", _("consent withdrawn: data no longer shared")
        RESTRICTED = "restricted", _("processing restricted")

    # The notice outlives an erased referral: the provider must still learn of the erasure.
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices"
    )
    offer = models.ForeignKey("directory.Offer", on_delete=models.PROTECT, related_name="+")
    case_number = models.CharField(_("case number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Participation(TenantModel):
    """A person takes part in a measure (Teilnahme): the source of "people reached"."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.PROTECT, related_name="+", verbose_name=_("measure")
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        indexes = [
            models.Index(fields=["municipality", "measure", "started_on"], name="particip_measure")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "person", "measure", "started_on"],
                name="participation_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.measure_id}"
