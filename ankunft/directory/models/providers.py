"""Providers (Träger), who belongs to them, and the directory's settings per municipality."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankunft.core.tenancy import TenantModel

# The contact person's fields: personal data (audited when shown or changed).
PERSONAL_FIELDS = [
    "contact_person_name",
    "contact_person_phone",
    "contact_person_email",
    "contact_person_public",
    "contact_consent_date",
]


class Provider(TenantModel):
    """Träger: an organisation that runs offers.

    The organisation's own address and phone are not personal. The contact person's name,
    phone and e-mail are personal data: shown on staff pages (audited) and published only
    when the provider has consented (`contact_person_public`).
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("about the organisation"), max_length=2000, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail of the organisation"), blank=True)
    phone = models.CharField(_("phone of the organisation"), max_length=40, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    contact_person_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_person_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    contact_person_email = models.EmailField(_("contact person's e-mail"), blank=True)
    contact_person_public = models.BooleanField(
        _("contact person may be published"),
        default=False,
        help_text=_("Only with the contact person's consent."),
    )
    contact_consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="provider_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ProviderMembership(TenantModel):
    """A user account that acts for a provider (role "provider"): it sees its offers."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="members")
    # One provider per account (the constraint, with the municipality key).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user"], name="provider_membership_unique_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.provider}"


class DirectorySettings(TenantModel):
    """Settings of the directory of one municipality."""

    tile_url = models.CharField(
        _("map tile source"),
        max_length=300,
        blank=True,
        help_text=_(
            "URL template of an https tile server with {z}, {x} and {y}. Empty: no map, "
            "and no request to any other server."
        ),
    )
    tile_attribution = models.CharField(_("map attribution"), max_length=300, blank=True)
    review_interval_days = models.PositiveIntegerField(
        _("review interval (days)"),
        default=365,
        help_text=_("Offers not confirmed for this long are flagged to their provider."),
    )
    review_provider_changes = models.BooleanField(
        _("providers' changes to published offers need review"), default=True
    )

    class Meta:
        verbose_name = _("directory settings")
        verbose_name_plural = _("directory settings")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="directory_settings_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}"


def review_due_date(settings: DirectorySettings | None, today: dt.date | None = None) -> dt.date:
    """Offers last confirmed before this date are due for review."""
    days = settings.review_interval_days if settings else 365
    return (today or timezone.localdate()) - dt.timedelta(days=days)
