"""Reads of the staff and provider pages, scoped by tenant, role and provider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import get_language

from ankunft.core.audit import audit, audit_many
from ankunft.core.models import AuditAction, District, User
from ankunft.core.permissions import require, visible
from ankunft.directory import access, diff
from ankunft.directory.models import (
    DirectorySettings,
    Offer,
    OfferChange,
    OfferRevision,
    OfferTranslation,
    Provider,
    ProviderChange,
    Status,
)
from ankunft.directory.models.choices import language_name
from ankunft.directory.models.providers import PERSONAL_FIELDS, review_due_date
from ankunft.directory.offer_data import snapshot
from ankunft.directory.validation import (
    format_exceptions,
    format_hours,
    parse_exceptions,
    parse_hours,
)


def _scoped(actor: User, permission: str = access.VIEW) -> QuerySet[Offer]:
    return visible(actor, permission, Offer)


def _source_text() -> Subquery:
    return Subquery(
        OfferTranslation.objects.filter(
            offer=OuterRef("pk"), language=OuterRef("source_language")
        ).values("title")[:1]
    )


def settings_get(municipality_id: int | None) -> DirectorySettings:
    """The municipality's directory settings (defaults when none were saved)."""
    found = DirectorySettings.objects.for_municipality(municipality_id).first()
    return found or DirectorySettings(municipality_id=municipality_id or 0)


OFFER_KEYS = ("source_title", "id")
CHANGE_KEYS = ("proposed_at", "id")
QUEUE_KEYS = ("-status", "source_title", "id")
PROVIDER_KEYS = ("name", "id")


def offer_list(
    *, actor: User, query: str = "", status: str = "", due_only: bool = False
) -> QuerySet[Offer]:
    """Offers the actor may see (providers: their own), with title and pending flag."""
    require(actor, access.VIEW)
    offers = (
        _scoped(actor)
        .select_related("provider", "district")
        .annotate(
            source_title=_source_text(),
            pending=Exists(
                OfferChange.objects.filter(offer=OuterRef("pk"), state=OfferChange.State.PENDING)
            ),
            text_count=Count("translations"),
        )
        .order_by("source_title", "id")
    )
    if query:
        offers = offers.filter(
            Q(translations__title__icontains=query) | Q(provider__name__icontains=query)
        ).distinct()
    if status in Status.values:
        offers = offers.filter(status=status)
    if due_only:
        due = review_due_date(settings_get(actor.municipality_id))
        offers = offers.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=due)).exclude(
            status=Status.ARCHIVED
        )
    return offers


def offer_get(*, actor: User, uuid: str, permission: str = access.VIEW) -> Offer:
    """One offer with everything its pages show; 404 when the actor may not see it."""
    require(actor, permission)
    offer = (
        _scoped(actor, permission)
        .select_related("provider", "district", "municipality")
        .prefetch_related("translations", "tags", "hours", "exceptions")
        .filter(uuid=uuid)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def due_count(*, actor: User) -> int:
    return offer_list(actor=actor, due_only=True).count()


def revision_list(*, actor: User, offer: Offer) -> list[OfferRevision]:
    """The offer's history, newest first; who changed it (and who proposed a reviewed
    change) is personal and audited."""
    require(actor, access.VIEW, offer)
    revisions = list(
        OfferRevision.objects.for_user(actor)
        .filter(offer=offer)
        .select_related("actor", "proposed_by")
    )
    audit_many(actor, AuditAction.READ, revisions, fields=["actor", "proposed_by"])
    return revisions


def change_list(*, actor: User, state: str = OfferChange.State.PENDING) -> QuerySet[OfferChange]:
    require(actor, access.VIEW)
    changes = visible(actor, access.VIEW, OfferChange).select_related("offer", "offer__provider")
    if state:
        changes = changes.filter(state=state)
    return changes.annotate(
        source_title=Subquery(
            OfferTranslation.objects.filter(
                offer=OuterRef("offer"), language=OuterRef("offer__source_language")
            ).values("title")[:1]
        )
    )


def change_get(*, actor: User, pk: int) -> OfferChange:
    require(actor, access.VIEW)
    change = (
        visible(actor, access.VIEW, OfferChange)
        .select_related("offer", "offer__provider", "proposed_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if change is None:
        raise Http404
    audit(actor, AuditAction.READ, change, fields=["proposed_by", "decided_by"])
    return change


def _localised(key: str, value: str) -> str:
    """Stored hours and exceptions as the reader writes them (weekdays in their language)."""
    language = get_language()
    try:
        if key == "hours":
            return format_hours(parse_hours(value), language=language)
        return format_exceptions(parse_exceptions(value), language=language)
    except ValidationError:
        return value


def change_compare(*, actor: User, change: OfferChange, offer: Offer) -> list[diff.Row]:
    """What approving `change` would change in `offer` as it is now, field by field, with
    providers and districts by name (the offer needs its relations prefetched)."""
    require(actor, access.VIEW, offer)
    current = snapshot(offer)
    data = change.data.get("data", {})
    provider_ids = {i for i in (current.get("provider_id"), data.get("provider_id")) if i}
    district_ids = {i for i in (current.get("district_id"), data.get("district_id")) if i}
    names: dict[str, dict[Any, str]] = {
        "provider_id": dict(
            Provider.objects.for_user(actor).filter(pk__in=provider_ids).values_list("pk", "name")
        ),
        "district_id": dict(
            District.objects.for_user(actor).filter(pk__in=district_ids).values_list("pk", "name")
        ),
    }
    return diff.changes(
        current, change.data, offer.source_language, names=names, localise=_localised
    )


def translation_queue(*, actor: User, language: str) -> QuerySet[Offer]:
    """Offers (not archived) whose text in `language` is missing or outdated."""
    require(actor, access.TRANSLATE)
    text = OfferTranslation.objects.filter(offer=OuterRef("pk"), language=language)
    source = OfferTranslation.objects.filter(
        offer=OuterRef("pk"), language=OuterRef("source_language")
    )
    return (
        Offer.objects.for_user(actor)
        .exclude(status=Status.ARCHIVED)
        .exclude(source_language=language)
        .annotate(
            source_title=Subquery(source.values("title")[:1]),
            source_version=Subquery(source.values("version")[:1]),
            made_from=Subquery(text.values("source_version")[:1]),
            has_text=Exists(text),
        )
        .filter(Q(has_text=False) | Q(made_from__lt=F("source_version")))
        .select_related("provider")
        .order_by("-status", "source_title", "id")
    )


@dataclass(frozen=True)
class LanguageCount:
    language: str
    name: str
    missing: int
    outdated: int


def translation_counts(*, actor: User) -> list[LanguageCount]:
    """Per content language: how many texts are missing and how many are outdated."""
    require(actor, access.TRANSLATE)
    rows = []
    for language in actor.municipality.content_languages if actor.municipality else []:
        counts = translation_queue(actor=actor, language=language).aggregate(
            missing=Count("pk", filter=Q(has_text=False)),
            outdated=Count("pk", filter=Q(has_text=True)),
        )
        rows.append(
            LanguageCount(language, language_name(language), counts["missing"], counts["outdated"])
        )
    return rows


def provider_list(*, actor: User) -> QuerySet[Provider]:
    require(actor, access.MANAGE)
    return Provider.objects.for_user(actor).annotate(
        offer_count=Count("offers"), member_count=Count("members", distinct=True)
    )


def provider_get(*, actor: User, pk: int) -> Provider:
    """One provider with its contact person (personal data: the read is audited)."""
    require(actor, access.EDIT)
    provider = visible(actor, access.EDIT, Provider).filter(pk=pk).first()
    if provider is None:
        raise Http404
    audit(actor, AuditAction.READ, provider, fields=PERSONAL_FIELDS)
    return provider


def own_provider(*, actor: User) -> Provider | None:
    provider_id = access.provider_id_of(actor)
    return Provider.objects.for_user(actor).filter(pk=provider_id).first() if provider_id else None


def provider_change_list(
    *, actor: User, state: str = OfferChange.State.PENDING
) -> QuerySet[ProviderChange]:
    """Providers' proposed changes of their details (KI: all; a provider account: its own);
    the list shows the provider's approved name only (no personal field, no audit)."""
    require(actor, access.VIEW)
    changes = visible(actor, access.VIEW, ProviderChange).select_related("provider")
    return changes.filter(state=state) if state else changes


def provider_change_get(*, actor: User, pk: int) -> ProviderChange:
    """One proposed change of a provider's details (visible as in the list)."""
    require(actor, access.VIEW)
    change = (
        visible(actor, access.VIEW, ProviderChange)
        .select_related("provider", "proposed_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if change is None:
        raise Http404
    audit(actor, AuditAction.READ, change, fields=["proposed_by", "decided_by", "data"])
    return change


def provider_changes_read(*, actor: User, changes: list[ProviderChange]) -> None:
    """Audit the proposals an API page shows (they hold the contact person's details)."""
    audit_many(actor, AuditAction.READ, changes, fields=["before", "data"])


def provider_changes_of(*, actor: User, provider: Provider) -> list[ProviderChange]:
    """The provider's proposed changes, newest first: its history of reviews (who proposed,
    who decided). The proposals hold the contact person's details: the read is audited."""
    changes = list(
        visible(actor, access.VIEW, ProviderChange)
        .filter(provider=provider)
        .select_related("proposed_by", "decided_by")
    )
    audit_many(actor, AuditAction.READ, changes, fields=["proposed_by", "decided_by", "data"])
    return changes


def provider_change_compare(change: ProviderChange) -> list[diff.Row]:
    """What approving `change` would change in the provider's details as they are now
    (texts word by word, like an offer's change)."""
    proposed = change.proposed()
    return diff.provider_changes(
        {name: getattr(change.provider, name) for name in proposed}, proposed
    )
