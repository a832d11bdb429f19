"""The case (Fall): steps, events, needs (Bedarfe), goals (Ziele) and their reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ankunft.cases.models.choices import GoalStatus, Outcome, Step, Urgency
from ankunft.cases.models.persons import Household, Person
from ankunft.core.locking import Versioned
from ankunft.core.tenancy import TenantModel


class Case(Versioned, TenantModel):
    """Case management of one person (or of a household, through its main person).

    `number` ("2026-00042") is what calendars and lists show instead of a name. The
    consent override (`override_reason`) lets a case pass intake without consent; it
    needs its own permission and stays on the record.
    """

    number = models.CharField(_("case number"), max_length=20)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="cases", verbose_name=_("person")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("household"),
    )
    team = models.ForeignKey(
        "core.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case worker"),
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.INTAKE)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    closure_reason = models.CharField(_("reason for closing"), max_length=500, blank=True)
    override_reason = models.CharField(
        _("reason to proceed without consent"), max_length=500, blank=True
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["municipality", "team", "step"], name="case_town_team_step"),
            models.Index(fields=["municipality", "worker", "step"], name="case_town_worker_step"),
            models.Index(fields=["municipality", "closed_on"], name="case_town_closed"),
            # The work list's "no contact" items in the order it shows them (the last
            # contact, or the opening for a case without one), per team and per worker.
            models.Index(
                F("municipality"),
                F("team"),
                Coalesce("last_contact_on", "opened_on"),
                name="case_team_contact",
            ),
            models.Index(
                F("municipality"),
                F("worker"),
                Coalesce("last_contact_on", "opened_on"),
                name="case_worker_contact",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="case_unique_number")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.step == Step.CLOSED


class CaseEvent(TenantModel):
    """Something that happened in a case: a step change, a reassignment, a legal-domain
    change, a referral answer … who and when. The case's history."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("opened")
        STEP = "step", _("step changed")
        REASSIGNED = "reassigned", _("reassigned")
        REOPENED = "reopened", _("reopened")
        CLOSED = "closed", _("closed")
        OVERRIDE = "override", _("proceeded without consent")
        CONSENT = "consent", _("consent changed")
        LEGAL_DOMAIN = "legal_domain", _("legal domain changed")
        REFERRAL = "referral", _("referral")
        GOAL = "goal", _("goal")
        MERGED = "merged", _("records merged")
        CORRECTED = "corrected", _("data corrected")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_value = models.CharField(_("from"), max_length=60, blank=True)
    to_value = models.CharField(_("to"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        indexes = [models.Index(fields=["municipality", "case", "at"], name="caseevent_case_at")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Need(TenantModel):
    """A need found in the assessment (Bedarf), per field of action, with urgency."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs")
    field_of_action = models.ForeignKey(
        "measures.FieldOfAction",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("field of action"),
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return str(self.field_of_action)


class Goal(TenantModel):
    """A goal of the plan (Hilfeplan), agreed with the person, with a due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals"
    )
    title = models.CharField(_("goal"), max_length=300)
    due_on = models.DateField(_("due on"))
    agreed_on = models.DateField(_("agreed with the person on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    reviewed_on = models.DateField(_("last review"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        indexes = [models.Index(fields=["municipality", "status", "due_on"], name="goal_due")]

    def __str__(self) -> str:
        return self.title


class GoalReview(TenantModel):
    """A review of a goal: where it stands and what was said."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.reviewed_on}"
