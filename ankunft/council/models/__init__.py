"""Council data, shaped after OParl 1.1: bodies, meetings, papers, files, consultations,
decisions — and the money a paper asks for (`PaperAllocation`). Agenda items, files and
locations live in `agenda.py`, persons and memberships in `people.py`, the links of the
many-to-many relations in `links.py`, the OParl id and timestamps in `base.py`.

Records imported from an OParl endpoint keep their OParl id (`oparl_id`, unique per
municipality when set) so that a second import updates instead of duplicating. Records
that the endpoint marks `deleted: true` are kept here and flagged `deleted`.
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from ankunft.core.tenancy import TenantModel
from ankunft.council.models.agenda import AgendaItem, File, Location
from ankunft.council.models.base import OPARL_ID_LENGTH, OParlRecord, OParlStamped
from ankunft.council.models.base import unique_oparl_id as _unique_oparl_id
from ankunft.council.models.links import MeetingOrganization, PaperOriginator, PaperRelation
from ankunft.council.models.people import CouncilSettings, Membership, Person

__all__ = [
    "OPARL_ID_LENGTH",
    "AgendaItem",
    "Consultation",
    "CouncilSettings",
    "Decision",
    "File",
    "Location",
    "Meeting",
    "MeetingOrganization",
    "Membership",
    "OParlSource",
    "Organization",
    "Paper",
    "PaperAllocation",
    "PaperOriginator",
    "PaperRelation",
    "Person",
    "text_fingerprint",
]


class Organization(OParlRecord):
    """Gremium or Fraktion: council, committee, district council, faction, administration."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        COMMITTEE = "committee", _("Committee")
        DISTRICT_COUNCIL = "district_council", _("District council")
        FACTION = "faction", _("Faction")
        ADMINISTRATION = "administration", _("Administration")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [_unique_oparl_id("council_organization_unique_oparl_id")]
        indexes = [models.Index(fields=["municipality", "short_name"])]

    def __str__(self) -> str:
        return self.name


# Bodies decide; factions and the administration move papers but take no decisions. An
# imported organisation of unknown kind may be a body.
DECIDING_KINDS = frozenset(
    {
        Organization.Kind.COUNCIL,
        Organization.Kind.COMMITTEE,
        Organization.Kind.DISTRICT_COUNCIL,
        Organization.Kind.OTHER,
    }
)


class Meeting(OParlRecord):
    """Sitzung of one or more bodies."""

    name = models.CharField(_("name"), max_length=500)
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    # The location as one line of text; the structured record, where known, beside it.
    location = models.TextField(_("location"), blank=True)
    location_record = models.ForeignKey(
        "council.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("location record"),
    )
    meeting_state = models.CharField(_("meeting state"), max_length=200, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    organizations = models.ManyToManyField(
        Organization,
        through="MeetingOrganization",
        blank=True,
        related_name="meetings",
        verbose_name=_("organizations"),
    )

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [_unique_oparl_id("council_meeting_unique_oparl_id")]
        indexes = [models.Index(fields=["municipality", "-start", "-id"])]

    def __str__(self) -> str:
        return self.name


class Paper(OParlRecord):
    """Drucksache: a motion (Antrag), a proposal of the administration, a question …"""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        MOTION_READER = "motion_reader", _("Motion reader")
        OPARL = "oparl", _("OParl import")

    reference = models.CharField(_("reference"), max_length=100, blank=True)
    name = models.CharField(_("title"), max_length=500)
    date = models.DateField(_("date"), null=True, blank=True)
    paper_type = models.CharField(_("paper type"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    cover = models.TextField(_("cover (Deckung)"), blank=True)
    originators = models.ManyToManyField(
        Organization,
        through="PaperOriginator",
        blank=True,
        related_name="originated_papers",
        verbose_name=_("originators"),
    )
    related_papers = models.ManyToManyField(
        "self",
        through="PaperRelation",
        through_fields=("from_paper", "to_paper"),
        symmetrical=False,
        blank=True,
        related_name="referenced_by",
        verbose_name=_("related papers"),
    )
    related_references = models.JSONField(
        _("related references"),
        default=list,
        blank=True,
        help_text=_("References of related papers that are not in the database."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    # SHA-256 of the text with its whitespace and case folded: finds a motion read twice.
    text_hash = models.CharField(_("text hash"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        constraints = [_unique_oparl_id("council_paper_unique_oparl_id")]
        indexes = [
            models.Index(fields=["municipality", "-date", "-id"]),
            models.Index(fields=["municipality", "reference"]),
            models.Index(fields=["municipality", "text_hash"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip() if self.reference else self.name


class PaperAllocation(TenantModel):
    """Money a paper asks for in one year, proposed by the reader and confirmed by a person."""

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("paper")
    )
    year = models.IntegerField(_("year"), null=True, blank=True)
    amount_eur = models.DecimalField(
        _("amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Negative for cuts."),
    )
    recurring = models.BooleanField(_("recurring"), default=False)
    kind = models.CharField(_("kind"), max_length=40, blank=True)

    class Meta:
        ordering = ["year", "id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self) -> str:
        return f"{self.year or '–'}: {self.amount_eur} EUR"


class Consultation(OParlStamped):
    """Beratung: a paper on the agenda of a body's meeting."""

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("paper")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("meeting"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    authoritative = models.BooleanField(_("authoritative"), default=False)
    result = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [_unique_oparl_id("council_consultation_unique_oparl_id")]

    def __str__(self) -> str:
        return f"{self.paper} – {self.role}"


class Decision(TenantModel):
    """Beschluss: what a body decided on a paper."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        REFERRED = "referred", _("Referred")
        PENDING = "pending", _("Pending")

    class Effect(models.TextChoices):
        """What a decision does to the budget lines of its paper (blank: nothing).

        The first adopted decision on a paper makes its allocations budget lines ("new");
        a later decision on the same paper says whether it confirms, changes or cancels them.
        """

        NEW = "new", _("makes the paper's money budget lines")
        CONFIRMS = "confirms", _("confirms the earlier decision")
        CHANGES = "changes", _("changes the amounts")
        CANCELS = "cancels", _("cancels the money")

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("paper")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("deciding body"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    resolution_text = models.TextField(_("resolution text"), blank=True)
    effect = models.CharField(
        _("effect on the budget lines"), max_length=10, choices=Effect.choices, blank=True
    )
    # For effect "changes": the adopted money per year, [{"year": 2022, "amount": "80000.00"}].
    amounts = models.JSONField(_("changed amounts"), default=list, blank=True)
    # Set when the decision was derived from an imported consultation's result, so that a
    # second import updates it instead of adding another.
    # At most one decision per consultation (the constraint, with the municipality key).
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consultation"),
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "consultation"],
                name="council_decision_unique_consultation",
            )
        ]

    def __str__(self) -> str:
        reference = self.paper.reference or self.paper.name
        return f"{reference}: {self.get_outcome_display()}"


class OParlSource(TenantModel):
    """An OParl endpoint or folder imported into a municipality, with its last sync time."""

    url = models.CharField(_("source"), max_length=1000)
    last_sync = models.DateTimeField(_("last synchronisation"), null=True, blank=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("OParl source")
        verbose_name_plural = _("OParl sources")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "url"], name="council_oparlsource_unique_url"
            )
        ]

    def __str__(self) -> str:
        return self.url


def text_fingerprint(text: str) -> str:
    """SHA-256 of a text with case and whitespace folded ("" for an empty text): the same
    motion read twice, re-wrapped or re-encoded, has the same fingerprint (`Paper.text_hash`)."""
    folded = " ".join(text.casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest() if folded else ""
