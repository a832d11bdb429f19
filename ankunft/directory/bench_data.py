"""Generate offers for `ankunft bench directory-search` in a throw-away database.

Run as `python -m ankunft.directory.bench_data N` with DATABASE_URL pointing at that
database (the benchmark does this). Offers are built from the demo's texts, spread over
Duisburg's districts, 500 providers and three languages each (de, en and one more).
"""

from __future__ import annotations

import io
import os
import random
import sys


def main(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ankunft.settings")
    import django  # noqa: PLC0415

    django.setup()
    from django.db import connection  # noqa: PLC0415

    from ankunft.core import demo as core_demo  # noqa: PLC0415
    from ankunft.core.models import District  # noqa: PLC0415
    from ankunft.directory import demo  # noqa: PLC0415
    from ankunft.directory.bulk import NewOffer, create_offers  # noqa: PLC0415
    from ankunft.directory.models import Offer, Provider  # noqa: PLC0415
    from ankunft.directory.services import OfferData  # noqa: PLC0415
    from ankunft.directory.validation import parse_hours  # noqa: PLC0415

    rng = random.Random(20211118)  # noqa: S311 - reproducible test data
    municipality = core_demo.load()
    if Offer.objects.count() >= count:
        print(f"reusing {Offer.objects.count()} offers")
        return
    demo.load(municipality, io.StringIO())
    content = demo._content()
    kinds = list(content["kinds"].items())
    districts = list(District.objects.for_municipality(municipality.pk))
    words = ["Nord", "Süd", "Rhein", "Ruhr", "Hafen", "Brücke", "Zukunft", "Miteinander"]
    forms = ["e.V.", "gGmbH", "Stiftung", "Initiative", "Zentrum"]
    existing = Provider.objects.for_municipality(municipality.pk).count()
    Provider.objects.bulk_create(
        Provider(
            municipality=municipality,
            name=f"{rng.choice(words)}{rng.choice(words).lower()} {n} {rng.choice(forms)}",
            city="Duisburg",
        )
        for n in range(max(0, 500 - existing))
    )
    providers = list(Provider.objects.for_municipality(municipality.pk).values_list("pk", "name"))
    hours = [parse_hours(h) for h in demo.HOURS]
    extra = ["tr", "ar", "ro", "bg"]
    items = []
    for n in range(count):
        _kind, spec = kinds[n % len(kinds)]
        provider_id, provider_name = providers[rng.randrange(len(providers))]
        district = districts[rng.randrange(len(districts))]
        languages = ["de", "en", extra[n % len(extra)]]
        texts = {}
        for lang in languages:
            t = demo._texts(content, spec, lang, None)
            t.title = f"{t.title} – {provider_name}"[:200]
            texts[lang] = t
        items.append(
            NewOffer(
                data=OfferData(
                    provider_id=provider_id,
                    district_id=district.pk,
                    street=f"Musterstraße {n % 300 + 1}",
                    postcode="47169",
                    city="Duisburg",
                    latitude=round(51.36 + rng.random() * 0.18, 6),
                    longitude=round(6.68 + rng.random() * 0.16, 6),
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
    create_offers(municipality, items, validate=False, revisions=False, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, or the planners guess badly


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
