"""Stable codes of the directory: fields of action, target groups, access, cost, status.

The codes are part of the public interface (filters in URLs, open data, HSDS export), so
they never change; the labels are translated.
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


class FieldOfAction(models.TextChoices):
    """Handlungsfeld. The measures module owns a configurable model; these codes match it."""

    LANGUAGE = "language", _("Language")
    EARLY_EDUCATION_SCHOOL = "early_education_school", _("Early education and school")
    WORK_TRAINING = "work_training", _("Work and training")
    HOUSING_NEIGHBOURHOOD = "housing_neighbourhood", _("Housing and neighbourhood")
    HEALTH = "health", _("Health")
    RESIDENCE_LEGAL = "residence_legal", _("Residence and legal questions")
    SOCIAL_SECURITY = "social_security", _("Social security")
    PARTICIPATION = "participation", _("Participation")
    ANTI_DISCRIMINATION = "anti_discrimination", _("Anti-discrimination")


# "I need …": the start page speaks of needs, not of administrative fields.
NEEDS: dict[str, Promise] = {
    FieldOfAction.LANGUAGE: _("to learn German"),
    FieldOfAction.EARLY_EDUCATION_SCHOOL: _("a nursery or school place"),
    FieldOfAction.WORK_TRAINING: _("work or training"),
    FieldOfAction.HOUSING_NEIGHBOURHOOD: _("a home, help with housing"),
    FieldOfAction.HEALTH: _("a doctor, health advice"),
    FieldOfAction.RESIDENCE_LEGAL: _("advice on residence and papers"),
    FieldOfAction.SOCIAL_SECURITY: _("help with money and benefits"),
    FieldOfAction.PARTICIPATION: _("to meet people and join in"),
    FieldOfAction.ANTI_DISCRIMINATION: _("help against discrimination"),
}


class TargetGroup(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    CHILDREN = "children", _("Children")
    YOUTH = "youth", _("Young people")
    PARENTS = "parents", _("Parents and families")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    SENIORS = "seniors", _("Older people")
    REFUGEES = "refugees", _("Refugees")
    EU_CITIZENS = "eu_citizens", _("EU citizens")
    NEWCOMERS = "newcomers", _("Newcomers")


class Accessibility(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free access")
    ACCESSIBLE_TOILET = "accessible_toilet", _("Accessible toilet")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    SIGN_LANGUAGE = "sign_language", _("Sign language on request")
    EASY_LANGUAGE = "easy_language", _("Easy language")
    CHILDCARE = "childcare", _("Childcare during the offer")


class Access(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in, no appointment needed")
    APPOINTMENT = "appointment", _("Appointment needed")
    BOTH = "both", _("Walk-in or by appointment")


class Cost(models.TextChoices):
    FREE = "free", _("Free of charge")
    FEE = "fee", _("With a fee")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class TagKind(models.TextChoices):
    FIELD = "field", _("field of action")
    TARGET = "target", _("target group")
    LANGUAGE = "language", _("language")
    ACCESSIBILITY = "accessibility", _("accessibility")


# Languages in which offers are given: those spoken in arrival districts. Django knows most
# of their names in every UI language; the others are named here.
SPOKEN_LANGUAGES = [
    "de", "en", "tr", "ar", "ro", "bg", "uk", "ru", "fa", "pl", "ku", "ckb", "sq", "sr",
    "hr", "bs", "ps", "ti", "so", "fr", "es", "it", "el", "hu", "ur", "vi", "gsg",
]  # fmt: skip
_OWN_LANGUAGE_NAMES: dict[str, Promise] = {
    "ku": _("Kurdish (Kurmanji)"),
    "ps": _("Pashto"),
    "ti": _("Tigrinya"),
    "so": _("Somali"),
    "gsg": _("German Sign Language"),
    "ckb": _("Central Kurdish (Sorani)"),
}


def language_name(code: str) -> str:
    """The name of a language in the active UI language (e.g. "ar" → "Arabisch")."""
    if code in _OWN_LANGUAGE_NAMES:
        return str(_OWN_LANGUAGE_NAMES[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def language_local_name(code: str) -> str:
    """The name of a language in itself (for the language menu: "العربيّة")."""
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return language_name(code)


def spoken_language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in SPOKEN_LANGUAGES]


TAG_CHOICES: dict[str, type[models.TextChoices]] = {
    TagKind.FIELD: FieldOfAction,
    TagKind.TARGET: TargetGroup,
    TagKind.ACCESSIBILITY: Accessibility,
}


def tag_label(kind: str, code: str) -> str:
    if kind == TagKind.LANGUAGE:
        return language_name(code)
    choices = TAG_CHOICES.get(kind)
    if choices is None:
        return code
    try:
        return str(choices(code).label)
    except ValueError:
        return code
