"""Persons and their memberships in bodies and factions, where the source publishes them.

The persons of a council are public office holders: their names and memberships are
published by the municipality itself, so they are not case data (see `data_classes.py`).
Only the fields of their office are kept — no contact data, no address, no picture. A
municipality that does not want them switches them off (`CouncilSettings.persons`): the
import then skips persons and memberships and removes those already imported, and the pages
and the API show none.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ankunft.core.tenancy import TenantModel
from ankunft.council.models.base import OParlRecord, unique_oparl_id


class CouncilSettings(TenantModel):
    """Per-municipality settings of the council module (one row, or none: the defaults)."""

    persons = models.BooleanField(
        _("import and show persons"),
        default=True,
        help_text=_(
            "Persons and memberships of bodies and factions, where the OParl source "
            "publishes them. Off: they are not imported, and those imported are removed."
        ),
    )

    class Meta:
        verbose_name = _("council settings")
        verbose_name_plural = _("council settings")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"], name="council_councilsettings_unique_municipality"
            )
        ]

    def __str__(self) -> str:
        return str(self.municipality_id)

    @classmethod
    def persons_enabled(cls, municipality_id: int) -> bool:
        """Whether the municipality imports and shows persons (on unless switched off)."""
        found = cls.objects.filter(municipality_id=municipality_id).values_list(
            "persons", flat=True
        )
        return next(iter(found), True)


class Person(OParlRecord):
    """Person: a member of the council, of a committee or a faction (a public office)."""

    name = models.CharField(_("name"), max_length=300)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    form_of_address = models.CharField(_("form of address"), max_length=100, blank=True)
    affix = models.CharField(_("affix"), max_length=100, blank=True)
    # Academic titles ("Dr.") and the offices held ("Bürgermeister"), as the source lists them.
    title = models.JSONField(_("titles"), default=list, blank=True)
    status = models.JSONField(_("status"), default=list, blank=True)

    class Meta:
        ordering = ["family_name", "name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [unique_oparl_id("council_person_unique_oparl_id")]

    def __str__(self) -> str:
        return self.name


class Membership(OParlRecord):
    """Mitgliedschaft: a person's seat in a body or faction, with its role and term."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        "council.Organization",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    voting_right = models.BooleanField(_("voting right"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # The faction a person sits for in a committee ("onBehalfOf").
    on_behalf_of = models.ForeignKey(
        "council.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )

    class Meta:
        ordering = ["organization", "person", "-start_date", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [unique_oparl_id("council_membership_unique_oparl_id")]
        indexes = [models.Index(fields=["municipality", "organization"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.organization}"
