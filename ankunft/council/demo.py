"""Demo data of the council: the seed motion of 11.11.2021, read, confirmed and adopted.

The motion (SPD, CDU, GRÜNE to the Haupt- und Finanzausschuss of Duisburg) is read from its
plain text with the motion reader and stored as the person would confirm it. Its text names
no reference of its own, so the paper keeps the reader's empty reference; it is found again
by its title and source, which makes loading twice safe. The related paper DS 21-0220
("Ankunftsstadtteil Marxloh", adopted by the Bezirksvertretung Hamborn; its date is not in
the motion, so the demo leaves it open) is created first, so the motion links to it.

The decision of 18.11.2021 is recorded through `decision_record`, so the handlers of
downstream modules run (the budget module creates the budget lines for 2022 and 2023).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TextIO

from django.db import transaction

from ankunft.core.models import Municipality
from ankunft.council import services
from ankunft.council.models import Consultation, Decision, Organization, Paper
from ankunft.council.motion_reader import read_motion

SEED = Path(__file__).parent / "seed" / "antrag-hfa-2021-11-18-personal-ki.txt"
MEETING_DAY = datetime.date(2021, 11, 18)
RELATED_REFERENCE = "DS 21-0220"
HAMBORN = "Bezirksvertretung Hamborn"
# Full names for the short names the reader finds, so that the demo reads well.
BODIES = [
    ("SPD", "SPD-Fraktion", Organization.Kind.FACTION),
    ("CDU", "CDU-Fraktion", Organization.Kind.FACTION),
    ("GRÜNE", "Fraktion Bündnis 90/Die Grünen", Organization.Kind.FACTION),
    ("HFA", "Haupt- und Finanzausschuss", Organization.Kind.COMMITTEE),
    ("Rat", "Rat der Stadt", Organization.Kind.COUNCIL),
]


def _related_paper(municipality: Municipality) -> Paper:
    existing = (
        Paper.objects.for_municipality(municipality.pk).filter(reference=RELATED_REFERENCE).first()
    )
    if existing is not None:
        return existing
    district = services.organization_ensure(
        actor=None,
        municipality=municipality,
        short_name="BV Hamborn",
        name=HAMBORN,
        kind=Organization.Kind.DISTRICT_COUNCIL,
    )
    paper = services.paper_create(
        actor=None,
        municipality=municipality,
        name="Ankunftsstadtteil Marxloh",
        reference=RELATED_REFERENCE,
        paper_type="Antrag",
        text=(
            "Politischer Antrag zum Konzept „Ankunftsstadtteil Marxloh“: Integration von "
            "Neuzugewanderten im Stadtteil Marxloh, im Rahmen des städtischen "
            "Integrationskonzepts."
        ),
    )
    Consultation.objects.create(
        municipality=municipality,
        paper=paper,
        organization=district,
        role="Entscheidung",
        authoritative=True,
        result="mehrheitlich beschlossen",
    )
    services.decision_record(
        actor=None,
        paper=paper,
        outcome=Decision.Outcome.ADOPTED,
        date=None,
        organization=district,
        resolution_text="mehrheitlich beschlossen",
    )
    return paper


@transaction.atomic
def load(municipality: Municipality, stdout: TextIO) -> None:
    """Load the council's demo data into `municipality` (safe to run twice)."""
    text = SEED.read_text(encoding="utf-8")
    proposal = read_motion(text)
    title = proposal.title or "Verstärkung des Personals im Kommunalen Integrationszentrum (KI)"
    for short_name, name, kind in BODIES:
        services.organization_ensure(
            actor=None, municipality=municipality, short_name=short_name, name=name, kind=kind
        )
    _related_paper(municipality)
    if (
        Paper.objects.for_municipality(municipality.pk)
        .filter(source=Paper.Source.MOTION_READER, name=title)
        .exists()
    ):
        return
    paper = services.motion_confirm(
        actor=None,
        municipality=municipality,
        motion=services.ConfirmedMotion(
            title=title,
            reference=proposal.reference or "",
            date=proposal.date,
            originators=proposal.originators,
            committee=proposal.committee or "",
            meeting_date=proposal.meeting_date,
            allocations=[
                services.AllocationData(
                    year=a.year, amount_eur=a.amount_eur, recurring=a.recurring, kind=a.kind
                )
                for a in proposal.allocations
            ],
            cover=proposal.cover or "",
            related_references=proposal.related_references,
            text=text,
        ),
    )
    committee = (
        Consultation.objects.filter(paper=paper, authoritative=True)
        .select_related("organization")
        .first()
    )
    services.decision_record(
        actor=None,
        paper=paper,
        outcome=Decision.Outcome.ADOPTED,
        date=MEETING_DAY,
        organization=committee.organization if committee else None,
        resolution_text="Der Haupt- und Finanzausschuss stimmt dem Antrag zu.",
    )
    stdout.write(f"council: {paper} ({len(proposal.allocations)} allocations, adopted)\n")
