"""A town's offers in the directory: the demo's texts (German, English and one more language
each), spread over the town's districts and providers, written through the directory's own
bulk path (`directory.bulk.create_offers`: offers, tags, hours, texts, search documents), as
its benchmark data generator (`directory.bench_data`) does. Providers and offers are
fictitious ("Brückenbauer 12 e.V.", "Musterstraße 3")."""

from __future__ import annotations

import random

from ankunft.directory import demo
from ankunft.directory.bulk import NewOffer, create_offers
from ankunft.directory.models import Provider
from ankunft.directory.offer_data import OfferData
from ankunft.directory.validation import parse_hours
from ankunft.scale.town import Town

WORDS = ("Nord", "Süd", "Rhein", "Ruhr", "Hafen", "Brücke", "Zukunft", "Miteinander")
FORMS = ("e.V.", "gGmbH", "Stiftung", "Initiative", "Zentrum")
EXTRA = ("tr", "ar", "ro", "bg")
OFFERS_PER_PROVIDER = 20


def create(town: Town, count: int, rng: random.Random) -> None:
    if count <= 0:
        return
    m = town.municipality
    content = demo._content()
    kinds = list(content["kinds"].values())
    providers = Provider.objects.bulk_create(
        Provider(
            municipality=m,
            name=f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {n + 1} {rng.choice(FORMS)}",
            city=m.name,
        )
        for n in range(max(1, count // OFFERS_PER_PROVIDER))
    )
    hours = [parse_hours(h) for h in demo.HOURS]
    items = []
    for n in range(count):
        spec = kinds[n % len(kinds)]
        provider = providers[rng.randrange(len(providers))]
        texts = {}
        for lang in ("de", "en", EXTRA[n % len(EXTRA)]):
            t = demo._texts(content, spec, lang, None)
            t.title = f"{t.title} – {provider.name}"[:200]
            texts[lang] = t
        items.append(
            NewOffer(
                data=OfferData(
                    provider_id=provider.pk,
                    district_id=rng.choice(town.districts),
                    street=f"Musterstraße {n % 300 + 1}",
                    postcode=f"{40000 + town.index * 10:05d}",
                    city=m.name,
                    latitude=round(50.4 + (town.index % 9) * 0.2 + rng.random() * 0.1, 6),
                    longitude=round(6.0 + (town.index // 9) * 0.2 + rng.random() * 0.1, 6),
                    access=spec["access"],
                    cost=spec["cost"],
                    fields=spec["fields"],
                    target_groups=spec["targets"],
                    languages=spec["spoken"],
                    accessibility=spec["accessibility"],
                    hours=hours[n % len(hours)],
                ),
                texts=texts,
                last_reviewed_days_ago=rng.randrange(500),
            )
        )
    created = create_offers(m, items, validate=False, revisions=False, batch_size=2000)
    town.offers = [o.pk for o in created]
