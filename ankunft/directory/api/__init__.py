"""API of the directory: the public search (no login) and the staff/provider operations.

Same rules as the pages: published offers for everyone; drafts, texts, review and import
through the permission layer.
"""

# No `from __future__ import annotations` here: django-ninja reads the annotations.

import uuid
from typing import Any, Protocol, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Query, Router, Status

from ankunft.core.apitools import Code, DbId, PageQuery, SearchText, api_page, api_user, page_of
from ankunft.core.jsonbody import JsonBodyError, load_json
from ankunft.core.locking import ConflictError
from ankunft.core.locking_api import ConflictOut, conflict_answer
from ankunft.directory import result_cache, services
from ankunft.directory.api.schemas import (
    ChangeDecisionIn,
    ExceptionIO,
    HsdsImportOut,
    OfferChangeOut,
    OfferDetailOut,
    OfferIn,
    OfferOut,
    OfferStatusIn,
    OfferUpdateIn,
    ProviderChangeOut,
    ProviderPatchIn,
    PublicSearchIn,
    QueueOut,
    RevisionOut,
    SearchOut,
    SlotIO,
    TextOut,
    TextsIn,
    UpdateOut,
)
from ankunft.directory.hsds.importer import hsds_import
from ankunft.directory.present import Shown, is_outdated, show
from ankunft.directory.selectors import public as public_selectors
from ankunft.directory.selectors import staff as selectors

router = Router(tags=["directory"])


class _Queued(Protocol):
    """An offer of the translation queue with the selector's annotations."""

    uuid: uuid.UUID
    source_title: str
    has_text: bool


PLAIN_FIELDS = (
    "access", "cost", "street", "postcode", "city", "latitude", "longitude", "contact_phone",
    "contact_email", "website", "valid_from", "valid_until", "last_reviewed",
)  # fmt: skip


def _language(request: HttpRequest) -> str:
    return (request.GET.get("lang") or get_language() or "de").split("-")[0]


def _offer_out(shown: Shown, *, texts: bool = False) -> dict[str, Any]:
    o = shown.offer
    out: dict[str, Any] = {
        "id": o.uuid,
        "url": o.get_absolute_url(),
        "status": o.status,
        "revision": o.revision,
        "version": o.version,
        "provider": o.provider.name,
        "provider_id": o.provider_id,
        "district": o.district.name if o.district else None,
        "source_language": o.source_language,
        "title": shown.title,
        "text_language": shown.text_language,
        "fallback": shown.fallback,
        "summary": shown.text.summary if shown.text else "",
        "fields": o.tag_codes("field"),
        "target_groups": o.tag_codes("target"),
        "languages": o.tag_codes("language"),
        "accessibility": o.tag_codes("accessibility"),
        "open_now": shown.open_now,
        "distance_km": round(shown.distance, 2) if shown.distance is not None else None,
        "hours": [
            SlotIO(weekday=h.weekday, opens=f"{h.opens:%H:%M}", closes=f"{h.closes:%H:%M}")
            for h in o.hours.all()
        ],
        "exceptions": [
            ExceptionIO(
                date=e.date,
                reason=e.reason,
                opens=f"{e.opens:%H:%M}" if e.opens else None,
                closes=f"{e.closes:%H:%M}" if e.closes else None,
            )
            for e in o.exceptions.all()
        ],
        **{name: getattr(o, name) for name in PLAIN_FIELDS},
    }
    if texts:
        out["texts"] = [
            TextOut(
                language=t.language,
                title=t.title,
                summary=t.summary,
                description=t.description,
                hours_note=t.hours_note,
                cost_note=t.cost_note,
                version=t.version,
                source_language=t.source_language,
                source_version=t.source_version,
                outdated=is_outdated(o, t),
            )
            for t in o.translations.all()
        ]
    return out


@router.get(
    "/public/{municipality}/offers",
    response=SearchOut,
    auth=None,
    summary="Search the published offers (no login)",
)
def public_search(
    request: HttpRequest, municipality: str, params: Query[PublicSearchIn]
) -> dict[str, Any]:
    m = public_selectors.municipality_get(municipality)
    # The same answer for every reader (no login): cached like the public result pages.
    entry = result_cache.Entry("api-search", m.pk, (_language(request), params.dict()))
    cached = entry.get()
    if cached is not None:
        return dict(cached)
    filters = public_selectors.Filters(
        field=params.field,
        spoken=params.spoken,
        district=params.district,
        open_now=params.open_now,
        free=params.free,
        walk_in=params.walk_in,
        near=params.near,
    )
    found = public_selectors.directory_search(
        municipality=m,
        query=params.q[:200],
        filters=filters,
        language=_language(request),
        page=params.page,
    )
    answer = {
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "corrections": found.outcome.corrections if found.outcome else {},
        "items": [_offer_out(i) for i in found.items],
    }
    entry.set(answer)
    return answer


@router.get(
    "/public/{municipality}/offers/{offer_id}",
    response=OfferDetailOut,
    auth=None,
    summary="One published offer with all its texts (no login)",
)
def public_offer(request: HttpRequest, municipality: str, offer_id: uuid.UUID) -> dict[str, Any]:
    m = public_selectors.municipality_get(municipality)
    offer = public_selectors.public_offer_get(m, str(offer_id))
    return _offer_out(show(offer, _language(request), timezone.localtime()), texts=True)


@router.get(
    "/offers",
    response=page_of(OfferOut),
    summary="Offers the user may see, also drafts (keyset pages, by title)",
)
def offer_list(
    request: HttpRequest,
    page: Query[PageQuery],
    status: Code = "",
    q: SearchText = "",
) -> dict[str, Any]:
    user = api_user(request)
    offers = selectors.offer_list(actor=user, query=q, status=status)
    rows = offers.select_related("municipality").prefetch_related(
        "translations", "tags", "hours", "exceptions"
    )
    shown = api_page(rows, keys=selectors.OFFER_KEYS, query=page)
    now = timezone.localtime()
    return {
        "items": [_offer_out(show(o, _language(request), now)) for o in shown.items],
        "next": shown.next,
    }


@router.get("/offers/{offer_id}", response=OfferDetailOut, summary="One offer with all texts")
def offer_detail(request: HttpRequest, offer_id: uuid.UUID) -> dict[str, Any]:
    user = api_user(request)
    offer = selectors.offer_get(actor=user, uuid=str(offer_id))
    return _offer_out(show(offer, _language(request), timezone.localtime()), texts=True)


@router.post("/offers", response={201: OfferDetailOut}, summary="Create an offer (a draft)")
def offer_create(request: HttpRequest, payload: OfferIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    offer = services.offer_create(
        actor=user,
        data=payload.data(),
        texts=payload.texts.texts(),
        source_language=payload.source_language,
    )
    fresh = selectors.offer_get(actor=user, uuid=str(offer.uuid))
    return Status(
        201, _offer_out(show(fresh, _language(request), timezone.localtime()), texts=True)
    )


@router.put(
    "/offers/{offer_id}",
    response={200: UpdateOut, 409: ConflictOut},
    summary="Change an offer; providers' changes to published offers wait for review",
    description=(
        "Send the offer's `version` as read: when the offer changed since, the answer is 409 "
        "with the fields that differ, and nothing is saved."
    ),
)
def offer_update(request: HttpRequest, offer_id: uuid.UUID, payload: OfferUpdateIn) -> Any:
    user = api_user(request)
    offer = selectors.offer_get(actor=user, uuid=str(offer_id), permission="directory.edit")
    try:
        change = services.offer_update(
            actor=user,
            offer=offer,
            data=payload.data(),
            texts=payload.texts.texts(),
            minor=payload.minor,
            version=payload.version,
        )
    except ConflictError as exc:
        return conflict_answer(exc)
    if change is not None:
        return {"result": "pending_review", "change_id": change.pk}
    return {"result": "applied", "change_id": None}


@router.post("/offers/{offer_id}/status", response=UpdateOut, summary="Publish or archive")
def offer_status(
    request: HttpRequest, offer_id: uuid.UUID, payload: OfferStatusIn
) -> dict[str, Any]:
    user = api_user(request)
    offer = selectors.offer_get(actor=user, uuid=str(offer_id), permission="directory.edit")
    result = services.offer_set_status(actor=user, offer=offer, status=payload.status)
    return {"result": result.status if result.status == payload.status else "pending_review"}


@router.put("/offers/{offer_id}/texts/{language}", response=TextOut, summary="Save a translation")
def offer_text(
    request: HttpRequest, offer_id: uuid.UUID, language: str, payload: TextsIn
) -> TextOut:
    user = api_user(request)
    offer = selectors.offer_get(actor=user, uuid=str(offer_id), permission="directory.translate")
    t = services.offer_translation_save(
        actor=user, offer=offer, language=language, texts=payload.texts()
    )
    return TextOut(
        language=t.language,
        title=t.title,
        summary=t.summary,
        description=t.description,
        hours_note=t.hours_note,
        cost_note=t.cost_note,
        version=t.version,
        source_language=t.source_language,
        source_version=t.source_version,
        outdated=False,
    )


@router.get("/offers/{offer_id}/revisions", response=list[RevisionOut], summary="History")
def offer_revisions(request: HttpRequest, offer_id: uuid.UUID) -> list[dict[str, Any]]:
    user = api_user(request)
    offer = selectors.offer_get(actor=user, uuid=str(offer_id))
    return [
        {
            "number": r.number,
            "created_at": r.created_at,
            "actor": r.actor.get_username() if r.actor else None,
            "proposed_by": r.proposed_by.get_username() if r.proposed_by else None,
            "note": r.note,
            "data": r.data,
        }
        for r in selectors.revision_list(actor=user, offer=offer)
    ]


@router.get(
    "/changes",
    response=page_of(OfferChangeOut),
    summary="Changes waiting for review (keyset pages)",
)
def change_list(
    request: HttpRequest, page: Query[PageQuery], state: Code = "pending"
) -> dict[str, Any]:
    user = api_user(request)
    shown = api_page(
        selectors.change_list(actor=user, state=state), keys=selectors.CHANGE_KEYS, query=page
    )
    items = [
        {
            "id": c.pk,
            "offer_id": c.offer.uuid,
            "state": c.state,
            "proposed_at": c.proposed_at,
            "base_revision": c.base_revision,
            "data": c.data,
            "decision_note": c.decision_note,
        }
        for c in shown.items
    ]
    return {"items": items, "next": shown.next}


@router.post("/changes/{change_id}/approve", response=UpdateOut, summary="Approve a change")
def change_approve(
    request: HttpRequest, change_id: DbId, payload: ChangeDecisionIn
) -> dict[str, Any]:
    user = api_user(request)
    change = selectors.change_get(actor=user, pk=change_id)
    services.offer_change_approve(actor=user, change=change, note=payload.note)
    return {"result": "approved", "change_id": change.pk}


@router.post("/changes/{change_id}/reject", response=UpdateOut, summary="Refuse a change")
def change_reject(
    request: HttpRequest, change_id: DbId, payload: ChangeDecisionIn
) -> dict[str, Any]:
    user = api_user(request)
    change = selectors.change_get(actor=user, pk=change_id)
    services.offer_change_reject(actor=user, change=change, note=payload.note)
    return {"result": "rejected", "change_id": change.pk}


@router.patch(
    "/providers/{provider_id}",
    response=UpdateOut,
    summary="Change a provider's details; a provider account's change may wait for review",
    description=(
        "As on the provider's page: while the public directory shows the provider, a "
        "provider account's change waits for the KI (`pending_review`) and the public "
        "pages, API and open data keep the approved details."
    ),
)
def provider_patch(request: HttpRequest, provider_id: DbId, payload: ProviderPatchIn) -> Any:
    user = api_user(request)
    provider = selectors.provider_get(actor=user, pk=provider_id)
    values = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    change = services.provider_update(actor=user, provider=provider, **values)
    if change is not None:
        return {"result": "pending_review", "change_id": change.pk}
    return {"result": "applied", "change_id": None}


@router.get(
    "/provider-changes",
    response=page_of(ProviderChangeOut),
    summary="Providers' proposed changes of their details (keyset pages)",
)
def provider_change_list(
    request: HttpRequest, page: Query[PageQuery], state: Code = "pending"
) -> dict[str, Any]:
    user = api_user(request)
    shown = api_page(
        selectors.provider_change_list(actor=user, state=state),
        keys=selectors.CHANGE_KEYS,
        query=page,
    )
    selectors.provider_changes_read(actor=user, changes=shown.items)
    return {"items": shown.items, "next": shown.next}  # ProviderChangeOut reads the records


@router.post(
    "/provider-changes/{change_id}/approve",
    response=UpdateOut,
    summary="Approve a provider's change of its details",
)
def provider_change_approve(
    request: HttpRequest, change_id: DbId, payload: ChangeDecisionIn
) -> dict[str, Any]:
    user = api_user(request)
    change = selectors.provider_change_get(actor=user, pk=change_id)
    services.provider_change_approve(actor=user, change=change, note=payload.note)
    return {"result": "approved", "change_id": change.pk}


@router.post(
    "/provider-changes/{change_id}/reject",
    response=UpdateOut,
    summary="Refuse a provider's change of its details",
)
def provider_change_reject(
    request: HttpRequest, change_id: DbId, payload: ChangeDecisionIn
) -> dict[str, Any]:
    user = api_user(request)
    change = selectors.provider_change_get(actor=user, pk=change_id)
    services.provider_change_reject(actor=user, change=change, note=payload.note)
    return {"result": "rejected", "change_id": change.pk}


@router.get(
    "/translation-queue",
    response=page_of(QueueOut),
    summary="Missing or outdated texts (keyset pages)",
)
def translation_queue(
    request: HttpRequest, page: Query[PageQuery], language: Code
) -> dict[str, Any]:
    user = api_user(request)
    queue = selectors.translation_queue(actor=user, language=language)
    shown = api_page(queue, keys=selectors.QUEUE_KEYS, query=page)
    items = [
        {
            "offer_id": o.uuid,
            "title": o.source_title,
            "language": language,
            "state": "outdated" if o.has_text else "missing",
        }
        for o in cast(list[_Queued], shown.items)
    ]
    return {"items": items, "next": shown.next}


@router.post("/import/hsds", response=HsdsImportOut, summary="Import HSDS 3.0 services (KI)")
def import_hsds(request: HttpRequest, publish: bool = False) -> dict[str, Any]:
    user = api_user(request)
    try:
        payload = load_json(request.body or b"null")
    except JsonBodyError as exc:
        raise ValidationError(str(exc)) from exc
    report = hsds_import(actor=user, payload=payload, publish=publish)
    return {
        "created": report.created,
        "updated": report.updated,
        "skipped": report.skipped,
        "messages": report.messages,
    }
