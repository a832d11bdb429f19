"""The whole OParl model over HTTP: references that answer 404, persons and memberships,
files of meetings and agenda items (a local endpoint, tiny data)."""

from __future__ import annotations

import pytest

from ankunft.council.models import (
    AgendaItem,
    CouncilSettings,
    File,
    Membership,
    Paper,
    Person,
)
from ankunft.council.oparl.client import HttpClient, HttpSource
from ankunft.council.oparl.importer import import_oparl
from tests.council.oparl_server import KARLSRUHE, FakeOParl, sample_subset, serve

pytestmark = pytest.mark.django_db
T = "https://schema.oparl.org/1.1/"


def _person(n: int) -> dict:
    return {
        "id": f"{KARLSRUHE}/people/{n}",
        "type": T + "Person",
        "name": f"Stadträtin Nr. {n}",
        "familyName": f"Nr{n}",
        "givenName": "Anna",
        "email": ["not-kept@example.org"],
        "membership": [
            {
                "id": f"{KARLSRUHE}/memberships/{n}",
                "type": T + "Membership",
                "organization": f"{KARLSRUHE}/organizations/gr/32130",
                "role": "Mitglied",
                "votingRight": True,
                "startDate": "2024-07-01",
            }
        ],
    }


def test_references_that_answer_404_are_final_at_once(town):
    """Every referenced file, consultation and body answers 404: the papers are imported
    without them, each URL is asked for once, and the client never waits (no back-off)."""
    papers, meetings = sample_subset(2)
    for n, paper in enumerate(papers):
        paper["auxiliaryFile"] = [f"{KARLSRUHE}/files/gone-{n}"]
        paper["consultation"] = [f"{KARLSRUHE}/consultations/gone-{n}"]
        paper["originatorOrganization"] = [f"{KARLSRUHE}/organizations/gone"]
    state = FakeOParl(papers, meetings)
    waits: list[float] = []
    with serve(state), HttpClient(rate=0, backoff=5.0, sleep=waits.append) as client:
        report = import_oparl(source=HttpSource(state.base + "/oparl", client), municipality=town)
    assert report.errors == []
    assert Paper.objects.count() == 2
    gone = [r for r in state.requests if "gone" in r]
    assert sorted(gone) == sorted(set(gone))  # each unresolved URL once
    assert len(gone) == 5  # two files, two consultations, one organisation
    assert waits == []
    assert (client.retried, client.waited) == (0, 0)
    assert len(report.warnings) == 6  # and the meetings' body, not in any list
    assert report.requests == len(state.requests)


def test_persons_memberships_and_meeting_files(town):
    papers, meetings = sample_subset(1)
    state = FakeOParl(papers, meetings)
    state.persons = [_person(1), _person(2)]
    with serve(state), HttpClient(rate=0) as client:
        report = import_oparl(source=HttpSource(state.base + "/oparl", client), municipality=town)
    assert report.errors == []
    person = Person.objects.get(family_name="Nr1")
    assert (person.name, person.given_name) == ("Stadträtin Nr. 1", "Anna")
    membership = Membership.objects.get(person=person)
    assert (membership.role, membership.voting_right) == ("Mitglied", True)
    assert str(membership.start_date) == "2024-07-01"
    meeting = AgendaItem.objects.first().meeting
    assert meeting.agenda_items.count() == len(meetings[0]["agendaItem"])
    roles = set(File.objects.filter(meeting=meeting).values_list("meeting_role", flat=True))
    assert roles <= {"invitation", "results_protocol", "verbatim_protocol", "auxiliary"}

    # Switched off: no persons, and those imported are gone.
    from ankunft.council.services import set_persons_enabled  # noqa: PLC0415

    set_persons_enabled(municipality=town, enabled=False)
    assert Person.objects.count() == 0
    assert CouncilSettings.persons_enabled(town.pk) is False
    state.requests.clear()
    with serve(state), HttpClient(rate=0) as client:
        import_oparl(source=HttpSource(state.base + "/oparl", client), municipality=town, full=True)
    assert Person.objects.count() == 0
    assert state.requests
    assert not any("/people" in r for r in state.requests)
