"""Providers, their accounts, and the directory settings of a municipality."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, Role, User
from ankunft.core.permissions import require
from ankunft.directory import access
from ankunft.directory.models import DirectorySettings, Provider, ProviderMembership
from ankunft.directory.models.providers import PERSONAL_FIELDS
from ankunft.directory.validation import clean_phone, clean_text, clean_url


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    errors: dict[str, list[str]] = {}
    for name, limit in (
        ("name", 200), ("description", 2000), ("street", 200), ("postcode", 10), ("city", 100),
        ("contact_person_name", 150),
    ):  # fmt: skip
        if name in values:
            try:
                cleaned[name] = clean_text(
                    values[name], label=name, max_length=limit, required=name == "name"
                )
            except ValidationError as exc:
                errors[name] = exc.messages
    for name in ("phone", "contact_person_phone"):
        if name in values:
            try:
                cleaned[name] = clean_phone(values[name], label=name)
            except ValidationError as exc:
                errors[name] = exc.messages
    if "website" in values:
        try:
            cleaned["website"] = clean_url(values["website"], label=_("Website"))
        except ValidationError as exc:
            errors["website"] = exc.messages
    if cleaned.get("contact_person_public") and not cleaned.get("contact_consent_date"):
        cleaned["contact_consent_date"] = dt.date.today()  # noqa: DTZ011 - a calendar date
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def provider_create(*, actor: User, **values: Any) -> Provider:
    """Create a provider of the actor's municipality (KI)."""
    require(actor, access.MANAGE)
    provider = Provider(municipality_id=access.tenant_id(actor), **_clean(values))
    provider.full_clean()
    provider.save()
    audit(actor, AuditAction.CREATE, provider, fields=[f for f in PERSONAL_FIELDS if values.get(f)])
    return provider


@transaction.atomic
def provider_update(*, actor: User, provider: Provider, **values: Any) -> Provider:
    """Change a provider's details (KI, or the provider itself)."""
    require(actor, access.EDIT, provider)
    for name, value in _clean(values).items():
        setattr(provider, name, value)
    provider.full_clean()
    provider.save()
    audit(actor, AuditAction.UPDATE, provider, fields=[f for f in PERSONAL_FIELDS if f in values])
    return provider


@transaction.atomic
def provider_member_add(
    *, actor: User | None, provider: Provider, user: User
) -> ProviderMembership:
    """Let a provider account act for this provider (one provider per account)."""
    if actor is not None:
        require(actor, access.MANAGE, provider)
    if user.role != Role.PROVIDER or user.municipality_id != provider.municipality_id:
        raise ValidationError(_("Only provider accounts of the same municipality can be linked."))
    membership, _created = ProviderMembership.objects.update_or_create(
        user=user, defaults={"provider": provider, "municipality_id": provider.municipality_id}
    )
    audit(actor, AuditAction.CREATE, membership, fields=["user"])
    return membership


@transaction.atomic
def directory_settings_update(*, actor: User, **values: Any) -> DirectorySettings:
    """Map source, review interval and review rule of the actor's municipality."""
    require(actor, access.MANAGE)
    tile_url = str(values.get("tile_url", "")).strip()
    if tile_url and (
        not tile_url.startswith("https://") or not all(p in tile_url for p in ("{z}", "{x}", "{y}"))
    ):
        raise ValidationError(
            {"tile_url": [_("Give an https address with {z}, {x} and {y}, or leave it empty.")]}
        )
    settings, _created = DirectorySettings.objects.get_or_create(
        municipality_id=access.tenant_id(actor)
    )
    for name, value in values.items():
        setattr(settings, name, value)
    settings.tile_url = tile_url
    settings.full_clean()
    settings.save()
    return settings
