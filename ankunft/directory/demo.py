"""Demo directory for Marxloh and Hamborn: 14 fictitious providers, 60 offers in all fields
of action, texts in de, en, tr, ar, ro, bg (some also uk; a few deliberately missing or
outdated, so the translation queue has work). Fast and idempotent: offers have stable
UUIDs derived from their demo keys and are created only once.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from ankunft.core.models import District, Municipality, Role, User
from ankunft.directory.bulk import NewOffer, create_offers
from ankunft.directory.models import (
    DirectorySettings,
    Offer,
    OfferTranslation,
    Provider,
    ProviderMembership,
)
from ankunft.directory.services import OfferData, OfferTexts, data_of
from ankunft.directory.services.offers import apply_change
from ankunft.directory.validation import parse_exceptions, parse_hours

NAMESPACE = uuid.UUID("0b7f4a53-6d3e-4a39-9a0c-3f4e8f1d2c10")
CONTENT = Path(__file__).with_name("demo_offers.json")
QUARTERS = {
    "Marxloh": (51.5003, 6.7795),
    "Obermarxloh": (51.4982, 6.7712),
    "Neumühl": (51.5021, 6.8003),
    "Alt-Hamborn": (51.4931, 6.7760),
    "Röttgersbach": (51.4902, 6.7921),
}
PROVIDERS = {
    "kulturverein": ("Kulturverein Marxloh e.V.", "Weseler Straße 54", "47169", "Marxloh"),
    "familienzentrum": (
        "Familienzentrum Obermarxloh",
        "Henriettenstraße 12",
        "47169",
        "Obermarxloh",
    ),
    "bildungswerk": ("Bildungswerk Hamborn gGmbH", "Duisburger Straße 120", "47166", "Alt-Hamborn"),
    "wohlfahrt": (
        "Wohlfahrtsverband Rhein-Ruhr e.V.",
        "Kaiser-Wilhelm-Straße 280",
        "47169",
        "Marxloh",
    ),
    "nachbarschaft": ("Nachbarschaftshilfe Neumühl e.V.", "Lehrerstraße 8", "47167", "Neumühl"),
    "ki": ("Kommunales Integrationszentrum – Büro Marxloh", "Pollmannstraße 3", "47169", "Marxloh"),
    "gesundheitsladen": ("Gesundheitsladen Hamborn e.V.", "Jägerstraße 40", "47166", "Alt-Hamborn"),
    "jugendzentrum": ("Jugendzentrum Röttgersbach", "Fahrner Straße 150", "47169", "Röttgersbach"),
    "bruecke": ("Beratungsstelle Brücke e.V.", "Hamborner Altmarkt 5", "47166", "Alt-Hamborn"),
    "sportverein": ("SV Marxloh-Nord 1921 e.V.", "Sportplatzweg 2", "47169", "Marxloh"),
    "arbeit": ("Arbeit & Zukunft Duisburg-Nord gGmbH", "Alleestraße 70", "47166", "Alt-Hamborn"),
    "adb": ("Antidiskriminierungsbüro Ruhr-Nord e.V.", "Weseler Straße 110", "47169", "Marxloh"),
    "mieterhilfe": ("Mieterhilfe Duisburg-Nord e.V.", "Holtener Straße 20", "47167", "Neumühl"),
    "frauennetz": (
        "Frauen-Netzwerk Alt-Hamborn e.V.",
        "Hamborner Straße 200",
        "47166",
        "Alt-Hamborn",
    ),
}
HOURS = [
    "Mo-Fr 09:00-12:00",
    "Mo, Mi 14:00-17:00",
    "Di, Do 09:00-12:30\nDi, Do 13:30-16:00",
    "Mo-Do 15:00-19:00",
    "Sa 10:00-14:00",
    "Mo-Fr 08:30-16:00",
    "Mi 10:00-12:00\nFr 10:00-12:00",
    "Fr 16:00-20:00\nSa 14:00-20:00",
    "Di 17:00-20:00",
    "Mo-Fr 13:00-18:00",
]
# kind → the two providers that run it, in different quarters (the first offer is the main
# one; the second one's title names its quarter, so no two offers share a title).
PLACEMENT = {
    "german_course_women": ("kulturverein", "familienzentrum"),
    "integration_course": ("bildungswerk", "wohlfahrt"),
    "language_cafe": ("kulturverein", "nachbarschaft"),
    "literacy_course": ("bildungswerk", "familienzentrum"),
    "school_enrolment": ("ki", "familienzentrum"),
    "kita_search": ("familienzentrum", "ki"),
    "homework_help": ("jugendzentrum", "kulturverein"),
    "parents_school": ("familienzentrum", "kulturverein"),
    "job_counselling": ("arbeit", "wohlfahrt"),
    "recognition": ("arbeit", "ki"),
    "apprenticeship": ("arbeit", "jugendzentrum"),
    "application_workshop": ("arbeit", "nachbarschaft"),
    "housing_advice": ("wohlfahrt", "nachbarschaft"),
    "tenant_rights": ("mieterhilfe", "wohlfahrt"),
    "neighbourhood_office": ("ki", "nachbarschaft"),
    "clinic_uninsured": ("gesundheitsladen", "wohlfahrt"),
    "vaccination": ("gesundheitsladen", "familienzentrum"),
    "pregnancy_counselling": ("wohlfahrt", "frauennetz"),
    "psychosocial": ("bruecke", "wohlfahrt"),
    "migration_advice": ("wohlfahrt", "bruecke"),
    "asylum_advice": ("bruecke", "wohlfahrt"),
    "eu_citizens_advice": ("ki", "bruecke"),
    "benefits_advice": ("wohlfahrt", "nachbarschaft"),
    "debt_counselling": ("mieterhilfe", "wohlfahrt"),
    "women_meeting": ("frauennetz", "kulturverein"),
    "youth_club": ("jugendzentrum", "sportverein"),
    "sports_club": ("sportverein", "jugendzentrum"),
    "volunteering": ("nachbarschaft", "kulturverein"),
    "antidiscrimination_office": ("adb", "frauennetz"),
    "discrimination_housing_work": ("adb", "mieterhilfe"),
}
# The school-enrolment office of the KI keeps office hours (journey 5 finds it open).
OWN_HOURS = {("school_enrolment", 0): "Mo-Fr 08:30-12:30\nDi, Do 14:00-16:00"}
PROVIDER_LOGIN = ("provider", "kulturverein")
DUE_REMAINDER = 4


def offer_uuid(kind: str, number: int) -> uuid.UUID:
    """The stable identity of a demo offer (tests use it, too)."""
    return uuid.uuid5(NAMESPACE, f"{kind}/{number}")


def _content() -> dict[str, Any]:
    content: dict[str, Any] = json.loads(CONTENT.read_text(encoding="utf-8"))
    return content


def _texts(
    content: dict[str, Any], spec: dict[str, Any], lang: str, quarter: str | None
) -> OfferTexts:
    """The texts of one demo offer: the summary once, the description adds to it."""
    title, summary = spec["texts"][lang]
    if quarter:
        title = f"{title} – {quarter}"
    practical = content["practical"]
    sentences: list[str] = []
    for field in spec["fields"][:1]:
        sentence = content["field_sentences"][field].get(lang)
        if sentence:
            sentences.append(sentence)
    sentences += [
        practical[k][lang] for k in (spec["cost"], spec["access"]) if lang in practical[k]
    ]
    cost_note = content["cost_note_fee"].get(lang, "") if spec["cost"] == "fee" else ""
    return OfferTexts(
        title=title, summary=summary, description="\n\n".join(sentences), cost_note=cost_note
    )


def _providers(m: Municipality, actor: User | None) -> dict[str, Provider]:
    result: dict[str, Provider] = {}
    for key, (name, street, postcode, _quarter) in PROVIDERS.items():
        provider, _created = Provider.objects.get_or_create(
            municipality=m,
            name=name,
            defaults={
                "street": street,
                "postcode": postcode,
                "city": "Duisburg",
                "phone": f"0203 {40000 + len(result) * 137}",
                "email": f"info@{key}.example.org",
                "website": f"https://{key}.example.org",
                "contact_person_name": "Mira Beispiel" if key == "kulturverein" else "",
                "contact_person_public": key == "kulturverein",
                "contact_consent_date": dt.date(2026, 1, 15) if key == "kulturverein" else None,
            },
        )
        result[key] = provider
    return result


def _new_offer(
    *, kind: str, number: int, provider_key: str, provider: Provider,
    districts: dict[str, District], content: dict[str, Any],
) -> NewOffer:  # fmt: skip
    spec = content["kinds"][kind]
    index = list(PLACEMENT).index(kind) * 2 + number
    _name, street, postcode, quarter = PROVIDERS[provider_key]
    lat, lon = QUARTERS[quarter]
    exceptions = "24.12.2026 Feiertag\n31.12.2026 10:00-12:00" if index % 4 == 0 else ""
    data = OfferData(
        provider_id=provider.pk,
        district_id=districts[quarter].pk,
        street=street,
        postcode=postcode,
        city="Duisburg",
        latitude=round(lat + ((index * 37) % 11 - 5) * 0.0004, 6),
        longitude=round(lon + ((index * 53) % 13 - 6) * 0.0005, 6),
        access=spec["access"],
        cost=spec["cost"],
        contact_phone=f"0203 {41000 + index * 17}",
        contact_email=f"{kind.replace('_', '-')}@{provider_key}.example.org",
        website=f"https://{provider_key}.example.org/{kind.replace('_', '-')}",
        fields=spec["fields"],
        target_groups=spec["targets"],
        languages=spec["spoken"],
        accessibility=spec["accessibility"],
        hours=parse_hours(OWN_HOURS.get((kind, number), HOURS[index % len(HOURS)])),
        exceptions=parse_exceptions(exceptions),
    )
    languages = list(spec["texts"])  # German first: the original
    if number == 1 and index % 5 == 1:
        languages = [lang for lang in languages if lang not in {"ro", "bg"}]  # not yet translated
    return NewOffer(
        data=data,
        texts={
            lang: _texts(content, spec, lang, quarter if number else None) for lang in languages
        },
        uuid=offer_uuid(kind, number),
        # Some offers were not confirmed for over a year: flagged to provider and KI.
        last_reviewed_days_ago=400 if index % 9 == DUE_REMAINDER else index % 60,
    )


@transaction.atomic
def load(municipality: Municipality, stdout: TextIO) -> None:
    """Providers, offers, settings and the demo provider login for Duisburg."""
    actor = User.objects.filter(municipality=municipality, role=Role.HEAD_OF_KI).first()
    if actor is None:
        return
    DirectorySettings.objects.get_or_create(municipality=municipality)
    districts = {d.name: d for d in District.objects.for_municipality(municipality.pk)}
    if any(q not in districts for q in QUARTERS):
        return
    providers = _providers(municipality, actor)
    login = User.objects.filter(username=PROVIDER_LOGIN[0], municipality=municipality).first()
    if login is not None:
        ProviderMembership.objects.get_or_create(
            user=login,
            defaults={"provider": providers[PROVIDER_LOGIN[1]], "municipality": municipality},
        )
    existing = set(Offer.objects.for_municipality(municipality.pk).values_list("uuid", flat=True))
    content = _content()
    new = [
        _new_offer(
            kind=kind,
            number=number,
            provider_key=provider_key,
            provider=providers[provider_key],
            districts=districts,
            content=content,
        )
        for kind, placed in PLACEMENT.items()
        for number, provider_key in enumerate(placed)
        if offer_uuid(kind, number) not in existing
    ]
    if not new:
        return
    create_offers(municipality, new, actor=actor)
    _outdate(actor, Offer.objects.get(uuid=offer_uuid("homework_help", 0)))
    stdout.write(f"directory: {len(new)} offers of {len(providers)} providers\n")


def _outdate(actor: User, offer: Offer) -> None:
    """A major change of the German text after translation: the queue shows it outdated."""
    fresh = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(pk=offer.pk)
    source = OfferTranslation.objects.get(offer=offer, language="de")
    texts = OfferTexts(
        title=source.title,
        summary=source.summary,
        description=source.description + "\n\nNeu: Jetzt auch samstags von 10 bis 13 Uhr.",
    )
    apply_change(actor, fresh, data_of(fresh), texts, minor=False, note="Samstag ergänzt")
