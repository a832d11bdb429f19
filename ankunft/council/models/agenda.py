"""Agenda items, files and locations of OParl 1.1.

A meeting's agenda items (Tagesordnungspunkte) link it to the papers it dealt with: an
item treats a consultation of a paper and records the result and the resolution text. A
file belongs to a paper (main or auxiliary file), to a meeting (invitation, results
protocol, verbatim protocol, auxiliary) or to an agenda item (resolution or auxiliary
file) — in the data seen so far never to two of them; when a source does share one, each
owner kind keeps its own link.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ankunft.council.models.base import (
    OParlRecord,
    oparl_ref_field,
    unique_oparl_id,
)


class Location(OParlRecord):
    """Ort: where a meeting takes place (a room in a town hall, an address)."""

    description = models.TextField(_("description"), blank=True)
    street_address = models.CharField(_("street address"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=300, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    sub_locality = models.CharField(_("sub-locality"), max_length=200, blank=True)
    locality = models.CharField(_("locality"), max_length=200, blank=True)
    geojson = models.JSONField(_("GeoJSON"), null=True, blank=True)

    class Meta:
        ordering = ["description", "id"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [unique_oparl_id("council_location_unique_oparl_id")]

    def __str__(self) -> str:
        return self.description or self.street_address or self.oparl_id


class AgendaItem(OParlRecord):
    """Tagesordnungspunkt of a meeting; with a consultation it treats a paper."""

    meeting = models.ForeignKey(
        "council.Meeting",
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("meeting"),
    )
    number = models.CharField(_("number"), max_length=100, blank=True)
    order = models.IntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=1000, blank=True)
    public = models.BooleanField(_("public"), default=True)
    consultation = models.ForeignKey(
        "council.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("consultation"),
    )
    # The consultation's OParl id as the source gives it, also when its paper is not
    # imported (yet): a later import of the paper links the item.
    consultation_ref = oparl_ref_field(_("consultation (OParl id)"))
    result = models.CharField(_("result"), max_length=500, blank=True)
    resolution_text = models.TextField(_("resolution text"), blank=True)
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [unique_oparl_id("council_agendaitem_unique_oparl_id")]
        indexes = [models.Index(fields=["municipality", "meeting", "order"])]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip() if self.number else self.name


class File(OParlRecord):
    """Datei: an attachment of a paper, a meeting or an agenda item, with its extracted
    text where known."""

    class PaperRole(models.TextChoices):
        MAIN = "main", _("main file")
        AUXILIARY = "auxiliary", _("auxiliary file")

    class MeetingRole(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        RESULTS_PROTOCOL = "results_protocol", _("results protocol")
        VERBATIM_PROTOCOL = "verbatim_protocol", _("verbatim protocol")
        AUXILIARY = "auxiliary", _("auxiliary file")

    class AgendaItemRole(models.TextChoices):
        RESOLUTION = "resolution", _("resolution file")
        AUXILIARY = "auxiliary", _("auxiliary file")

    paper = models.ForeignKey(
        "council.Paper",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("paper"),
    )
    paper_role = models.CharField(
        _("role for the paper"), max_length=20, choices=PaperRole.choices, blank=True
    )
    meeting = models.ForeignKey(
        "council.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("meeting"),
    )
    meeting_role = models.CharField(
        _("role for the meeting"), max_length=20, choices=MeetingRole.choices, blank=True
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("agenda item"),
    )
    agenda_item_role = models.CharField(
        _("role for the agenda item"), max_length=20, choices=AgendaItemRole.choices, blank=True
    )
    name = models.CharField(_("name"), max_length=500)
    file_name = models.CharField(_("file name"), max_length=500, blank=True)
    mime_type = models.CharField(_("MIME type"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    size = models.BigIntegerField(_("size (bytes)"), null=True, blank=True)
    access_url = models.URLField(_("access URL"), max_length=1000, blank=True)
    download_url = models.URLField(_("download URL"), max_length=1000, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [unique_oparl_id("council_file_unique_oparl_id")]

    def __str__(self) -> str:
        return self.name
