"""Measures: the integration concept as data.

Fields of action (Handlungsfelder), concepts (Integrationskonzept, Masterplan Integration,
Ankunftsstadtteil Marxloh) with their measures (Maßnahmen), each measure's indicators
(Kennzahlen) with measured values, the share of each position's time that works on a
measure (staff allocation), and the structural barriers (Hürden) reported from cases that
a measure answers. Districts are `core.District`; decisions, budget lines and positions
come from the council and budget modules upstream.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ankunft.core.tenancy import TenantLinkModel, TenantModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The fields of action every municipality starts with; their labels are translated, so a
# default keeps an empty `name` and shows the label in the reader's language.
DEFAULT_FIELDS_OF_ACTION: list[tuple[str, StrOrPromise]] = [
    ("language", _("Language")),
    ("education", _("Early education and school")),
    ("work", _("Work and vocational training")),
    ("housing", _("Housing and neighbourhood")),
    ("health", _("Health")),
    ("residence", _("Residence and legal status")),
    ("social_security", _("Social security and benefits")),
    ("participation", _("Participation and living together")),
    ("anti_discrimination", _("Anti-discrimination")),
]
_DEFAULT_LABELS = dict(DEFAULT_FIELDS_OF_ACTION)


def _amount(label: StrOrPromise, **kw: Any) -> models.DecimalField[Any, Decimal]:
    """Money and measured figures: up to 12 digits before the point, two after it."""
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kw)


class FieldOfAction(TenantModel):
    """Handlungsfeld: an area of integration work (language, school, work, housing …)."""

    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(
        _("name"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty for a default field to show its translated name."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="measures_foa_unique_key")
        ]

    def __str__(self) -> str:
        if self.name:
            return self.name
        default = _DEFAULT_LABELS.get(self.key)
        return str(default) if default else self.key


class Partner(TenantModel):
    """Kooperationspartner or Träger working on a measure (a name; the directory module
    keeps the full provider records and sits downstream, so it is not referenced here)."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="measures_partner_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Concept(TenantModel):
    """Konzept: a plan that groups measures, e.g. the "Ankunftsstadtteil Marxloh" (DS 21-0220)."""

    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(
        _("paper reference"), max_length=100, blank=True, help_text=_("e.g. DS 21-0220")
    )
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "title"], name="measures_concept_unique_title"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})" if self.reference else self.title


class Measure(TenantModel):
    """Maßnahme: what the KI does, where, for whom, with whose money and staff."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        FINISHED = "finished", _("Finished")

    concept = models.ForeignKey(
        Concept, on_delete=models.PROTECT, related_name="measures", verbose_name=_("concept")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        through="MeasureFieldOfAction",
        blank=True,
        related_name="measures",
        verbose_name=_("fields of action"),
    )
    districts = models.ManyToManyField(
        "core.District",
        through="MeasureDistrict",
        blank=True,
        related_name="measures",
        verbose_name=_("districts"),
    )
    target_groups = models.CharField(
        _("target groups"),
        max_length=300,
        blank=True,
        help_text=_("e.g. newly arrived families from South-East Europe"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    partners = models.ManyToManyField(
        Partner,
        through="MeasurePartner",
        blank=True,
        related_name="measures",
        verbose_name=_("partners"),
    )
    decisions = models.ManyToManyField(
        "council.Decision",
        through="MeasureDecision",
        blank=True,
        related_name="funded_measures",
        verbose_name=_("funding decisions"),
    )
    budget_lines = models.ManyToManyField(
        "budget.BudgetLine",
        through="MeasureBudgetLine",
        blank=True,
        related_name="measures",
        verbose_name=_("budget lines"),
    )
    positions = models.ManyToManyField(
        "budget.Position",
        through="MeasurePosition",
        blank=True,
        related_name="responsible_for_measures",
        verbose_name=_("responsible positions"),
    )
    direct_costs = _amount(
        _("direct costs per year (EUR)"),
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Material and other costs besides staff."),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "concept", "title"], name="measures_measure_unique_title"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="measures_measure_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title


class StaffAllocation(TenantModel):
    """The share of a position's time that works on a measure, from a date (until a date).

    The shares of one position's allocations that overlap in time add up to at most 100 %.
    """

    position = models.ForeignKey(
        "budget.Position",
        on_delete=models.CASCADE,
        related_name="measure_allocations",
        verbose_name=_("position"),
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("measure")
    )
    percent = models.DecimalField(
        _("share of working time (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["valid_from", "id"]
        verbose_name = _("staff allocation")
        verbose_name_plural = _("staff allocations")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=100),
                name="measures_allocation_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="measures_allocation_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position_id} → {self.measure_id}: {self.percent} %"

    def active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Indicator(TenantModel):
    """Kennzahl: how a measure is judged, with a target per period."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Frequency(models.TextChoices):
        MONTH = "month", _("per month")
        QUARTER = "quarter", _("per quarter")
        YEAR = "year", _("per year")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered or imported")
        PEOPLE_REACHED = "people_reached", _("People reached (computed from participations)")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("measure")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. persons, %"))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    frequency = models.CharField(
        _("period"), max_length=10, choices=Frequency.choices, default=Frequency.MONTH
    )
    baseline = _amount(_("baseline"), null=True, blank=True)
    target = _amount(_("target per period"), null=True, blank=True)
    amber_band = models.DecimalField(
        _("amber band (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("How far from the target (in % of the target) still counts as amber."),
    )
    source = models.CharField(
        _("values"),
        max_length=20,
        choices=Source.choices,
        default=Source.MANUAL,
        help_text=_("People reached: the values are counted from the participations in cases."),
    )

    class Meta:
        ordering = ["measure_id", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "name"], name="measures_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(TenantModel):
    """A measured value of an indicator for one period (the period's first day)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("CSV import")
        COMPUTED = "computed", _("Computed from case data")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    period = models.DateField(_("period"))
    value = _amount(
        _("value"),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator_id", "period"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator", "period"], name="measures_value_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.period:%Y-%m} = {self.value}"


class Barrier(TenantModel):
    """Strukturelle Hürde: an obstacle that case workers meet again and again (anonymised),
    prioritised by the head of the KI and a steering group and answered by measures."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        PRIORITISED = "prioritised", _("Prioritised")
        ANSWERED = "answered", _("Answered by a measure")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    class Priority(models.IntegerChoices):
        HIGH = 1, _("high")
        MEDIUM = 2, _("medium")
        LOW = 3, _("low")

    class Source(models.TextChoices):
        CASE = "case", _("Reported from a case")
        DIRECT = "direct", _("Entered directly")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Anonymised: no names, no case details.")
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barriers",
        verbose_name=_("field of action"),
    )
    institution = models.CharField(
        _("institution"), max_length=200, blank=True, help_text=_("e.g. Ausländerbehörde")
    )
    district = models.ForeignKey(
        "core.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barriers",
        verbose_name=_("district"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REPORTED
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.DIRECT
    )
    reported_on = models.DateField(_("reported on"))
    measures = models.ManyToManyField(
        Measure,
        through="BarrierMeasure",
        blank=True,
        related_name="barriers",
        verbose_name=_("answered by"),
    )
    response = models.TextField(_("response"), blank=True)

    class Meta:
        ordering = [F("priority").asc(nulls_last=True), "-reported_on", "-id"]
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title


# Links of the many-to-many relations: explicit so that each row carries the municipality
# key (tables and columns are those of Django's former automatic link tables).


class MeasureFieldOfAction(TenantLinkModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    field_of_action = models.ForeignKey(
        FieldOfAction, on_delete=models.CASCADE, related_name="+", db_column="fieldofaction_id"
    )

    class Meta:
        db_table = "measures_measure_fields_of_action"
        verbose_name = _("field of action of a measure")
        verbose_name_plural = _("fields of action of measures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "field_of_action"],
                name="measures_measure_fields_of_action_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} – {self.field_of_action_id}"


class MeasureDistrict(TenantLinkModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("core.District", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "measures_measure_districts"
        verbose_name = _("district of a measure")
        verbose_name_plural = _("districts of measures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "district"],
                name="measures_measure_districts_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} – {self.district_id}"


class MeasurePartner(TenantLinkModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "measures_measure_partners"
        verbose_name = _("partner of a measure")
        verbose_name_plural = _("partners of measures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "partner"],
                name="measures_measure_partners_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} – {self.partner_id}"


class MeasureDecision(TenantLinkModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey("council.Decision", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "measures_measure_decisions"
        verbose_name = _("funding decision of a measure")
        verbose_name_plural = _("funding decisions of measures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "decision"],
                name="measures_measure_decisions_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} – {self.decision_id}"


class MeasureBudgetLine(TenantLinkModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    budget_line = models.ForeignKey(
        "budget.BudgetLine", on_delete=models.CASCADE, related_name="+", db_column="budgetline_id"
    )

    class Meta:
        db_table = "measures_measure_budget_lines"
        verbose_name = _("budget line of a measure")
        verbose_name_plural = _("budget lines of measures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "budget_line"],
                name="measures_measure_budget_lines_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} – {self.budget_line_id}"


class MeasurePosition(TenantLinkModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    position = models.ForeignKey("budget.Position", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "measures_measure_positions"
        verbose_name = _("responsible position of a measure")
        verbose_name_plural = _("responsible positions of measures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "position"],
                name="measures_measure_positions_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} – {self.position_id}"


class BarrierMeasure(TenantLinkModel):
    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "measures_barrier_measures"
        verbose_name = _("measure answering a barrier")
        verbose_name_plural = _("measures answering barriers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "barrier", "measure"],
                name="measures_barrier_measures_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.barrier_id} – {self.measure_id}"
