"""Data classes of the directory's fields.

Offers and organisations are not personal. The contact person of a provider is (published
only with consent), and so is who changed or proposed what (staff and provider accounts).
"""

from __future__ import annotations

from ankunft.core.classification import DataClass

N = DataClass.NOT_PERSONAL
P = DataClass.PERSONAL

FIELDS = {
    "Provider": {
        "municipality": N,
        "name": N,
        "description": N,
        "website": N,
        "email": N,
        "phone": N,
        "street": N,
        "postcode": N,
        "city": N,
        "contact_person_name": P,
        "contact_person_phone": P,
        "contact_person_email": P,
        "contact_person_public": P,
        "contact_consent_date": P,
        "created_at": N,
    },
    "ProviderMembership": {"municipality": N, "provider": N, "user": P, "created_at": N},
    "DirectorySettings": {
        "municipality": N,
        "tile_url": N,
        "tile_attribution": N,
        "review_interval_days": N,
        "review_provider_changes": N,
    },
    "Offer": {
        "municipality": N,
        "uuid": N,
        "provider": N,
        "district": N,
        "status": N,
        "source_language": N,
        "slug": N,
        "street": N,
        "postcode": N,
        "city": N,
        "latitude": N,
        "longitude": N,
        "access": N,
        "cost": N,
        # The offer's own (office) line and address, not a person's.
        "contact_phone": N,
        "contact_email": N,
        "website": N,
        "valid_from": N,
        "valid_until": N,
        "last_reviewed": N,
        "revision": N,
        "created_at": N,
        "updated_at": N,
    },
    "OfferTag": {"municipality": N, "offer": N, "kind": N, "code": N},
    "OfferTranslation": {
        "municipality": N,
        "offer": N,
        "language": N,
        "title": N,
        "summary": N,
        "description": N,
        "hours_note": N,
        "cost_note": N,
        "version": N,
        "source_language": N,
        "source_version": N,
        "updated_at": N,
    },
    "OpeningHours": {"municipality": N, "offer": N, "weekday": N, "opens": N, "closes": N},
    "OpeningException": {
        "municipality": N,
        "offer": N,
        "date": N,
        "reason": N,
        "opens": N,
        "closes": N,
    },
    "OfferRevision": {
        "municipality": N,
        "offer": N,
        "number": N,
        "created_at": N,
        "actor": P,
        "proposed_by": P,
        "note": N,
        "data": N,
    },
    "OfferChange": {
        "municipality": N,
        "offer": N,
        "state": N,
        "proposed_by": P,
        "proposed_at": N,
        "base_revision": N,
        "data": N,
        "decided_by": P,
        "decided_at": N,
        "decision_note": N,
    },
    "SearchDocument": {
        "municipality": N,
        "offer": N,
        "language": N,
        "title": N,
        "keywords": N,
        "body": N,
    },
    "SearchTerm": {"municipality": N, "term": N},
}
