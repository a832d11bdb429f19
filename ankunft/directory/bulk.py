"""Creating many offers at once (demo data, imports of generated data, benchmarks).

The same records as `services.offer_create` — offer, tags, hours, exceptions, texts with
versions, a first revision, search documents — written with a few bulk INSERTs per batch
instead of a few dozen queries per offer. Input is validated like the services do.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction, District, Municipality, User
from ankunft.directory import search
from ankunft.directory.models import (
    Offer,
    OfferRevision,
    OfferTag,
    OfferTranslation,
    OpeningException,
    OpeningHours,
    Provider,
    Status,
)
from ankunft.directory.offer_data import TAG_KINDS, OfferData, OfferTexts, snapshot
from ankunft.directory.services.checks import check_data, check_texts


@dataclass
class NewOffer:
    data: OfferData
    texts: dict[str, OfferTexts]  # the original's language first
    status: str = Status.PUBLISHED
    uuid: uuid.UUID | None = None
    last_reviewed_days_ago: int = 0
    extra: dict[str, object] = field(default_factory=dict)


def _batches(items: Sequence[NewOffer], size: int) -> Iterator[list[NewOffer]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


@transaction.atomic
def _create_batch(
    municipality: Municipality,
    batch: list[NewOffer],
    actor: User | None,
    *,
    validate: bool,
    revisions: bool,
) -> list[Offer]:
    m = municipality.pk
    today = timezone.localdate()
    offers = []
    for item in batch:
        if validate:
            item.data = check_data(item.data, m)
            item.texts = {lang: check_texts(t) for lang, t in item.texts.items()}
        source_language = next(iter(item.texts))
        offer = Offer(
            municipality_id=m,
            uuid=item.uuid or uuid.uuid4(),
            provider_id=item.data.provider_id,
            status=item.status,
            source_language=source_language,
            slug=slugify(item.texts[source_language].title)[:80] or "offer",
            last_reviewed=today - dt.timedelta(days=item.last_reviewed_days_ago),
            revision=1 if revisions else 0,
        )
        for name in (
            "district_id", "street", "postcode", "city", "latitude", "longitude", "access",
            "cost", "contact_phone", "contact_email", "website", "valid_from", "valid_until",
        ):  # fmt: skip
            setattr(offer, name, getattr(item.data, name))
        offers.append(offer)
    Offer.objects.bulk_create(offers)
    tags, hours, exceptions, texts = [], [], [], []
    for offer, item in zip(offers, batch, strict=True):
        d = item.data
        tags += [
            OfferTag(municipality_id=m, offer=offer, kind=kind, code=code)
            for name, kind in TAG_KINDS.items()
            for code in getattr(d, name)
        ]
        hours += [
            OpeningHours(
                municipality_id=m, offer=offer, weekday=s.weekday, opens=s.opens, closes=s.closes
            )
            for s in d.hours
        ]
        exceptions += [
            OpeningException(
                municipality_id=m,
                offer=offer,
                date=e.date,
                reason=e.reason,
                opens=e.opens,
                closes=e.closes,
            )
            for e in d.exceptions
        ]
        texts += [
            OfferTranslation(
                municipality_id=m,
                offer=offer,
                language=lang,
                version=1,
                source_language="" if lang == offer.source_language else offer.source_language,
                source_version=None if lang == offer.source_language else 1,
                **t.to_json(),
            )
            for lang, t in item.texts.items()
        ]
    OfferTag.objects.bulk_create(tags, batch_size=1000)
    OpeningHours.objects.bulk_create(hours, batch_size=1000)
    OpeningException.objects.bulk_create(exceptions, batch_size=1000)
    OfferTranslation.objects.bulk_create(texts, batch_size=1000)
    if revisions:
        fresh = list(
            Offer.objects.filter(pk__in=[o.pk for o in offers]).prefetch_related(
                "translations", "tags", "hours", "exceptions"
            )
        )
        created = OfferRevision.objects.bulk_create(
            OfferRevision(
                municipality_id=m, offer=o, number=1, actor=actor, note="created", data=snapshot(o)
            )
            for o in fresh
        )
        audit_many(actor, AuditAction.CREATE, created, fields=["actor", "data"])
    # The search documents come from the objects at hand, without reading them back.
    districts = {
        d.pk: d
        for d in District.objects.filter(pk__in={o.district_id for o in offers}).select_related(
            "parent"
        )
    }
    providers = dict(
        Provider.objects.filter(pk__in={o.provider_id for o in offers}).values_list("pk", "name")
    )
    by_offer: dict[int, list[OfferTranslation]] = {}
    for text in texts:
        by_offer.setdefault(text.offer_id, []).append(text)
    docs = [
        doc
        for offer, item in zip(offers, batch, strict=True)
        for doc in search.documents_of(
            offer,
            texts=by_offer[offer.pk],
            tags=[
                (kind, code)
                for name, kind in TAG_KINDS.items()
                for code in getattr(item.data, name)
            ],
            provider_name=providers.get(offer.provider_id, ""),
            district=districts.get(offer.district_id) if offer.district_id else None,
        )
    ]
    search.write_documents(docs)
    return offers


def create_offers(
    municipality: Municipality,
    items: Sequence[NewOffer],
    *,
    actor: User | None = None,
    validate: bool = True,
    revisions: bool = True,
    batch_size: int = 500,
) -> list[Offer]:
    """Create offers in batches (each batch in one transaction); returns them."""
    created: list[Offer] = []
    for batch in _batches(items, batch_size):
        created += _create_batch(municipality, batch, actor, validate=validate, revisions=revisions)
    return created
