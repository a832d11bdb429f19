"""Budget data: budget lines with their cover, the cost table, positions with funding and
assignments, staff members, bookings (Ist) and the per-municipality budget settings.

History is kept: positions and assignments are end-dated, never deleted, and every status
change of a position is logged (`PositionChange`).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from ankunft.budget.nkf import PlanLine, product_code_validator
from ankunft.core.locking import Versioned
from ankunft.core.tenancy import TenantModel

pay_grade_validator = RegexValidator(
    r"^[ESP] \d{1,2}[abcÜ]?$", _('A TVöD pay grade such as "E 9b", "E 10" or "S 12".')
)
year_validators = [MinValueValidator(1990), MaxValueValidator(2100)]
FTE_MAX = Decimal("1.00")


def fte_validators() -> list[MinValueValidator | MaxValueValidator]:
    # A position (Stelle) is at most one full-time equivalent; more FTE are more positions.
    return [MinValueValidator(Decimal("0.01")), MaxValueValidator(FTE_MAX)]


class CostBasis(models.TextChoices):
    FULL = "full", _("Full workplace cost (KGSt)")
    PERSONNEL = "personnel", _("Personnel cost only")


class BudgetLine(TenantModel):
    """Haushaltsansatz: money planned for one year and one purpose, with its cover."""

    year = models.IntegerField(_("budget year"), validators=year_validators)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    purpose = models.CharField(_("purpose"), max_length=500)
    product_code = models.CharField(
        _("NKF product"), max_length=6, validators=[product_code_validator]
    )
    plan_line = models.CharField(
        _("line of the Teilergebnisplan"), max_length=2, choices=PlanLine.choices
    )
    account = models.CharField(_("account (Sachkonto)"), max_length=20, blank=True)
    cost_basis = models.CharField(
        _("positions are charged at"),
        max_length=10,
        choices=CostBasis.choices,
        default=CostBasis.FULL,
    )
    decision = models.ForeignKey(
        "council.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("decision"),
    )
    # The allocation this line was made from; council replaces allocations when a paper is
    # edited, so the link may be lost (SET_NULL) without losing the line.
    allocation = models.ForeignKey(
        "council.PaperAllocation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("allocation"),
    )
    cover_text = models.TextField(_("cover (Deckung)"), blank=True)
    cover_plan_line = models.CharField(
        _("cover: line"), max_length=2, choices=PlanLine.choices, blank=True
    )
    cover_product_code = models.CharField(
        _("cover: NKF product"), max_length=6, blank=True, validators=[product_code_validator]
    )
    cover_amount = models.DecimalField(
        _("cover: amount (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["year", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        indexes = [
            models.Index(fields=["municipality", "year"]),
            models.Index(fields=["municipality", "account", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.purpose}"

    def get_absolute_url(self) -> str:
        return reverse("budget:line_detail", args=[self.pk])

    @property
    def product_area(self) -> str:
        return self.product_code[:2]

    @property
    def product_group(self) -> str:
        return self.product_code[:4]


class BudgetLineChange(TenantModel):
    """One step in a budget line's history: made from a decision, confirmed, changed or
    cancelled by a later decision on the same paper, or edited by hand."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CONFIRMED = "confirmed", _("confirmed")
        CHANGED = "changed", _("amount changed")
        CANCELLED = "cancelled", _("cancelled")
        EDITED = "edited", _("edited by hand")

    line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="changes", verbose_name=_("budget line")
    )
    decision = models.ForeignKey(
        "council.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_line_changes",
        verbose_name=_("decision"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    old_amount = models.DecimalField(
        _("previous amount (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    new_amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    changed_by = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("budget line change")
        verbose_name_plural = _("budget line changes")

    def __str__(self) -> str:
        return f"{self.line_id}: {self.action} {self.old_amount} → {self.new_amount}"


class CostRate(TenantModel):
    """One row of the cost table: annual cost of a full-time position of a grade in a year."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        OWN = "own", _("own figure")

    year = models.IntegerField(_("year"), validators=year_validators)
    pay_grade = models.CharField(_("pay grade"), max_length=8, validators=[pay_grade_validator])
    personnel_cost_eur = models.DecimalField(
        _("personnel cost (EUR a year)"), max_digits=14, decimal_places=2
    )
    full_cost_eur = models.DecimalField(
        _("full cost (EUR a year)"), max_digits=14, decimal_places=2
    )
    hourly_rate_eur = models.DecimalField(
        _("hourly rate (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["-year", "pay_grade"]
        verbose_name = _("cost rate")
        verbose_name_plural = _("cost rates")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "pay_grade"], name="budget_costrate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pay_grade} {self.year}"


class BudgetSettings(TenantModel):
    """Settings of the budget module for one municipality."""

    caseload_per_fte = models.PositiveIntegerField(
        _("cases per full-time position"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("How many newcomers' cases one full-time case worker carries."),
    )

    class Meta:
        verbose_name = _("budget settings")
        verbose_name_plural = _("budget settings")
        constraints = [models.UniqueConstraint(fields=["municipality"], name="budget_settings_one")]

    def __str__(self) -> str:
        return str(self.caseload_per_fte)


class Position(Versioned, TenantModel):
    """Stelle: a funded post with a TVöD pay grade and full-time equivalents (VZÄ)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ADVERTISED = "advertised", _("advertised")
        FILLED = "filled", _("filled")
        VACANT = "vacant", _("vacant")

    title = models.CharField(_("title"), max_length=300)
    pay_grade = models.CharField(_("pay grade"), max_length=8, validators=[pay_grade_validator])
    fte = models.DecimalField(_("FTE"), max_digits=4, decimal_places=2, validators=fte_validators())
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["start", "title", "id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [models.Index(fields=["municipality", "start"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.pay_grade}, {self.fte})"

    def get_absolute_url(self) -> str:
        return reverse("budget:position_detail", args=[self.pk])

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end lies before the start.")})


class PositionFunding(TenantModel):
    """One source that pays for a position: a budget line, a state programme, a grant.

    State programmes and grants pay first (per FTE and year, a share in percent, or a fixed
    sum a year); the municipality's own share — what is left — is charged to the budget
    lines. `share_percent` on a budget-line source splits the own share between lines of
    the same year.
    """

    class Kind(models.TextChoices):
        BUDGET_LINE = "budget_line", _("budget line")
        STATE_PROGRAMME = "state_programme", _("state programme")
        OTHER_GRANT = "other_grant", _("other grant")

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("position")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fundings",
        verbose_name=_("budget line"),
    )
    programme = models.CharField(_("programme or grant"), max_length=200, blank=True)
    year = models.IntegerField(_("only in year"), null=True, blank=True, validators=year_validators)
    share_percent = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    amount_per_fte_year = models.DecimalField(
        _("EUR per FTE and year"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fixed_amount_per_year = models.DecimalField(
        _("fixed EUR a year"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="budget_line", budget_line__isnull=False)
                | (~Q(kind="budget_line") & Q(budget_line__isnull=True)),
                name="budget_funding_line_iff_kind",
            )
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.BUDGET_LINE and self.budget_line_id:
            return str(self.budget_line)
        return self.programme or self.get_kind_display()

    def clean(self) -> None:
        if self.kind == self.Kind.BUDGET_LINE:
            if self.budget_line is None:
                raise ValidationError({"budget_line": _("Choose the budget line.")})
            if self.amount_per_fte_year is not None or self.fixed_amount_per_year is not None:
                raise ValidationError(
                    _("A budget line carries the own share: give at most a share in percent.")
                )
            return
        if self.budget_line_id is not None:
            raise ValidationError({"budget_line": _("Only budget-line sources name a line.")})
        given = [
            v
            for v in (self.share_percent, self.amount_per_fte_year, self.fixed_amount_per_year)
            if v is not None
        ]
        if len(given) != 1:
            raise ValidationError(
                _("Give exactly one of: share (%), EUR per FTE and year, fixed EUR a year.")
            )


class StaffMember(TenantModel):
    """A person who holds positions (personal data: reads and writes are audited)."""

    name = models.CharField(_("name"), max_length=200)
    personnel_number = models.CharField(_("personnel number"), max_length=40, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "personnel_number"],
                condition=~Q(personnel_number=""),
                name="budget_staff_unique_number",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(TenantModel):
    """Besetzung: a staff member holds (part of) a position from `start` to `end`."""

    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("position")
    )
    staff_member = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("staff member"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    fte = models.DecimalField(_("FTE"), max_digits=4, decimal_places=2, validators=fte_validators())

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.position_id}: {self.start}–{self.end or ''}"

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end lies before the start.")})


class PositionChange(TenantModel):
    """A logged status change of a position, with the date it took effect."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="changes", verbose_name=_("position")
    )
    date = models.DateField(_("effective"))
    from_status = models.CharField(
        _("previous status"), max_length=12, choices=Position.Status.choices, blank=True
    )
    to_status = models.CharField(_("new status"), max_length=12, choices=Position.Status.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    # Notes the application writes itself are stored as their English source text and
    # translated when shown, so that a history reads in the reader's language, whichever
    # language the page, API or command that made the change ran in.
    CREATED = gettext_noop("created")
    ENDS = gettext_noop("position ends")
    SYSTEM_NOTES = (CREATED, ENDS)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def get_note_display(self) -> str:
        """The note in the active language: the application's own notes translated (also
        those stored in German before they were kept as source text); people's notes as
        written."""
        source = self.note
        if source not in self.SYSTEM_NOTES:
            with translation.override("de"):
                stored_german = {gettext(note): note for note in self.SYSTEM_NOTES}
            source = stored_german.get(self.note, self.note)
        return gettext(source) if source in self.SYSTEM_NOTES else self.note

    def __str__(self) -> str:
        return f"{self.date}: {self.from_status or '–'} → {self.to_status}"


class BookingImport(TenantModel):
    """One import of a finance export: its bookings arrived together and can be undone
    together (the audit trail has one entry for the import, not one per booking)."""

    filename = models.CharField(_("file name"), max_length=200, blank=True)
    # One of core's `Interface` values (page, api, cli …); no choices here, so that a new
    # interface in core needs no migration of budget.
    interface = models.CharField(_("interface"), max_length=10)
    imported_by = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("bookings"))
    total = models.DecimalField(_("total (EUR)"), max_digits=14, decimal_places=2)
    unassigned = models.PositiveIntegerField(_("without a budget line"), default=0)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("booking import")
        verbose_name_plural = _("booking imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.filename}"


class Booking(TenantModel):
    """Buchung (Ist): money actually spent, from the finance system's export."""

    booking_id = models.CharField(_("booking id"), max_length=64)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    account = models.CharField(_("account or cost centre"), max_length=40, blank=True)
    text = models.CharField(_("booking text"), max_length=500, blank=True)
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("budget line"),
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    batch = models.ForeignKey(
        BookingImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("import"),
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "booking_id"], name="budget_booking_unique_id"
            )
        ]
        indexes = [models.Index(fields=["municipality", "budget_line", "date"])]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.date} {self.amount}"


class BookingUpload(TenantModel):
    """A finance export waiting for its column mapping (step 1 of the import wizard)."""

    filename = models.CharField(_("file name"), max_length=200)
    content = models.TextField(_("content"))
    encoding = models.CharField(_("encoding"), max_length=20)
    uploaded_by = models.ForeignKey(
        "core.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("booking upload")
        verbose_name_plural = _("booking uploads")

    def __str__(self) -> str:
        return self.filename
