"""Choices shared by the case models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    """As the person gives it (Geschlecht, Selbstangabe)."""

    FEMALE = "female", _("female")
    MALE = "male", _("male")
    DIVERSE = "diverse", _("diverse")
    NOT_STATED = "not_stated", _("not stated")


class Relation(models.TextChoices):
    """The person's place in the household."""

    HEAD = "head", _("head of household")
    PARTNER = "partner", _("partner or spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("sibling")
    OTHER = "other", _("other relative")


class Step(models.TextChoices):
    """The steps of case management (Fallmanagement), in order."""

    INTAKE = "intake", _("Intake and clearing")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN = "plan", _("Plan")
    IMPLEMENTATION = "implementation", _("Implementation and monitoring")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Closed")


STEP_ORDER = [s.value for s in Step]


class Outcome(models.TextChoices):
    GOALS_MET = "goals_met", _("goals met")
    PARTLY_MET = "partly_met", _("goals partly met")
    HANDED_OVER = "handed_over", _("handed over to a regular service")
    MOVED_AWAY = "moved_away", _("moved away")
    NO_CONTACT = "no_contact", _("contact broken off")
    DECLINED = "declined", _("support declined by the person")
    OTHER = "other", _("other")


class Urgency(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    ACUTE = "acute", _("acute")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACHIEVED = "achieved", _("achieved")
    PARTLY = "partly", _("partly achieved")
    NOT_ACHIEVED = "not_achieved", _("not achieved")
    DROPPED = "dropped", _("dropped")


class LegalDomain(models.TextChoices):
    """The law support falls under (Rechtskreis)."""

    AUFENTHG = "aufenthg", _("Residence Act (AufenthG)")
    ASYLBLG = "asylblg", _("Asylum Seekers' Benefits Act (AsylbLG)")
    SGB_II = "sgb2", _("SGB II (basic income support, Jobcenter)")
    SGB_III = "sgb3", _("SGB III (employment promotion)")
    SGB_VIII = "sgb8", _("SGB VIII (child and youth welfare)")
    SGB_XII = "sgb12", _("SGB XII (social assistance)")


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Case management")
    REFERRALS = "referrals", _("Sharing data with providers for referrals")
    INTERPRETING = "interpreting", _("Interpreting by the interpreter pool")
    PARTICIPATION = "participation", _("Participation in measures")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (GDPR Art. 6(1)(a), Art. 9(2)(a))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (GDPR Art. 6(1)(c))")
    PUBLIC_TASK = "public_task", _("Public task by law (GDPR Art. 6(1)(e))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (GDPR Art. 6(1)(d))")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("written")
    ORAL = "oral", _("oral, recorded")
    ELECTRONIC = "electronic", _("electronic")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")
    NO_SHOW = "no_show", _("no-show")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AppointmentKind(models.TextChoices):
    CONSULTATION = "consultation", _("consultation")
    HOME_VISIT = "home_visit", _("home visit")
    ACCOMPANIMENT = "accompaniment", _("accompaniment to an office")
    PHONE = "phone", _("phone call")
    GOAL_REVIEW = "goal_review", _("goal review")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    CONFIRMED = "confirmed", _("confirmed")
    DECLINED = "declined", _("declined")
    CANCELLED = "cancelled", _("cancelled")


class NoteLevel(models.TextChoices):
    """Who reads a note: the team, or only the assigned worker and the team lead."""

    TEAM = "team", _("team")
    CASE = "case", _("assigned worker and team lead")


class RequestKind(models.TextChoices):
    """Requests of data subjects (GDPR Art. 15–18)."""

    ACCESS = "access", _("access (Art. 15)")
    RECTIFICATION = "rectification", _("rectification (Art. 16)")
    ERASURE = "erasure", _("erasure (Art. 17)")
    RESTRICTION = "restriction", _("restriction (Art. 18)")


# Residence statuses a municipality may allow to be recorded (see CaseSettings).
class ResidenceStatus(models.TextChoices):
    EU_FREEDOM = "eu_freedom", _("EU freedom of movement (FreizügG/EU)")
    PERMIT = "permit", _("Residence permit (Aufenthaltserlaubnis)")
    SETTLEMENT = "settlement", _("Settlement permit (Niederlassungserlaubnis)")
    PERMISSION_ASYLUM = "asylum_permission", _("Permission to reside (Aufenthaltsgestattung)")
    TOLERATION = "toleration", _("Toleration (Duldung)")
    FICTION = "fiction", _("Fictional certificate (Fiktionsbescheinigung)")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection (§ 24 AufenthG)")
    VISA = "visa", _("Visa")
    CITIZEN = "citizen", _("German citizen")
    NONE = "none", _("No residence title")


# Statuses not offered by default: a record of "no title" would oblige public bodies
# other than schools to report the person to the immigration office (§ 87 AufenthG).
DEFAULT_RESIDENCE_STATUSES = [s.value for s in ResidenceStatus if s != ResidenceStatus.NONE]
