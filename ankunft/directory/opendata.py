"""The published directory as open data: JSON (all languages) and CSV (one row per offer)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ankunft.core.models import Municipality
from ankunft.directory.models import Offer, TagKind
from ankunft.directory.offer_data import TEXT_FIELDS
from ankunft.directory.present import is_outdated
from ankunft.directory.validation import DAY_CODES

LICENSE = "https://www.govdata.de/dl-de/by-2-0"


def offer_record(offer: Offer, base_url: str) -> dict[str, Any]:
    return {
        "id": str(offer.uuid),
        "url": base_url + offer.get_absolute_url(),
        "revision": offer.revision,
        "provider": offer.provider.name,
        "fields_of_action": offer.tag_codes(TagKind.FIELD),
        "target_groups": offer.tag_codes(TagKind.TARGET),
        "languages": offer.tag_codes(TagKind.LANGUAGE),
        "accessibility": offer.tag_codes(TagKind.ACCESSIBILITY),
        "access": offer.access,
        "cost": offer.cost,
        "district": offer.district.name if offer.district else None,
        "address": {"street": offer.street, "postcode": offer.postcode, "city": offer.city},
        "latitude": offer.latitude,
        "longitude": offer.longitude,
        "phone": offer.contact_phone,
        "email": offer.contact_email,
        "website": offer.website,
        "opening_hours": [
            {"weekday": h.weekday, "opens": f"{h.opens:%H:%M}", "closes": f"{h.closes:%H:%M}"}
            for h in offer.hours.all()
        ],
        "exceptions": [
            {
                "date": e.date.isoformat(),
                "reason": e.reason,
                "opens": f"{e.opens:%H:%M}" if e.opens else None,
                "closes": f"{e.closes:%H:%M}" if e.closes else None,
            }
            for e in offer.exceptions.all()
        ],
        "valid_from": offer.valid_from.isoformat() if offer.valid_from else None,
        "valid_until": offer.valid_until.isoformat() if offer.valid_until else None,
        "last_reviewed": offer.last_reviewed.isoformat() if offer.last_reviewed else None,
        "source_language": offer.source_language,
        "texts": {
            t.language: {
                **{f: getattr(t, f) for f in TEXT_FIELDS},
                "outdated": is_outdated(offer, t),
            }
            for t in offer.translations.all()
        },
    }


def json_chunks(
    municipality: Municipality, offers: QuerySet[Offer], base_url: str
) -> Iterator[str]:
    head = {
        "municipality": municipality.name,
        "generated": timezone.now().isoformat(timespec="seconds"),
        "license": LICENSE,
        "count": offers.count(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "offers": ['
    for n, offer in enumerate(offers.iterator(chunk_size=500)):
        yield ("," if n else "") + json.dumps(offer_record(offer, base_url), ensure_ascii=False)
    yield "]}"


CSV_COLUMNS = [
    "id", "url", "provider", "fields_of_action", "target_groups", "languages", "access",
    "cost", "district", "street", "postcode", "city", "latitude", "longitude", "phone",
    "email", "website", "opening_hours", "valid_from", "valid_until", "last_reviewed",
]  # fmt: skip


def _csv_row(offer: Offer, record: dict[str, Any], languages: list[str]) -> list[Any]:
    hours = "; ".join(
        f"{DAY_CODES[h['weekday']]} {h['opens']}-{h['closes']}" for h in record["opening_hours"]
    )
    values = {
        **record,
        **record["address"],
        "fields_of_action": " ".join(record["fields_of_action"]),
        "target_groups": " ".join(record["target_groups"]),
        "languages": " ".join(record["languages"]),
        "opening_hours": hours,
    }
    row = [_safe_cell(str(values.get(c) if values.get(c) is not None else "")) for c in CSV_COLUMNS]
    texts = record["texts"]
    row += [_safe_cell(texts.get(lang, {}).get("title", "")) for lang in languages]
    row += [_safe_cell(texts.get(lang, {}).get("summary", "")) for lang in languages]
    return row


def csv_chunks(municipality: Municipality, offers: QuerySet[Offer], base_url: str) -> Iterator[str]:
    languages = list(municipality.content_languages)
    header = CSV_COLUMNS + [f"title_{lang}" for lang in languages]
    header += [f"summary_{lang}" for lang in languages]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for offer in offers.iterator(chunk_size=500):
        writer.writerow(_csv_row(offer, offer_record(offer, base_url), languages))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _safe_cell(value: str) -> str:
    # Spreadsheet programs run cells starting with = + - @ as formulas (CSV injection).
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value
