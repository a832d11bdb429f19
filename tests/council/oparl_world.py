"""A small demo-like council for the OParl endpoint's tests: bodies, a faction, two
meetings (one with a location record, one with a location as text), agenda items, papers
with files and consultations, a published status report, a deleted paper, a person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ankunft.core.models import Municipality
from ankunft.council.models import (
    AgendaItem,
    Consultation,
    File,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from tests.budget.conftest import seed_decision
from tests.council import factories as cf
from tests.reports import world_public

UTC = dt.UTC
MODIFIED = dt.datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class World:
    council: Organization
    faction: Organization
    meeting: Meeting
    paper: Paper
    seed: Paper
    deleted: Paper
    item: AgendaItem
    closed: AgendaItem
    person: Person


def build(m: Municipality) -> World:
    council = cf.organization(
        m, name="Rat der Stadt", short_name="Rat", kind=Organization.Kind.COUNCIL
    )
    faction = cf.organization(m, name="Fraktion A", kind=Organization.Kind.FACTION)
    hall = Location.objects.create(
        municipality=m, description="Rathaus", room="Ratssaal", postal_code="47051",
        locality="Duisburg", street_address="Burgplatz 19", modified=MODIFIED,
    )  # fmt: skip
    meeting = cf.meeting(m, council, name="Rat – 3. Sitzung", location_record=hall)
    meeting.modified = MODIFIED
    meeting.save()
    cf.meeting(m, council, name="Rat – 4. Sitzung", location="Rathaus, Ratssaal")
    paper = cf.paper(m, name="Sprachkurse für Neuzugewanderte", originators=[faction])
    paper.modified = MODIFIED
    paper.save()
    consultation = Consultation.objects.create(
        municipality=m, paper=paper, meeting=meeting, organization=council,
        role="Entscheidung", authoritative=True,
    )  # fmt: skip
    item = AgendaItem.objects.create(
        municipality=m, meeting=meeting, number="Ö 1", order=1, name=paper.name,
        consultation=consultation, result="einstimmig zugestimmt",
        resolution_text="Der Rat beschließt die Sprachkurse.",
    )  # fmt: skip
    closed = AgendaItem.objects.create(
        municipality=m, meeting=meeting, number="N 1", order=2, public=False,
        name="Grundstücksangelegenheit Musterstraße",
    )  # fmt: skip
    pdf = "https://ratsinfo.example/files/"
    File.objects.create(
        municipality=m, paper=paper, paper_role=File.PaperRole.MAIN, name="Antrag",
        mime_type="application/pdf", access_url=pdf + "1.pdf", text="Antragstext",
    )  # fmt: skip
    File.objects.create(
        municipality=m, paper=paper, paper_role=File.PaperRole.AUXILIARY, name="Anlage 1",
        mime_type="application/pdf", access_url=pdf + "2.pdf",
    )  # fmt: skip
    File.objects.create(
        municipality=m, meeting=meeting, meeting_role=File.MeetingRole.INVITATION,
        name="Einladung", access_url=pdf + "3.pdf",
    )  # fmt: skip
    File.objects.create(
        municipality=m, agenda_item=item, agenda_item_role=File.AgendaItemRole.RESOLUTION,
        name="Beschluss Ö 1", access_url=pdf + "4.pdf",
    )  # fmt: skip
    decision = seed_decision(m)
    world_public.report(m, decision, published=True)
    deleted = cf.paper(m, name="Zurückgezogen", deleted=True, modified=MODIFIED)
    person = Person.objects.create(
        municipality=m, name="Dr. Erika Muster", family_name="Muster", given_name="Erika",
        title=["Dr."], modified=MODIFIED,
    )  # fmt: skip
    Membership.objects.create(
        municipality=m, person=person, organization=council, role="Mitglied",
        voting_right=True, start_date=dt.date(2020, 11, 1), on_behalf_of=faction,
    )  # fmt: skip
    return World(council, faction, meeting, paper, decision.paper, deleted, item, closed, person)
