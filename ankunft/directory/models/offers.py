"""Offers (Angebote), their texts per language, tags and opening hours."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ankunft.core.locking import Versioned
from ankunft.core.tenancy import TenantModel
from ankunft.directory.models.choices import Access, Cost, Status, TagKind
from ankunft.directory.models.providers import Provider


class Offer(Versioned, TenantModel):
    """Angebot. `uuid` is its stable public identity: referrals and URLs point at it.

    Texts live in `OfferTranslation` (one per language); every change made through the
    services is kept as an `OfferRevision`.
    """

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, db_index=True, editable=False)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="offers", verbose_name=_("provider")
    )
    district = models.ForeignKey(
        "core.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    source_language = models.CharField(_("language of the original text"), max_length=8)
    slug = models.SlugField(_("short name in the address"), max_length=80, allow_unicode=False)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    access = models.CharField(
        _("appointment"), max_length=12, choices=Access.choices, default=Access.WALK_IN
    )
    cost = models.CharField(_("cost"), max_length=8, choices=Cost.choices, default=Cost.FREE)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    last_reviewed = models.DateField(_("last confirmed as current"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug", "id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [
            models.Index(fields=["municipality", "status", "slug"], name="offer_public_idx"),
            models.Index(fields=["municipality", "provider"], name="offer_provider_idx"),
        ]
        constraints = [
            # A random UUID is unique in practice; the key makes it distributable.
            models.UniqueConstraint(fields=["municipality", "uuid"], name="offer_unique_uuid")
        ]

    def __str__(self) -> str:
        return self.slug or str(self.uuid)

    def get_absolute_url(self) -> str:
        return reverse(
            "directory:offer",
            kwargs={
                "municipality": self.municipality.slug,
                "uuid": self.uuid,
                "slug": self.slug or "offer",
            },
        )

    def tag_codes(self, kind: str) -> list[str]:
        """Codes of one kind of tag, from prefetched `tags` when available."""
        return [t.code for t in self.tags.all() if t.kind == kind]


class OfferTag(TenantModel):
    """One code of a multi-valued property: field of action, target group, language, access."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=16, choices=TagKind.choices)
    code = models.CharField(max_length=32)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "offer", "kind", "code"], name="offer_tag_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "code", "offer"], name="offer_tag_filter_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


class OfferTranslation(TenantModel):
    """The texts of an offer in one language.

    The original (`language == offer.source_language`) carries `version`, raised by each
    major change. A translation records the language and version it was made from; it is
    outdated when the original's version has moved on.
    """

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    hours_note = models.CharField(_("note on the opening hours"), max_length=300, blank=True)
    cost_note = models.CharField(_("note on the cost"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    source_language = models.CharField(_("translated from"), max_length=8, blank=True)
    source_version = models.PositiveIntegerField(_("from version"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("offer text")
        verbose_name_plural = _("offer texts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "offer", "language"], name="offer_translation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


class OpeningHours(TenantModel):
    """One opening slot of the weekly pattern (weekday 0 = Monday)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        indexes = [models.Index(fields=["weekday", "offer"], name="offer_hours_day_idx")]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens:%H:%M}-{self.closes:%H:%M}"

    @property
    def weekday_name(self) -> str:
        return str(WEEKDAYS[self.weekday])


class OpeningException(TenantModel):
    """A day that differs from the weekly pattern: closed, or open at other times."""

    class Reason(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        VACATION = "vacation", _("holidays")
        SPECIAL = "special", _("special opening hours")
        CLOSED = "closed", pgettext_lazy("opening hours", "closed")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)

    class Meta:
        ordering = ["date", "opens"]
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        indexes = [models.Index(fields=["date", "offer"], name="offer_exception_day_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"

    @property
    def closed(self) -> bool:
        return self.opens is None
