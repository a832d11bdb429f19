"""Writing offers: create, change (directly or for review), publish, confirm as current.

Every write leaves a numbered `OfferRevision` with a snapshot and refreshes the search
index. A major change of the original text raises its version, which marks the other
languages' texts outdated; a minor edit (typo) does not.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ankunft.core import locking
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, District, Municipality, User
from ankunft.core.permissions import can, require
from ankunft.directory import access, diff, search
from ankunft.directory.models import (
    DirectorySettings,
    Offer,
    OfferChange,
    OfferRevision,
    OfferTag,
    OfferTranslation,
    OpeningException,
    OpeningHours,
    Provider,
    Status,
)
from ankunft.directory.offer_data import (
    TAG_KINDS,
    TEXT_FIELDS,
    OfferData,
    OfferTexts,
    data_of,
    snapshot,
)
from ankunft.directory.services.checks import check_data, check_texts


def _fresh(offer: Offer) -> Offer:
    return (
        Offer.objects.select_related("provider", "district", "municipality")
        .prefetch_related("translations", "tags", "hours", "exceptions")
        .get(pk=offer.pk)
    )


def record_revision(
    actor: User | None, offer: Offer, note: str, *, proposed_by: User | None = None
) -> OfferRevision:
    """Number and store a snapshot of the offer as it is now. `proposed_by` names the
    provider whose reviewed change `actor` approved."""
    offer = _fresh(offer)
    number = offer.revision + 1
    Offer.objects.filter(pk=offer.pk).update(revision=number)
    # Every change to an offer is recorded here: cached result pages must go.
    search.bump_version(offer.municipality_id)
    revision = OfferRevision.objects.create(
        municipality_id=offer.municipality_id,
        offer=offer,
        number=number,
        actor=actor,
        proposed_by=proposed_by,
        note=note[:200],
        data=snapshot(offer),
    )
    fields = ["actor", "proposed_by", "data"] if proposed_by else ["actor", "data"]
    audit(actor, AuditAction.CREATE, revision, fields=fields)
    return revision


def _provider_of(actor: User, provider_id: int) -> Provider:
    provider = Provider.objects.for_user(actor).filter(pk=provider_id).first()
    if provider is None or not can(actor, access.EDIT, provider):
        raise ValidationError({"provider": [_("Choose a provider of this municipality.")]})
    return provider


def _write_data(offer: Offer, data: OfferData) -> None:
    for name in (
        "district_id", "street", "postcode", "city", "latitude", "longitude", "access", "cost",
        "contact_phone", "contact_email", "website", "valid_from", "valid_until",
    ):  # fmt: skip
        setattr(offer, name, getattr(data, name))
    offer.provider_id = data.provider_id
    offer.save()
    m = offer.municipality_id
    OfferTag.objects.filter(offer=offer).delete()
    OfferTag.objects.bulk_create(
        OfferTag(municipality_id=m, offer=offer, kind=kind, code=code)
        for name, kind in TAG_KINDS.items()
        for code in getattr(data, name)
    )
    OpeningHours.objects.filter(offer=offer).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(
            municipality_id=m, offer=offer, weekday=s.weekday, opens=s.opens, closes=s.closes
        )
        for s in data.hours
    )
    OpeningException.objects.filter(offer=offer).delete()
    OpeningException.objects.bulk_create(
        OpeningException(
            municipality_id=m,
            offer=offer,
            date=e.date,
            reason=e.reason,
            opens=e.opens,
            closes=e.closes,
        )
        for e in data.exceptions
    )


def _write_source_text(offer: Offer, texts: OfferTexts, *, minor: bool) -> bool:
    """Save the original text; returns whether it changed."""
    current = OfferTranslation.objects.filter(offer=offer, language=offer.source_language).first()
    if current is None:
        OfferTranslation.objects.create(
            municipality_id=offer.municipality_id,
            offer=offer,
            language=offer.source_language,
            version=1,
            **texts.to_json(),
        )
        return True
    changed = any(getattr(current, f) != getattr(texts, f) for f in TEXT_FIELDS)
    if changed:
        for name, value in texts.to_json().items():
            setattr(current, name, value)
        if not minor:
            current.version += 1  # the other languages' texts are now outdated
        current.save()
    if not offer.slug or (changed and not minor):
        offer.slug = slugify(texts.title)[:80] or "offer"
        offer.save(update_fields=["slug"])
    return changed


@transaction.atomic
def offer_create(
    *,
    actor: User,
    data: OfferData,
    texts: OfferTexts,
    source_language: str = "de",
    status: str = Status.DRAFT,
    uuid: uuid_module.UUID | None = None,
) -> Offer:
    """Create an offer with its original text (a draft unless the KI publishes it)."""
    require(actor, access.EDIT)
    municipality = Municipality.objects.get(pk=access.tenant_id(actor))
    _provider_of(actor, data.provider_id)
    data = check_data(data, municipality.pk)
    texts = check_texts(texts)
    if status != Status.DRAFT:
        require(actor, access.MANAGE)
    if source_language not in municipality.content_languages:
        raise ValidationError(
            {"source_language": [_("Not a content language of this municipality.")]}
        )
    offer = Offer(
        municipality_id=municipality.pk,
        provider_id=data.provider_id,
        source_language=source_language,
        status=status,
        slug=slugify(texts.title)[:80] or "offer",
        last_reviewed=timezone.localdate(),
    )
    if uuid is not None:
        if Offer.objects.filter(uuid=uuid).exists():
            raise ValidationError(_("An offer with this identifier exists already."))
        offer.uuid = uuid
    _write_data(offer, data)
    _write_source_text(offer, texts, minor=False)
    record_revision(actor, offer, _("created"))
    search.index_offers([offer])
    return offer


def needs_review(actor: User, offer: Offer) -> bool:
    """Providers' changes to a published offer wait for the KI, if the municipality wants."""
    if can(actor, access.MANAGE, offer) or offer.status != Status.PUBLISHED:
        return False
    settings = DirectorySettings.objects.for_municipality(offer.municipality_id).first()
    return settings is None or settings.review_provider_changes


def proposal(
    data: OfferData, texts: OfferTexts, language: str, *, minor: bool, status: str | None = None
) -> dict[str, Any]:
    return {
        "data": data.to_json(),
        "texts": {language: texts.to_json()},
        "minor": minor,
        "status": status,
    }


def _conflicts(
    data: OfferData, texts: OfferTexts, *, minor: bool
) -> Callable[[Offer], list[locking.FieldConflict]]:
    """What differs between the offer as saved meanwhile and the user's change."""

    def compute(current: Offer) -> list[locking.FieldConflict]:
        fresh = _fresh(current)
        language = fresh.source_language
        m = fresh.municipality_id
        names: dict[str, dict[Any, str]] = {
            "provider_id": dict(
                Provider.objects.for_municipality(m)
                .filter(pk__in={fresh.provider_id, data.provider_id})
                .values_list("pk", "name")
            ),
            "district_id": dict(
                District.objects.for_municipality(m)
                .filter(pk__in=[i for i in (fresh.district_id, data.district_id) if i is not None])
                .values_list("pk", "name")
            ),
        }
        rows = diff.changes(
            snapshot(fresh), proposal(data, texts, language, minor=minor), language, names=names
        )
        return [locking.FieldConflict(r.key, r.label, r.old, r.new) for r in rows]

    return compute


@transaction.atomic
def offer_update(
    *,
    actor: User,
    offer: Offer,
    data: OfferData,
    texts: OfferTexts,
    minor: bool = False,
    version: int | None = None,
) -> OfferChange | None:
    """Change an offer and its original text. Returns the pending change when the change
    waits for review instead (the published offer stays as it is until then).

    `version` is the offer's version the user read: when the offer was changed since,
    `core.locking.ConflictError` says what differs and nothing is saved."""
    require(actor, access.EDIT, offer)
    _provider_of(actor, data.provider_id)
    data = check_data(data, offer.municipality_id)
    texts = check_texts(texts)
    review = needs_review(actor, offer)
    locking.claim(offer, version, conflicts=_conflicts(data, texts, minor=minor), bump=not review)
    if review:
        # A request to publish or take offline that is already waiting stays part of it.
        pending = OfferChange.objects.filter(offer=offer, state=OfferChange.State.PENDING).first()
        status = pending.data.get("status") if pending is not None else None
        return propose_change(
            actor=actor,
            offer=offer,
            payload=proposal(data, texts, offer.source_language, minor=minor, status=status),
        )
    apply_change(actor, offer, data, texts, minor=minor, note=_("changed"))
    return None


def apply_change(
    actor: User | None,
    offer: Offer,
    data: OfferData,
    texts: OfferTexts,
    *,
    minor: bool,
    note: str,
    proposed_by: User | None = None,
) -> None:
    _write_data(offer, data)
    changed = _write_source_text(offer, texts, minor=minor)
    if changed and not minor:
        note = f"{note}; " + _("original text changed (translations outdated)")
    record_revision(actor, offer, note, proposed_by=proposed_by)
    search.index_offers([offer])


@transaction.atomic
def propose_change(*, actor: User, offer: Offer, payload: dict[str, Any]) -> OfferChange:
    """Keep a provider's change for review; a newer proposal replaces a pending one."""
    require(actor, access.EDIT, offer)
    change = OfferChange.objects.filter(offer=offer, state=OfferChange.State.PENDING).first()
    if change is None:
        change = OfferChange(municipality_id=offer.municipality_id, offer=offer)
    change.proposed_by = actor
    change.base_revision = offer.revision
    change.data = payload
    change.save()
    audit(actor, AuditAction.CREATE, change, fields=["proposed_by", "data"])
    return change


@transaction.atomic
def offer_set_status(*, actor: User, offer: Offer, status: str) -> Offer:
    """Publish, archive or withdraw an offer (KI).

    Providers ask for publication instead; taking a published offer offline goes through
    the KI's review too (where the municipality reviews providers' changes), so an offer
    never disappears from the public directory without the KI knowing. A draft they may
    archive at once: nobody sees it yet."""
    if status not in Status.values:
        raise ValidationError(_("Unknown status."))
    if not can(actor, access.MANAGE, offer):
        require(actor, access.EDIT, offer)
        if status == Status.PUBLISHED:
            return offer_request_status(actor=actor, offer=offer, status=status)
        if status != Status.ARCHIVED:
            raise PermissionDenied
        if needs_review(actor, offer):
            return offer_request_status(actor=actor, offer=offer, status=status)
    if offer.status != status:
        offer.status = status
        offer.save(update_fields=["status", "updated_at"])
        record_revision(actor, offer, str(Status(status).label))
    return offer


def offer_request_status(*, actor: User, offer: Offer, status: str) -> Offer:
    """A provider asks the KI to publish or to take the offer offline. A pending change of
    its content stays part of the request (nothing the provider typed is lost)."""
    fresh = _fresh(offer)
    pending = OfferChange.objects.filter(offer=fresh, state=OfferChange.State.PENDING).first()
    if pending is not None:
        payload = {**pending.data, "status": status}
    else:
        source = next(t for t in fresh.translations.all() if t.language == fresh.source_language)
        payload = proposal(
            data_of(fresh),
            OfferTexts.from_json(source.__dict__),
            fresh.source_language,
            minor=True,
            status=status,
        )
    propose_change(actor=actor, offer=fresh, payload=payload)
    return fresh


@transaction.atomic
def offer_confirm_current(*, actor: User, offer: Offer) -> Offer:
    """The provider or the KI confirms that the offer is still correct (resets the flag)."""
    require(actor, access.EDIT, offer)
    offer.last_reviewed = timezone.localdate()
    offer.save(update_fields=["last_reviewed", "updated_at"])
    record_revision(actor, offer, _("confirmed as current"))
    return offer
