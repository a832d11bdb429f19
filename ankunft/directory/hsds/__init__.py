"""Open Referral HSDS 3.0: export the published directory, import services from others.

The export has the shape of the HSDS API's `/services?full=true` page: each service with
its organization, languages, phones, schedules (weekly RRULE parts; exceptions as one-day
schedules), attributes (our fields of action, target groups, access, cost and
accessibility as taxonomy terms) and service_at_locations with location and address.
Texts are in one language (`lang`, falling back to the original). Identifiers are the
offers' stable UUIDs; organisations and locations get name-based UUIDs.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import override

from ankunft.directory.models import Offer, TagKind
from ankunft.directory.models.choices import language_name, tag_label
from ankunft.directory.present import choose_text

HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("6f1d7c52-2f6a-4c52-9a43-0c9b1d6f3a11")
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TAXONOMIES = {
    TagKind.FIELD: "ankunft:field_of_action",
    TagKind.TARGET: "ankunft:target_group",
    TagKind.ACCESSIBILITY: "ankunft:accessibility",
    "access": "ankunft:access",
    "cost": "ankunft:cost",
}


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _attribute(service_id: str, taxonomy: str, code: str, name: str) -> dict[str, Any]:
    term_id = _id("term", taxonomy, code)
    return {
        "id": _id("attribute", service_id, taxonomy, code),
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "taxonomy_term": {
            "id": term_id,
            "code": code,
            "name": name,
            "description": name,
            "taxonomy": taxonomy,
        },
    }


def _schedules(offer: Offer, service_id: str) -> list[dict[str, Any]]:
    schedules: list[dict[str, Any]] = [
        {
            "id": _id("schedule", service_id, h.weekday, h.opens, h.closes),
            "service_id": service_id,
            "freq": "WEEKLY",
            "wkst": "MO",
            "interval": 1,
            "byday": DAYS[h.weekday],
            "opens_at": f"{h.opens:%H:%M}",
            "closes_at": f"{h.closes:%H:%M}",
            "valid_from": offer.valid_from.isoformat() if offer.valid_from else None,
            "valid_to": offer.valid_until.isoformat() if offer.valid_until else None,
            "timezone": 1,
        }
        for h in offer.hours.all()
    ]
    schedules += [
        {
            "id": _id("exception", service_id, e.date),
            "service_id": service_id,
            "valid_from": e.date.isoformat(),
            "valid_to": e.date.isoformat(),
            "dtstart": e.date.isoformat(),
            "opens_at": f"{e.opens:%H:%M}" if e.opens else None,
            "closes_at": f"{e.closes:%H:%M}" if e.closes else None,
            "description": e.reason,
            "notes": "exception",
        }
        for e in offer.exceptions.all()
    ]
    return schedules


def service(offer: Offer, language: str) -> dict[str, Any]:
    """One offer as an HSDS service (needs provider, translations, tags, hours, exceptions)."""
    sid = str(offer.uuid)
    text = choose_text(offer, language)
    provider = offer.provider
    org_id = _id("organization", offer.municipality_id, provider.pk)
    location_id = _id("location", sid)
    tags = [(t.kind, t.code) for t in offer.tags.all()]
    with override(language):
        attributes = [
            _attribute(sid, TAXONOMIES[kind], code, tag_label(kind, code))
            for kind, code in tags
            if kind in TAXONOMIES
        ]
        attributes.append(
            _attribute(sid, TAXONOMIES["access"], offer.access, offer.get_access_display())
        )
        attributes.append(_attribute(sid, TAXONOMIES["cost"], offer.cost, offer.get_cost_display()))
        languages = [
            {
                "id": _id("language", sid, code),
                "service_id": sid,
                "name": language_name(code),
                "code": code,
            }
            for kind, code in tags
            if kind == TagKind.LANGUAGE
        ]
        access_text = str(offer.get_access_display())
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": org_id,
        "name": provider.name,
        "latitude": offer.latitude,
        "longitude": offer.longitude,
        "addresses": [
            {
                "id": _id("address", location_id),
                "location_id": location_id,
                "address_1": offer.street,
                "city": offer.city,
                "region": offer.district.name if offer.district else "",
                "state_province": "Nordrhein-Westfalen",
                "postal_code": offer.postcode,
                "country": "DE",
                "address_type": "physical",
            }
        ]
        if offer.street
        else [],
    }
    return {
        "id": sid,
        "organization_id": org_id,
        "name": text.title if text else "",
        "description": text.description if text else "",
        "url": offer.website or None,
        "email": offer.contact_email or None,
        "status": "active",
        "application_process": access_text,
        "fees_description": text.cost_note if text else "",
        "assured_date": offer.last_reviewed.isoformat() if offer.last_reviewed else None,
        "phones": [{"id": _id("phone", sid), "service_id": sid, "number": offer.contact_phone}]
        if offer.contact_phone
        else [],
        "schedules": _schedules(offer, sid),
        "languages": languages,
        "attributes": attributes,
        "organization": {
            "id": org_id,
            "name": provider.name,
            "description": provider.description or provider.name,
            "website": provider.website or None,
            "email": provider.email or None,
        },
        "service_at_locations": [
            {
                "id": _id("sal", sid),
                "service_id": sid,
                "location_id": location_id,
                "location": location,
            }
        ],
        "metadata": [
            {
                "id": _id("metadata", sid, offer.revision),
                "resource_id": sid,
                "resource_type": "service",
                "last_action_date": offer.updated_at.date().isoformat(),
                "last_action_type": "update",
                "field_name": "revision",
                "previous_value": "",
                "replacement_value": str(offer.revision),
                "updated_by": "ankunft",
            }
        ],
    }


def export_page(offers: QuerySet[Offer], language: str) -> Iterator[str]:
    """The HSDS `/services` page as JSON text, streamed service by service."""
    total = offers.count()
    head = {
        "hsds_version": HSDS_VERSION,
        "language": language,
        "total_items": total,
        "total_pages": 1,
        "page_number": 1,
        "size": total,
        "first_page": True,
        "last_page": True,
        "empty": total == 0,
    }
    yield json.dumps(head)[:-1] + ', "contents": ['
    for n, offer in enumerate(offers.iterator(chunk_size=500)):
        yield ("," if n else "") + json.dumps(service(offer, language), ensure_ascii=False)
    yield "]}"


def parse_time(value: Any) -> dt.time | None:
    if not value:
        return None
    text = str(value).strip()
    for fmt in ("%H:%M:%S", "%H:%M"):
        try:
            return dt.datetime.strptime(text[: len(fmt) + 2][:8], fmt).time()  # noqa: DTZ007
        except ValueError:
            continue
    return None
