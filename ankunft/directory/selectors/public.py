"""Reads of the public directory: published offers, filters, search, one offer.

No login: everything here is limited to published offers that are valid today, of the
municipality named in the URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ankunft.core.models import District, Municipality
from ankunft.directory import search
from ankunft.directory.hours import filter_open
from ankunft.directory.models import Cost, Offer, OfferTag, Status, TagKind
from ankunft.directory.present import Shown, show
from ankunft.directory.search.backends import Hit

PAGE_SIZE = 20


def municipality_get(slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Http404
    return municipality


def published_offers(municipality_id: int, today: dt.date) -> QuerySet[Offer]:
    """Published offers of the municipality that are valid on `today`."""
    return (
        Offer.objects.for_municipality(municipality_id)
        .filter(status=Status.PUBLISHED)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    )


def _with_details(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return offers.select_related("provider", "district", "municipality").prefetch_related(
        "translations", "tags", "hours", "exceptions"
    )


@dataclass
class Filters:
    """The reader's filters (all optional)."""

    field: str = ""
    spoken: str = ""
    district: int | None = None
    open_now: bool = False
    free: bool = False
    walk_in: bool = False
    near: int | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.field or self.spoken or self.district or self.open_now or self.free or self.walk_in
        )


def _tagged(kind: str, code: str) -> Exists:
    return Exists(OfferTag.objects.filter(offer=OuterRef("pk"), kind=kind, code=code))


def district_ids(municipality_id: int, district_id: int) -> list[int]:
    """The district and its parts (a borough with its quarters)."""
    districts = District.objects.for_municipality(municipality_id)
    ids = list(districts.filter(pk=district_id).values_list("pk", flat=True))
    frontier = ids
    while frontier:
        frontier = list(districts.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def apply_filters(
    offers: QuerySet[Offer], filters: Filters, municipality_id: int, now: dt.datetime
) -> QuerySet[Offer]:
    if filters.field:
        offers = offers.filter(_tagged(TagKind.FIELD, filters.field))
    if filters.spoken:
        offers = offers.filter(_tagged(TagKind.LANGUAGE, filters.spoken))
    if filters.district:
        offers = offers.filter(district_id__in=district_ids(municipality_id, filters.district))
    if filters.free:
        offers = offers.filter(cost=Cost.FREE)
    if filters.walk_in:
        offers = offers.exclude(access="appointment")
    if filters.open_now:
        offers = filter_open(offers, now)
    return offers


def place_of(municipality_id: int, district_id: int | None) -> tuple[float, float] | None:
    """A point for "near …": the centre of the district's offers (cached for ten minutes)."""
    if not district_id:
        return None
    key = f"directory:place:{municipality_id}:{district_id}"
    cached = cache.get(key)
    if cached is None:
        cached = _centre(municipality_id, district_id) or ()
        cache.set(key, cached, 600)
    return (float(cached[0]), float(cached[1])) if cached else None


def _centre(municipality_id: int, district_id: int) -> tuple[float, float] | None:
    point = (
        Offer.objects.for_municipality(municipality_id)
        .filter(district_id__in=district_ids(municipality_id, district_id))
        .exclude(latitude__isnull=True)
        .aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    )
    if point["lat"] is None or point["lon"] is None:
        return None
    return float(point["lat"]), float(point["lon"])


LIST_CAP = 1000


def directory_version(municipality_id: int) -> int:
    """Raised by every write to the municipality's offers (keys of cached pages)."""
    return search.version_of(municipality_id)


@dataclass
class Results:
    items: list[Shown]
    total: int
    page: int
    pages: int
    capped: bool = False
    outcome: search.Outcome | None = None
    origin: tuple[float, float] | None = None


def _relevance_then_distance(
    hits: list[Hit],
    places: dict[int, tuple[float | None, float | None]],
    origin: tuple[float, float] | None,
) -> list[int]:
    if not hits:
        return []
    best = max(h.score for h in hits) or 1.0

    def key(hit: Hit) -> tuple[float, float, int]:
        # Scores within a tenth of the best count as equally relevant; then nearest first.
        band = -round(hit.score / best, 1)
        lat, lon = places.get(hit.offer_id, (None, None))
        if origin is None or lat is None or lon is None:
            return band, 0.0, 0
        return band, (lat - origin[0]) ** 2 + ((lon - origin[1]) * 0.62) ** 2, 0

    return [h.offer_id for h in sorted(hits, key=key)]


def directory_search(
    *,
    municipality: Municipality,
    query: str,
    filters: Filters,
    language: str,
    page: int = 1,
    now: dt.datetime | None = None,
) -> Results:
    """Published offers matching the query and filters, a page of `PAGE_SIZE`."""
    now = timezone.localtime(now)
    offers = apply_filters(
        published_offers(municipality.pk, now.date()), filters, municipality.pk, now
    )
    origin = place_of(municipality.pk, filters.near)
    outcome = None
    capped = False
    if query.strip():
        outcome = search.search(
            municipality_id=municipality.pk, query=query, reader_language=language, offers=offers
        )
        places = (
            {
                pk: (lat, lon)
                for pk, lat, lon in Offer.objects.filter(
                    pk__in=[h.offer_id for h in outcome.hits]
                ).values_list("pk", "latitude", "longitude")
            }
            if origin
            else {}
        )
        ordered = _relevance_then_distance(outcome.hits, places, origin)
        total = len(ordered)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(page, 1), pages)
        ids = ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        by_id = {o.pk: o for o in _with_details(Offer.objects.filter(pk__in=ids))}
        page_offers = [by_id[i] for i in ids if i in by_id]
    else:
        if origin:
            offers = offers.order_by(
                (F("latitude") - origin[0]) * (F("latitude") - origin[0])
                + (F("longitude") - origin[1]) * (F("longitude") - origin[1]) * 0.38,
                "slug",
            )
        else:
            offers = offers.order_by("slug", "id")
        # Counting 100,000 offers for every listing is wasted work: beyond LIST_CAP the
        # reader narrows down with filters anyway.
        total = offers.order_by()[: LIST_CAP + 1].count()
        capped = total > LIST_CAP
        total = min(total, LIST_CAP)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(page, 1), pages)
        page_offers = list(_with_details(offers)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    items = [show(o, language, now, origin) for o in page_offers]
    return Results(
        items=items,
        total=total,
        page=page,
        pages=pages,
        outcome=outcome,
        origin=origin,
        capped=outcome is None and capped,
    )


def public_offer_get(municipality: Municipality, uuid: str) -> Offer:
    today = timezone.localdate()
    offer = _with_details(published_offers(municipality.pk, today)).filter(uuid=uuid).first()
    if offer is None:
        raise Http404
    return offer


def need_counts(municipality_id: int) -> dict[str, int]:
    """How many published offers each field of action has (for the start page): cached for
    the directory's version and the day (offers start and end by the day)."""
    today = timezone.localdate()
    key = f"directory:needs:{municipality_id}:{search.version_of(municipality_id)}:{today}"
    counts = cache.get(key)
    if counts is None:
        counts = _need_counts(municipality_id, today)
        cache.set(key, counts, 3600)
    return dict(counts)


def _need_counts(municipality_id: int, today: dt.date) -> dict[str, int]:
    rows = (
        OfferTag.objects.filter(
            kind=TagKind.FIELD,
            offer__in=published_offers(municipality_id, today).values("pk"),
        )
        .values("code")
        .annotate(n=Count("offer", distinct=True))
    )
    return {r["code"]: r["n"] for r in rows}


def districts_for_filter(municipality_id: int) -> list[District]:
    return list(District.objects.for_municipality(municipality_id).select_related("parent"))


MAP_LIMIT = 500


def directory_points(
    *, municipality: Municipality, query: str, filters: Filters, language: str
) -> list[Shown]:
    """Offers with coordinates for the map (at most `MAP_LIMIT`, best first)."""
    now = timezone.localtime()
    offers = apply_filters(
        published_offers(municipality.pk, now.date()), filters, municipality.pk, now
    ).exclude(latitude__isnull=True)
    if query.strip():
        outcome = search.search(
            municipality_id=municipality.pk,
            query=query,
            reader_language=language,
            offers=offers,
            limit=MAP_LIMIT,
        )
        ids = [h.offer_id for h in outcome.hits]
        by_id = {o.pk: o for o in _with_details(Offer.objects.filter(pk__in=ids))}
        chosen = [by_id[i] for i in ids if i in by_id]
    else:
        chosen = list(_with_details(offers.order_by("slug", "id"))[:MAP_LIMIT])
    return [show(o, language, now) for o in chosen]
