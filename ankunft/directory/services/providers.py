"""Providers, their accounts, and the directory settings of a municipality."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, Role, User
from ankunft.core.permissions import can, require
from ankunft.directory import access, search
from ankunft.directory.models import (
    DirectorySettings,
    OfferChange,
    Provider,
    ProviderChange,
    ProviderMembership,
    Status,
)
from ankunft.directory.models.providers import PERSONAL_FIELDS
from ankunft.directory.services.review import decide
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


# The details a provider account may change (the form's fields), in the form's order.
DETAIL_FIELDS = (
    "name", "description", "website", "email", "phone", "street", "postcode", "city",
    "contact_person_name", "contact_person_phone", "contact_person_email",
    "contact_person_public", "contact_consent_date",
)  # fmt: skip


def _details(provider: Provider) -> dict[str, Any]:
    """The provider's details as JSON (dates as ISO strings)."""
    out = {name: getattr(provider, name) for name in DETAIL_FIELDS}
    date = out["contact_consent_date"]
    out["contact_consent_date"] = date.isoformat() if date else None
    return out


def _from_json(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if out.get("contact_consent_date"):
        out["contact_consent_date"] = dt.date.fromisoformat(out["contact_consent_date"])
    return out


def provider_needs_review(actor: User, provider: Provider) -> bool:
    """The rule of offers, for the provider's details: a provider account's change waits
    for the KI when the public directory shows the provider (it has a published offer) and
    the municipality reviews providers' changes. Who manages the directory saves at once."""
    if can(actor, access.MANAGE, provider):
        return False
    if not provider.offers.filter(status=Status.PUBLISHED).exists():
        return False
    settings = DirectorySettings.objects.for_municipality(provider.municipality_id).first()
    return settings is None or settings.review_provider_changes


def _apply(provider: Provider, values: dict[str, Any]) -> None:
    renamed = "name" in values and values["name"] != provider.name
    for name, value in values.items():
        setattr(provider, name, value)
    provider.full_clean()
    provider.save()
    search.bump_version(provider.municipality_id)  # its name and address show in results
    if renamed:  # the offers' search documents carry the provider's name as a keyword
        search.index_offers(provider.offers.all())


@transaction.atomic
def provider_update(*, actor: User, provider: Provider, **values: Any) -> ProviderChange | None:
    """Change a provider's details (KI, or the provider itself). Returns the pending change
    when the change waits for review instead (the public pages keep the approved details)."""
    require(actor, access.EDIT, provider)
    cleaned = _clean(values)
    if provider_needs_review(actor, provider):
        return _propose(actor, provider, cleaned)
    _apply(provider, cleaned)
    audit(actor, AuditAction.UPDATE, provider, fields=[f for f in PERSONAL_FIELDS if f in values])
    return None


def _propose(actor: User, provider: Provider, cleaned: dict[str, Any]) -> ProviderChange | None:
    """Keep a provider's change for review; a newer proposal replaces a pending one. Details
    saved as they are (nothing pending) make no proposal: `None`, nothing is written."""
    fresh = Provider.objects.get(pk=provider.pk)
    before = _details(fresh)
    # Checked now as it would be saved (required name, unique per municipality).
    candidate = Provider.objects.get(pk=provider.pk)
    for name, value in cleaned.items():
        setattr(candidate, name, value)
    candidate.full_clean()
    proposed = _details(candidate)
    change = ProviderChange.objects.filter(provider=fresh, state=OfferChange.State.PENDING).first()
    if change is None and proposed == before:
        return None  # saved unchanged: nothing for the KI to review
    if change is None:
        change = ProviderChange(municipality_id=fresh.municipality_id, provider=fresh)
    change.proposed_by = actor
    change.before = before
    change.data = proposed
    change.save()
    audit(actor, AuditAction.CREATE, change, fields=["proposed_by", "before", "data"])
    return change


@transaction.atomic
def provider_change_approve(
    *, actor: User, change: ProviderChange, note: str = ""
) -> ProviderChange:
    """Apply a provider's pending change to its details (the public pages show it now)."""
    require(actor, access.MANAGE, change.provider)
    provider = Provider.objects.select_for_update().get(pk=change.provider_id)
    decide(actor, change, OfferChange.State.APPROVED, note)
    # Only what the provider changed: the KI's own edits made since the proposal stay.
    proposed = change.proposed()
    _apply(provider, _from_json(proposed))
    audit(actor, AuditAction.UPDATE, provider, fields=[f for f in PERSONAL_FIELDS if f in proposed])
    return change


def proposed_values(change: ProviderChange) -> dict[str, Any]:
    """The details the provider changed in its proposal, as the form's values (a second
    edit of the provider account starts from its pending proposal, not from scratch)."""
    return _from_json(change.proposed())


@transaction.atomic
def provider_change_reject(*, actor: User, change: ProviderChange, note: str) -> ProviderChange:
    """Refuse a provider's pending change; the note tells the provider why."""
    require(actor, access.MANAGE, change.provider)
    if not note.strip():
        raise ValidationError({"note": [_("Tell the provider why the change is refused.")]})
    decide(actor, change, OfferChange.State.REJECTED, note.strip())
    return change


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
    search.bump_version(settings.municipality_id)  # the result pages link the map or not
    return settings
