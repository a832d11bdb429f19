"""The KI's review of providers' changes to published offers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, User
from ankunft.core.permissions import require
from ankunft.directory import access
from ankunft.directory.models import OfferChange, Status
from ankunft.directory.services.checks import check_data, check_texts
from ankunft.directory.services.data import OfferData, OfferTexts
from ankunft.directory.services.offers import apply_change, record_revision


def _decide(actor: User, change: OfferChange, state: str, note: str) -> None:
    if change.state != OfferChange.State.PENDING:
        raise ValidationError(_("This change has already been decided."))
    change.state = state
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = note[:500]
    change.save()
    audit(actor, AuditAction.UPDATE, change, fields=["state", "decided_by", "decision_note"])


@transaction.atomic
def offer_change_approve(*, actor: User, change: OfferChange, note: str = "") -> OfferChange:
    """Apply a pending change to the offer (with a revision) and mark it approved."""
    require(actor, access.MANAGE, change.offer)
    offer = change.offer
    payload = change.data
    data = check_data(OfferData.from_json(payload["data"]), offer.municipality_id)
    texts = check_texts(OfferTexts.from_json(payload["texts"][offer.source_language]))
    _decide(actor, change, OfferChange.State.APPROVED, note)
    apply_change(
        actor,
        offer,
        data,
        texts,
        minor=bool(payload.get("minor")),
        note=_("change reviewed and approved"),
    )
    if payload.get("status") == Status.PUBLISHED and offer.status != Status.PUBLISHED:
        offer.status = Status.PUBLISHED
        offer.save(update_fields=["status", "updated_at"])
        record_revision(actor, offer, str(Status.PUBLISHED.label))
    return change


@transaction.atomic
def offer_change_reject(*, actor: User, change: OfferChange, note: str) -> OfferChange:
    """Refuse a pending change; the note tells the provider why."""
    require(actor, access.MANAGE, change.offer)
    if not note.strip():
        raise ValidationError({"note": [_("Tell the provider why the change is refused.")]})
    _decide(actor, change, OfferChange.State.REJECTED, note.strip())
    return change
