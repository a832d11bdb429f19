"""schema.org JSON-LD of an offer page, embedded safely (no `|safe` on user text)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from ankunft.directory.models import Cost
from ankunft.directory.present import Shown
from ankunft.directory.validation import DAY_CODES

# What Django's json_script escapes: no "</script>" or "<!--" can end the block early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
_SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
assert len(DAY_CODES) == len(_SCHEMA_DAYS)  # noqa: S101


def offer_data(request: HttpRequest, shown: Shown) -> dict[str, Any]:
    offer = shown.offer
    provider = offer.provider
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": request.build_absolute_uri(offer.get_absolute_url()),
        "identifier": str(offer.uuid),
        "name": shown.title,
        "inLanguage": shown.text_language,
        "availableLanguage": offer.tag_codes("language"),
        "serviceType": shown.fields,
        "isAccessibleForFree": offer.cost == Cost.FREE,
        "provider": {"@type": "Organization", "name": provider.name},
        "areaServed": offer.municipality.name,
    }
    if shown.text:
        data["description"] = shown.text.summary or shown.text.description[:300]
    if provider.website:
        data["provider"]["url"] = provider.website
    if offer.street:
        data["availableChannel"] = {
            "@type": "ServiceChannel",
            "serviceLocation": {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": offer.street,
                    "postalCode": offer.postcode,
                    "addressLocality": offer.city,
                    "addressCountry": "DE",
                },
                **(
                    {
                        "geo": {
                            "@type": "GeoCoordinates",
                            "latitude": offer.latitude,
                            "longitude": offer.longitude,
                        }
                    }
                    if offer.latitude is not None
                    else {}
                ),
                "openingHoursSpecification": [
                    {
                        "@type": "OpeningHoursSpecification",
                        "dayOfWeek": f"https://schema.org/{_SCHEMA_DAYS[h.weekday]}",
                        "opens": f"{h.opens:%H:%M}",
                        "closes": f"{h.closes:%H:%M}",
                    }
                    for h in offer.hours.all()
                ],
            },
        }
        if offer.contact_phone:
            data["availableChannel"]["servicePhone"] = {
                "@type": "ContactPoint",
                "telephone": offer.contact_phone,
            }
    return data


def offer_jsonld(request: HttpRequest, shown: Shown) -> SafeString:
    """`<script type="application/ld+json">` with <, > and & escaped inside the JSON."""
    payload = json.dumps(offer_data(request, shown), ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
