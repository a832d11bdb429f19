"""The KI's review of providers' changes to published offers."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.core import locking
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, User
from ankunft.core.permissions import require
from ankunft.directory import access
from ankunft.directory.models import Offer, OfferChange, ProviderChange, Status
from ankunft.directory.offer_data import TEXT_FIELDS, OfferData, OfferTexts
from ankunft.directory.present import is_outdated
from ankunft.directory.services.checks import check_data, check_texts
from ankunft.directory.services.offers import apply_change, record_revision


def decide(actor: User, change: OfferChange | ProviderChange, state: str, note: str) -> None:
    """Mark a pending change (of an offer or a provider) decided, audited.

    One conditional UPDATE, the first write of the caller's transaction: of two people
    deciding the same change at once, exactly one matches (the other waits for the row's
    lock and then finds it decided), so a change is never applied twice."""
    decided = {
        "state": state,
        "decided_by": actor,
        "decided_at": timezone.now(),
        "decision_note": note[:500],
    }
    pending = type(change).objects.filter(pk=change.pk, state=OfferChange.State.PENDING)
    if change.state != OfferChange.State.PENDING or not pending.update(**decided):
        raise ValidationError(_("This change has already been decided."))
    for name, value in decided.items():
        setattr(change, name, value)
    audit(actor, AuditAction.UPDATE, change, fields=["state", "decided_by", "decision_note"])


@transaction.atomic
def offer_change_approve(*, actor: User, change: OfferChange, note: str = "") -> OfferChange:
    """Apply a pending change to the offer (with a revision) and mark it approved."""
    require(actor, access.MANAGE, change.offer)
    offer = change.offer
    payload = change.data
    data = check_data(OfferData.from_json(payload["data"]), offer.municipality_id)
    texts = check_texts(OfferTexts.from_json(payload["texts"][offer.source_language]))
    decide(actor, change, OfferChange.State.APPROVED, note)
    locking.claim(offer, None)  # the content changes: forms opened before are out of date
    apply_change(
        actor,
        offer,
        data,
        texts,
        minor=bool(payload.get("minor")),
        note=_("change reviewed and approved"),
        proposed_by=change.proposed_by,
    )
    status = payload.get("status")
    if status in (Status.PUBLISHED, Status.ARCHIVED) and offer.status != status:
        offer.status = status
        offer.save(update_fields=["status", "updated_at"])
        record_revision(actor, offer, str(Status(status).label), proposed_by=change.proposed_by)
    return change


@dataclass(frozen=True)
class ApprovalEffects:
    """What approving a change will do, said before the KI decides."""

    text_changed: bool
    minor: bool
    # Languages whose texts become outdated: every other text now current.
    outdated: list[str]
    status: str | None


def approval_effects(offer: Offer, change: OfferChange) -> ApprovalEffects:
    """The consequences of approving `change` now, by the same rules as `apply_change`
    (needs the offer's translations prefetched): a changed original text that is not a
    minor edit raises its version and so marks the other languages' current texts outdated."""
    payload = change.data
    texts = {t.language: t for t in offer.translations.all()}
    source = texts.get(offer.source_language)
    proposed = OfferTexts.from_json(payload.get("texts", {}).get(offer.source_language, {}))
    text_changed = source is None or any(
        getattr(source, f) != getattr(proposed, f) for f in TEXT_FIELDS
    )
    minor = bool(payload.get("minor"))
    outdated = []
    if text_changed and not minor:
        outdated = sorted(
            code
            for code, text in texts.items()
            if code != offer.source_language and not is_outdated(offer, text)
        )
    status = payload.get("status")
    return ApprovalEffects(
        text_changed=text_changed,
        minor=minor,
        outdated=outdated,
        status=status if status != offer.status else None,
    )


@transaction.atomic
def offer_change_reject(*, actor: User, change: OfferChange, note: str) -> OfferChange:
    """Refuse a pending change; the note tells the provider why."""
    require(actor, access.MANAGE, change.offer)
    if not note.strip():
        raise ValidationError({"note": [_("Tell the provider why the change is refused.")]})
    decide(actor, change, OfferChange.State.REJECTED, note.strip())
    return change
