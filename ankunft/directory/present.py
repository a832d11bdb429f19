"""An offer as a reader sees it: the text in their language (or a marked fallback),
labels of its tags, open now?, and the distance from a chosen place."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ankunft.directory.hours import open_at
from ankunft.directory.models import Offer, OfferTranslation, TagKind
from ankunft.directory.models.choices import language_name, tag_label


def choose_text(offer: Offer, reader: str) -> OfferTranslation | None:
    """The reader's language, else English (for non-German readers), German, the original."""
    texts = {t.language: t for t in offer.translations.all()}
    order = [reader] + (["en", "de"] if reader != "de" else []) + [offer.source_language]
    for code in order:
        if code in texts:
            return texts[code]
    return next(iter(texts.values()), None)


def is_outdated(offer: Offer, text: OfferTranslation) -> bool:
    if text.language == offer.source_language:
        return False
    source = next(
        (t for t in offer.translations.all() if t.language == offer.source_language), None
    )
    return source is not None and (text.source_version or 0) < source.version


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


@dataclass
class Shown:
    offer: Offer
    text: OfferTranslation | None
    fallback: bool
    outdated: bool
    open_now: bool
    distance: float | None = None

    @property
    def title(self) -> str:
        return self.text.title if self.text else str(self.offer)

    @property
    def description(self) -> str:
        """The description without a first paragraph that only repeats the summary (the
        page shows the summary right above it)."""
        if self.text is None:
            return ""
        description, summary = self.text.description.strip(), self.text.summary.strip()
        rest = description[len(summary) :]
        if summary and description.startswith(summary) and (not rest or rest[0].isspace()):
            return rest.lstrip()
        return description

    @property
    def text_language(self) -> str:
        return self.text.language if self.text else self.offer.source_language

    @property
    def text_language_name(self) -> str:
        return language_name(self.text_language)

    def labels(self, kind: str) -> list[str]:
        return [tag_label(kind, code) for code in self.offer.tag_codes(kind)]

    @property
    def fields(self) -> list[str]:
        return self.labels(TagKind.FIELD)

    @property
    def languages(self) -> list[str]:
        return self.labels(TagKind.LANGUAGE)

    @property
    def target_groups(self) -> list[str]:
        return self.labels(TagKind.TARGET)

    @property
    def accessibility(self) -> list[str]:
        return self.labels(TagKind.ACCESSIBILITY)


def show(
    offer: Offer, reader: str, now: dt.datetime, origin: tuple[float, float] | None = None
) -> Shown:
    text = choose_text(offer, reader)
    distance = None
    if origin and offer.latitude is not None and offer.longitude is not None:
        distance = distance_km(origin[0], origin[1], offer.latitude, offer.longitude)
    return Shown(
        offer=offer,
        text=text,
        fallback=text is not None and text.language != reader,
        outdated=text is not None and is_outdated(offer, text),
        open_now=open_at(offer, now),
        distance=distance,
    )
