"""Persons and households (Personen, Haushalte) and the municipality's case settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankunft.cases.models.choices import (
    DEFAULT_RESIDENCE_STATUSES,
    Gender,
    LegalDomain,
    Relation,
    ResidenceStatus,
)
from ankunft.core.fields import EncryptedTextField
from ankunft.core.tenancy import TenantModel

RESIDENCE_HELP = _(
    "Never required. Record it only where the support needs it: public bodies other than "
    "schools must report people without a residence title to the immigration office "
    "(§ 87 AufenthG), so your municipality decides which statuses may be recorded at all."
)


def default_residence_statuses() -> list[str]:
    return list(DEFAULT_RESIDENCE_STATUSES)


class CaseSettings(TenantModel):
    """The municipality's rules for case work (one record per municipality)."""

    residence_statuses = models.JSONField(
        _("residence statuses that may be recorded"),
        default=default_residence_statuses,
        blank=True,
        help_text=RESIDENCE_HELP,
    )
    no_contact_weeks = models.PositiveSmallIntegerField(
        _("flag cases without contact after (weeks)"), default=6
    )
    consent_warning_days = models.PositiveSmallIntegerField(
        _("warn of expiring consent (days ahead)"), default=30
    )
    residence_warning_days = models.PositiveSmallIntegerField(
        _("warn of expiring residence titles (days ahead)"), default=60
    )
    retention_days = models.PositiveIntegerField(
        _("keep closed cases for (days)"),
        default=3 * 365,
        help_text=_("After this period closed cases are anonymised or deleted."),
    )

    class Meta:
        verbose_name = _("case settings")
        verbose_name_plural = _("case settings")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="casesettings_one_per_town")
        ]

    def __str__(self) -> str:
        return str(_("case settings"))

    @staticmethod
    def status_choices(allowed: list[str]) -> list[tuple[str, str]]:
        return [(s.value, str(s.label)) for s in ResidenceStatus if s.value in allowed]


class Household(TenantModel):
    """Haushalt: people who live and are supported together."""

    label = models.CharField(_("label"), max_length=200, help_text=_("e.g. family name"))
    team = models.ForeignKey(
        "core.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.label


class Person(TenantModel):
    """A newcomer. Names as in the documents (any script) and in Latin script.

    The date of birth may be partial (year, year and month) or estimated. `team` is the
    team responsible for the person (the team of their case); it carries the access rule.
    Special-category fields (GDPR Art. 9) are encrypted at rest.
    """

    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    relation = models.CharField(
        _("relation in the household"), max_length=20, choices=Relation.choices, blank=True
    )
    team = models.ForeignKey(
        "core.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    given_names = models.CharField(_("given names (Latin script)"), max_length=200)
    family_name = models.CharField(_("family name (Latin script)"), max_length=200)
    given_names_original = models.CharField(
        _("given names as in the documents"), max_length=200, blank=True
    )
    family_name_original = models.CharField(
        _("family name as in the documents"), max_length=200, blank=True
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("month of birth"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("day of birth"), null=True, blank=True)
    birth_estimated = models.BooleanField(_("date of birth estimated"), default=False)
    gender = models.CharField(
        _("gender (as given)"), max_length=20, choices=Gender.choices, blank=True
    )
    nationalities = models.JSONField(
        _("nationalities"), default=list, blank=True, help_text=_("ISO country codes")
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("ISO language codes")
    )
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(_("interpreting language"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.ForeignKey(
        "core.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    arrival_date = models.DateField(_("arrival in the city"), null=True, blank=True)
    residence_status = models.CharField(
        _("residence status"), max_length=30, blank=True, help_text=RESIDENCE_HELP
    )
    residence_valid_until = models.DateField(
        _("residence title valid until"), null=True, blank=True
    )
    # Special categories (GDPR Art. 9): only for the roles that work the case, encrypted.
    health = EncryptedTextField(_("health"), blank=True)
    disability = EncryptedTextField(_("disability"), blank=True)
    religion = EncryptedTextField(_("religion"), blank=True)
    # Data protection state
    restricted_at = models.DateTimeField(_("processing restricted since"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["family_name", "given_names"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["municipality", "team"], name="person_town_team"),
            # The search list's order (keyset pages), for a team and for the municipality;
            # name prefixes have PostgreSQL pattern indexes (migration 0004).
            models.Index(
                fields=["municipality", "team", "family_name", "given_names", "id"],
                name="person_team_name",
            ),
            models.Index(
                fields=["municipality", "family_name", "given_names", "id"], name="person_town_name"
            ),
            # The work list: residence titles expiring, next first.
            models.Index(
                fields=["municipality", "team", "residence_valid_until"],
                name="person_team_residence",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_day__isnull=True) | models.Q(birth_month__isnull=False),
                name="person_birth_day_needs_month",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_month__isnull=True) | models.Q(birth_year__isnull=False),
                name="person_birth_month_needs_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def birth(self) -> tuple[int | None, int | None, int | None]:
        return (self.birth_year, self.birth_month, self.birth_day)

    def birth_display(self) -> str:
        """ "1987", "03.1987" or "14.03.1987", with "~" when estimated."""
        y, m, d = self.birth
        if y is None:
            return ""
        text = f"{d:02d}.{m:02d}.{y}" if d and m else (f"{m:02d}.{y}" if m else str(y))
        return f"~{text}" if self.birth_estimated else text


class PersonName(TenantModel):
    """A further spelling of a person's name (another transliteration, a birth name)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="spellings")
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200)

    class Meta:
        verbose_name = _("spelling")
        verbose_name_plural = _("spellings")

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class NameKey(TenantModel):
    """A blocking key of one of a person's names: duplicates are searched by key (an index
    lookup), not by comparing every pair (see `ankunft.cases.matching`)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["municipality", "key"], name="namekey_town_key")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "person", "key"], name="namekey_unique_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.key


class LegalDomainPeriod(TenantModel):
    """Which law the person's support falls under, from when to when (Rechtskreis)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="legal_domains")
    domain = models.CharField(_("legal domain"), max_length=20, choices=LegalDomain.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["start"]
        verbose_name = _("legal domain period")
        verbose_name_plural = _("legal domain periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="legaldomain_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.get_domain_display()


class PersonMerge(TenantModel):
    """Two records of one person merged: the kept record and the id of the merged one."""

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    merged_id = models.PositiveBigIntegerField(_("merged record"))
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"
