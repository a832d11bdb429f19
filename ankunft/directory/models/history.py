"""History of offers: a snapshot per change, and changes that wait for the KI's review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankunft.core.tenancy import TenantModel
from ankunft.directory.models.offers import Offer


class OfferRevision(TenantModel):
    """A snapshot of an offer (data and all texts) after a change, numbered per offer.

    Referrals keep the revision number, so a case can show what the offer said then.
    """

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    # A provider's change applied after review: the provider proposed it, `actor` approved.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    note = models.CharField(_("what changed"), max_length=200)
    data = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["offer", "-number"]
        verbose_name = _("offer revision")
        verbose_name_plural = _("offer revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "offer", "number"], name="offer_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} r{self.number}"


class ReviewedChange(TenantModel):
    """What changes waiting for the KI's review have in common (of an offer, of a
    provider's details): who proposed when, the state, who decided when and why."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed on"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        abstract = True


class OfferChange(ReviewedChange):
    """A provider's change to a published offer, waiting for the KI's review."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="changes")
    base_revision = models.PositiveIntegerField(_("based on revision"))
    data = models.JSONField(_("proposed data"))

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("change for review")
        verbose_name_plural = _("changes for review")
        indexes = [models.Index(fields=["municipality", "state"], name="offer_change_state_idx")]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.state}"


class ProviderChange(ReviewedChange):
    """A provider account's change to its organisation's details (the name and what the
    public pages show), waiting for the KI's review; the public pages keep the approved
    details until then. Decided changes are the provider's history."""

    provider = models.ForeignKey(
        "directory.Provider", on_delete=models.CASCADE, related_name="changes"
    )
    # The details as they were when proposed, and as proposed (field name → value).
    before = models.JSONField(_("details before"))
    data = models.JSONField(_("proposed details"))

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("provider change for review")
        verbose_name_plural = _("provider changes for review")
        indexes = [models.Index(fields=["municipality", "state"], name="provider_change_state_idx")]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.state}"

    def proposed(self) -> dict[str, object]:
        """The details the provider changed in its proposal (field → proposed value, JSON)."""
        return {k: v for k, v in self.data.items() if self.before.get(k) != v}
