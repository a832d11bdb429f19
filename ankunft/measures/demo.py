"""Demo data of the measures module: the fields of action, the three concepts, the six
measures of the "Ankunftsstadtteil Marxloh" with indicators and a year of monthly values,
linked to the seed decision (the HFA motion of 18.11.2021) and its position, and a few
barriers. Runs after the council and budget demos; idempotent and fast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction

from ankunft.budget.models import BudgetLine, Position
from ankunft.core.models import District, Municipality
from ankunft.council.models import Decision
from ankunft.measures import services
from ankunft.measures.models import (
    Barrier,
    Concept,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    StaffAllocation,
)
from ankunft.measures.services.barriers import barrier_answer, barrier_prioritise, barrier_report

FIRST_MONTH = dt.date(2022, 4, 1)
SEED_TITLE = "Personals im Kommunalen Integrationszentrum"
FIRST_CONTACT = "Erstanlaufstelle Marxloh"
SCHOOL = "Schulanmeldung neu zugewanderter Kinder"


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    target: int
    start: int  # first month's value
    step: int  # growth per month (a steady ramp-up with a small wobble)
    direction: str = Indicator.Direction.HIGHER


@dataclass(frozen=True)
class DemoMeasure:
    title: str
    description: str
    fields: tuple[str, ...]
    districts: tuple[str, ...]
    target_groups: str
    partners: tuple[str, ...]
    indicators: tuple[DemoIndicator, ...]
    direct_costs: int = 0


MEASURES = [
    DemoMeasure(
        FIRST_CONTACT,
        "Offene Sprechstunde im Stadtteil: erste Orientierung, Klärung der Anliegen, "
        "Begleitung zu Ämtern und Vermittlung an Beratungsstellen.",
        ("participation", "residence", "language"),
        ("Marxloh", "Obermarxloh"),
        "Neuzugewanderte Familien, insbesondere aus Südosteuropa",
        ("Caritasverband Duisburg", "Stadtteilbüro Marxloh"),
        (DemoIndicator("Beratene Neuzugewanderte pro Monat", "Personen", 40, 18, 3),),
        direct_costs=6000,
    ),
    DemoMeasure(
        SCHOOL,
        "Unterstützung der Familien von der Anmeldung bis zum ersten Schultag, "
        "Abstimmung mit Schulamt, Gesundheitsamt und Schulen.",
        ("education",),
        ("Marxloh", "Alt-Hamborn"),
        "Neu zugewanderte Kinder und Jugendliche im schulpflichtigen Alter",
        ("Schulamt für die Stadt Duisburg",),
        (
            DemoIndicator("Kinder innerhalb von 6 Wochen eingeschult", "%", 80, 52, 3),
            DemoIndicator(
                "Wartezeit bis zum Schulplatz", "Tage", 42, 75, -3, Indicator.Direction.LOWER
            ),
        ),
    ),
    DemoMeasure(
        "Brücke in Sprach- und Integrationskurse",
        "Überbrückungsangebote bis zum Kursbeginn und Vermittlung in Integrationskurse.",
        ("language",),
        ("Marxloh",),
        "Erwachsene Neuzugewanderte ohne Deutschkenntnisse",
        ("VHS Duisburg", "AWO Duisburg"),
        (DemoIndicator("Vermittlungen in Integrationskurse pro Monat", "Personen", 18, 6, 1),),
        direct_costs=12000,
    ),
    DemoMeasure(
        "Klärung der Krankenversicherung",
        "Sprechstunde mit Krankenkassen zur Klärung des Versicherungsschutzes.",
        ("health", "social_security"),
        ("Marxloh", "Neumühl"),
        "Neuzugewanderte ohne geklärten Krankenversicherungsschutz",
        ("Gesundheitsamt Duisburg",),
        (DemoIndicator("Geklärte Versicherungsfälle pro Monat", "Fälle", 18, 4, 1),),
    ),
    DemoMeasure(
        "Quartierslotsinnen und Quartierslotsen",
        "Mehrsprachige Lotsinnen und Lotsen aus dem Stadtteil begleiten Nachbarschaften.",
        ("participation", "housing", "anti_discrimination"),
        ("Marxloh", "Obermarxloh", "Röttgersbach"),
        "Nachbarschaften im Stadtteil",
        ("Stadtteilbüro Marxloh",),
        (DemoIndicator("Einsätze der Lotsinnen und Lotsen pro Monat", "Einsätze", 30, 12, 2),),
        direct_costs=18000,
    ),
    DemoMeasure(
        "Beratung Arbeit und Ausbildung",
        "Gemeinsame Sprechstunde mit Jobcenter und Agentur für Arbeit im Stadtteil.",
        ("work",),
        ("Marxloh", "Alt-Hamborn"),
        "Junge Erwachsene und Eltern auf Arbeitssuche",
        ("Jobcenter Duisburg",),
        (DemoIndicator("Vermittlungen in Arbeit oder Ausbildung pro Monat", "Personen", 5, 1, 1),),
    ),
]

BARRIERS = [
    ("Lange Wartezeiten auf Termine bei der Ausländerbehörde", "residence", "Ausländerbehörde",
     "Marxloh", Barrier.Priority.HIGH, FIRST_CONTACT),
    ("Schulplatz erst nach Schuleingangsuntersuchung – Termine fehlen", "education",
     "Gesundheitsamt", "Marxloh", Barrier.Priority.HIGH, SCHOOL),
    ("Versicherungsschutz bei EU-Zugewanderten ohne Beschäftigung unklar", "health",
     "Krankenkassen", "Hamborn", Barrier.Priority.MEDIUM, "Klärung der Krankenversicherung"),
    ("Keine Meldebescheinigung bei überbelegten Wohnungen", "housing", "Bürgeramt",
     "Marxloh", None, None),
    ("Bescheide des Jobcenters nur auf Deutsch", "work", "Jobcenter", "Obermarxloh", None, None),
]  # fmt: skip


def _months() -> list[dt.date]:
    return [dt.date(2022 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(12)]


def _values(spec: DemoIndicator) -> list[Decimal]:
    wobble = [0, 1, -1, 2, 0, -2, 1, 0, -1, 2, 1, 0]
    return [Decimal(max(spec.start + spec.step * i + wobble[i], 0)) for i in range(12)]


def seed_decision(municipality: Municipality) -> Decision | None:
    """The decision on the seed motion: by its title, else any decision with budget lines."""
    qs = Decision.objects.for_municipality(municipality.pk).select_related("paper")
    return (
        qs.filter(paper__name__icontains=SEED_TITLE).order_by("-date", "-id").first()
        or qs.filter(budget_lines__isnull=False).order_by("date", "id").first()
    )


def _measure(m: Municipality, concept: Concept, spec: DemoMeasure) -> Measure:
    existing = Measure.objects.for_municipality(m.pk).filter(concept=concept, title=spec.title)
    if existing.exists():
        return existing.get()
    return services.measure_create(
        actor=None,
        municipality=m,
        concept=concept,
        title=spec.title,
        description=spec.description,
        target_groups=spec.target_groups,
        start=FIRST_MONTH,
        status=Measure.Status.RUNNING,
        direct_costs=Decimal(spec.direct_costs),
        fields_of_action=FieldOfAction.objects.for_municipality(m.pk).filter(key__in=spec.fields),
        districts=District.objects.for_municipality(m.pk).filter(name__in=spec.districts),
        partners=[
            services.partner_ensure(actor=None, municipality=m, name=n) for n in spec.partners
        ],
    )


def _indicators(m: Municipality, measure: Measure, spec: DemoMeasure) -> None:
    for ind in spec.indicators:
        indicator = Indicator.objects.filter(measure=measure, name=ind.name).first()
        if indicator is None:
            indicator = services.indicator_create(
                actor=None,
                measure=measure,
                name=ind.name,
                unit=ind.unit,
                direction=ind.direction,
                baseline=Decimal(ind.start),
                target=Decimal(ind.target),
            )
        have = set(indicator.values.values_list("period", flat=True))
        IndicatorValue.objects.bulk_create(
            IndicatorValue(municipality=m, indicator=indicator, period=p, value=v)
            for p, v in zip(_months(), _values(ind), strict=True)
            if p not in have
        )


def _concept(m: Municipality, title: str, **kw: Any) -> Concept:
    found = Concept.objects.for_municipality(m.pk).filter(title=title).first()
    return found or services.concept_create(actor=None, municipality=m, title=title, **kw)


def _link_seed(m: Municipality, measures: dict[str, Measure], stdout: TextIO) -> None:
    decision = seed_decision(m)
    if decision is None:
        stdout.write("measures: no seed decision found; measures are not linked to money.\n")
        return
    lines = list(BudgetLine.objects.filter(decision=decision))
    for title in (FIRST_CONTACT, SCHOOL):
        measures[title].decisions.add(decision)
        measures[title].budget_lines.add(*lines)
    positions = (
        Position.objects.for_municipality(m.pk)
        .filter(fundings__budget_line__decision=decision)
        .distinct()
    )
    for position in positions:
        if StaffAllocation.objects.filter(position=position).exists():
            continue
        for title, percent in ((FIRST_CONTACT, 60), (SCHOOL, 40)):
            services.staff_allocation_create(
                actor=None,
                measure=measures[title],
                position=position,
                percent=Decimal(percent),
                valid_from=position.start,
            )


def _barriers(m: Municipality, measures: dict[str, Measure]) -> None:
    fields = {f.key: f for f in FieldOfAction.objects.for_municipality(m.pk)}
    districts = {d.name: d for d in District.objects.for_municipality(m.pk)}
    for i, (title, field, institution, district, priority, answer) in enumerate(BARRIERS):
        if Barrier.objects.for_municipality(m.pk).filter(title=title).exists():
            continue
        barrier = barrier_report(
            actor=None,
            municipality=m,
            title=title,
            field_of_action=fields.get(field),
            institution=institution,
            district=districts.get(district),
            source=Barrier.Source.CASE,
            reported_on=dt.date(2022, 5 + i, 10),
        )
        if priority is not None:
            barrier_prioritise(actor=None, barrier=barrier, priority=priority)
        if answer is not None:
            barrier_answer(actor=None, barrier=barrier, measure=measures[answer])


@transaction.atomic
def load(municipality: Municipality, stdout: TextIO) -> None:
    """Create (or keep) the demo concepts, measures, indicators, allocations and barriers."""
    m = municipality
    services.field_of_action_defaults_ensure(municipality=m)
    concept = _concept(
        m,
        "Integrationskonzept",
        description="Das Integrationskonzept der Stadt Duisburg.",
    )
    _concept(
        m,
        "Masterplan Integration",
        description="Weiterentwicklung des Integrationskonzepts.",
        parent=concept,
    )
    marxloh = _concept(
        m,
        "Ankunftsstadtteil Marxloh",
        reference="DS 21-0220",
        description="Konzept der Bezirksvertretung Hamborn für den Ankunftsstadtteil Marxloh.",
        parent=concept,
    )
    measures = {}
    for spec in MEASURES:
        measures[spec.title] = _measure(m, marxloh, spec)
        _indicators(m, measures[spec.title], spec)
    _link_seed(m, measures, stdout)
    _barriers(m, measures)
