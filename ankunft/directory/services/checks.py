"""Validation of offer data and texts, shared by forms, API, import and review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ankunft.core.models import District
from ankunft.directory.models import Access, Accessibility, Cost, FieldOfAction, Provider
from ankunft.directory.models.choices import SPOKEN_LANGUAGES, TargetGroup
from ankunft.directory.offer_data import OfferData, OfferTexts
from ankunft.directory.validation import (
    check_slots,
    clean_coordinates,
    clean_phone,
    clean_text,
    clean_url,
)

T = TypeVar("T")
LIMITS = {"title": 200, "summary": 500, "description": 5000, "hours_note": 300, "cost_note": 300}


def check_texts(texts: OfferTexts) -> OfferTexts:
    """Plain, bounded texts; a title is required. Raises one error per field."""
    labels = {
        "title": _("Title"),
        "summary": _("Summary"),
        "description": _("Description"),
        "hours_note": _("Note on the opening hours"),
        "cost_note": _("Note on the cost"),
    }
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for name, limit in LIMITS.items():
        try:
            cleaned[name] = clean_text(
                getattr(texts, name),
                label=str(labels[name]),
                max_length=limit,
                required=name == "title",
            )
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return OfferTexts(**cleaned)


def _codes(values: list[str], allowed: set[str], *, label: str) -> list[str]:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValidationError(
            _("%(field)s: unknown code %(codes)s.") % {"field": label, "codes": ", ".join(unknown)}
        )
    return list(dict.fromkeys(values))


def _collect(
    errors: dict[str, list[str]], name: str, fn: Callable[..., T], *args: Any, **kw: Any
) -> T | None:
    try:
        return fn(*args, **kw)
    except ValidationError as exc:
        errors.setdefault(name, []).extend(exc.messages)
        return None


def check_data(data: OfferData, municipality_id: int) -> OfferData:
    """Cleaned data of an offer of this municipality; raises ValidationError per field."""
    errors: dict[str, list[str]] = {}
    if not Provider.objects.for_municipality(municipality_id).filter(pk=data.provider_id).exists():
        errors["provider"] = [_("Choose a provider of this municipality.")]
    districts = District.objects.for_municipality(municipality_id)
    if data.district_id is not None and not districts.filter(pk=data.district_id).exists():
        errors["district"] = [_("Choose a district of this municipality.")]
    cleaned = {
        "street": _collect(
            errors, "street", clean_text, data.street, label=_("Street and number"), max_length=200
        ),
        "postcode": _collect(
            errors, "postcode", clean_text, data.postcode, label=_("Postcode"), max_length=10
        ),
        "city": _collect(errors, "city", clean_text, data.city, label=_("City"), max_length=100),
        "contact_phone": _collect(
            errors, "contact_phone", clean_phone, data.contact_phone, label=_("Phone")
        ),
        "website": _collect(errors, "website", clean_url, data.website, label=_("Website")),
        "fields": _collect(
            errors,
            "fields",
            _codes,
            data.fields,
            set(FieldOfAction.values),
            label=_("Fields of action"),
        ),
        "target_groups": _collect(
            errors,
            "target_groups",
            _codes,
            data.target_groups,
            set(TargetGroup.values),
            label=_("Target groups"),
        ),
        "languages": _collect(
            errors, "languages", _codes, data.languages, set(SPOKEN_LANGUAGES), label=_("Languages")
        ),
        "accessibility": _collect(
            errors,
            "accessibility",
            _codes,
            data.accessibility,
            set(Accessibility.values),
            label=_("Accessibility"),
        ),
        "hours": _collect(errors, "hours", check_slots, list(data.hours)),
    }
    if data.contact_email:
        _collect(errors, "contact_email", validate_email, data.contact_email)
    _collect(errors, "latitude", clean_coordinates, data.latitude, data.longitude)
    if data.access not in Access.values:
        errors["access"] = [_("Choose whether an appointment is needed.")]
    if data.cost not in Cost.values:
        errors["cost"] = [_("Choose free of charge or with a fee.")]
    if not data.fields and "fields" not in errors:
        errors["fields"] = [_("Choose at least one field of action.")]
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        errors["valid_until"] = [_("The offer cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)
    return replace(data, **cast("dict[str, Any]", cleaned))
