"""Council services: the decision extension point, papers, organisations, tenancy."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ankunft.core.models import Role
from ankunft.council import services
from ankunft.council.models import Decision, Organization, Paper
from tests.council import factories as cf

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 11, 18)


@pytest.fixture
def handlers(monkeypatch):
    """An empty handler list for the test (the budget module's handler stays out)."""
    registered: list = []
    monkeypatch.setattr(services, "DECISION_ADOPTED_HANDLERS", registered)
    return registered


def test_adopted_decision_runs_registered_handlers(town, make_user, handlers):
    """A handler registered with `on_decision_adopted` gets the actor and the decision,
    inside the decision's transaction; it sees the paper's allocations."""
    seen = []

    @services.on_decision_adopted
    def make_lines(actor, decision):
        seen.append((actor, decision.pk, [a.year for a in decision.paper.allocations.all()]))

    finance = make_user(Role.FINANCE)
    paper = cf.paper(town, allocations=[(2022, "100000"), (2023, "100000")])
    decision = services.decision_record(
        actor=finance, paper=paper, outcome=Decision.Outcome.ADOPTED, date=DAY
    )
    assert seen == [(finance, decision.pk, [2022, 2023])]


def test_registering_twice_runs_once(handlers):
    def handler(actor, decision):
        return None

    services.on_decision_adopted(handler)
    services.on_decision_adopted(handler)
    assert handlers == [handler]


@pytest.mark.parametrize("outcome", ["rejected", "referred", "pending"])
def test_other_outcomes_run_no_handler(town, make_user, handlers, outcome):
    calls = []
    services.on_decision_adopted(lambda actor, decision: calls.append(decision))
    services.decision_record(
        actor=make_user(Role.FINANCE), paper=cf.paper(town), outcome=outcome, date=DAY
    )
    assert calls == []


def test_failing_handler_undoes_the_decision(town, make_user, handlers):
    """Nothing half-written: a handler that raises leaves no decision behind."""

    def broken(actor, decision):
        raise ValidationError("no budget year open")

    services.on_decision_adopted(broken)
    paper = cf.paper(town)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=make_user(Role.FINANCE), paper=paper, outcome="adopted", date=DAY
        )
    assert Decision.objects.filter(paper=paper).count() == 0


def test_decision_str_shows_reference_and_outcome(town, handlers):
    paper = cf.paper(town, reference="DS 21-0220")
    decision = services.decision_record(actor=None, paper=paper, outcome="adopted", date=DAY)
    assert str(decision) == "DS 21-0220: Beschlossen"  # German by default


def test_unknown_outcome_is_rejected(town, make_user, handlers):
    with pytest.raises(ValidationError) as info:
        services.decision_record(
            actor=make_user(Role.FINANCE), paper=cf.paper(town), outcome="approved", date=DAY
        )
    assert "outcome" in info.value.message_dict


def test_team_lead_may_not_record_decisions(town, make_user, handlers):
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=make_user(Role.TEAM_LEAD), paper=cf.paper(town), outcome="adopted", date=DAY
        )


def test_body_of_another_municipality_is_refused(town, other_town, make_user, handlers):
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=make_user(Role.FINANCE),
            paper=cf.paper(town),
            outcome="adopted",
            date=DAY,
            organization=cf.organization(other_town),
        )


def test_paper_create_with_allocations(town, make_user):
    finance = make_user(Role.FINANCE)
    spd = cf.organization(town, name="SPD-Fraktion", short_name="SPD", kind="faction")
    paper = services.paper_create(
        actor=finance,
        name="  Personal für das KI ",
        reference="A 1",
        originators=[spd],
        related_references=["DS 21-0220", " DS  21-0220", ""],
        allocations=[
            services.AllocationData(2022, Decimal("100000")),
            services.AllocationData(2023, Decimal("-5000.50"), recurring=True, kind="material"),
        ],
    )
    assert paper.name == "Personal für das KI"
    assert paper.municipality == town
    assert paper.related_references == ["DS 21-0220"]
    assert list(paper.originators.all()) == [spd]
    assert [(a.year, a.amount_eur, a.recurring) for a in paper.allocations.all()] == [
        (2022, Decimal("100000.00"), False),
        (2023, Decimal("-5000.50"), True),
    ]


def test_paper_update_replaces_allocations_only_when_given(town, make_user):
    finance = make_user(Role.FINANCE)
    paper = cf.paper(town, allocations=[(2022, "1")])
    services.paper_update(actor=finance, paper=paper, name="Neu")
    assert paper.allocations.count() == 1
    services.paper_update(actor=finance, paper=paper, name="Neu", allocations=[])
    assert paper.allocations.count() == 0


def test_paper_cannot_be_related_to_itself(town, make_user):
    paper = cf.paper(town)
    with pytest.raises(ValidationError):
        services.paper_update(
            actor=make_user(Role.FINANCE), paper=paper, name="x", related_papers=[paper]
        )


def test_originator_of_another_municipality_is_refused(town, other_town, make_user):
    with pytest.raises(ValidationError):
        services.paper_create(
            actor=make_user(Role.FINANCE), name="x", originators=[cf.organization(other_town)]
        )


def test_system_writes_need_a_municipality():
    with pytest.raises(ValidationError):
        services.paper_create(actor=None, name="x")


def test_organization_ensure_matches_short_name_ignoring_case(town):
    greens = cf.organization(town, name="Fraktion Bündnis 90/Die Grünen", short_name="GRÜNE")
    found = services.organization_ensure(actor=None, municipality=town, short_name="Grüne")
    assert found == greens
    new = services.organization_ensure(
        actor=None, municipality=town, short_name="FDP", kind=Organization.Kind.FACTION
    )
    assert (new.name, new.short_name, new.kind) == ("FDP", "FDP", "faction")


def test_motion_confirm_builds_the_paper(town, make_user):
    """Factions by short name, the committee's consultation in its meeting, related papers
    linked where they exist and kept as references where not."""
    related = cf.paper(town, reference="DS 21-0220")
    paper = services.motion_confirm(
        actor=make_user(Role.FINANCE),
        motion=services.ConfirmedMotion(
            title="Verstärkung des Personals",
            date=datetime.date(2021, 11, 11),
            originators=["SPD", "CDU", "GRÜNE"],
            committee="Haupt- und Finanzausschuss",
            meeting_date=DAY,
            allocations=[services.AllocationData(2022, Decimal(100000), True, "personnel")],
            cover="Kompensation durch geringere Kassenkreditzinsen",
            related_references=["DS 21-0220", "DS 99-9999"],
            text="Antrag …",
        ),
    )
    assert paper.source == Paper.Source.MOTION_READER
    assert sorted(o.short_name for o in paper.originators.all()) == ["CDU", "GRÜNE", "SPD"]
    assert set(paper.originators.values_list("kind", flat=True)) == {"faction"}
    assert list(paper.related_papers.all()) == [related]
    assert paper.related_references == ["DS 99-9999"]
    consultation = paper.consultations.get()
    assert consultation.organization.name == "Haupt- und Finanzausschuss"
    assert consultation.organization.kind == Organization.Kind.COMMITTEE
    assert timezone.localdate(consultation.meeting.start) == DAY
    assert consultation.authoritative is True


def test_record_decision_command_runs_handlers(town, handlers):
    """`ankunft record-decision` uses the same service: adopted → handlers run."""
    calls = []
    services.on_decision_adopted(lambda actor, decision: calls.append((actor, decision.pk)))
    paper = cf.paper(town, reference="A 21-1118/1")
    cf.organization(town, name="Haupt- und Finanzausschuss", short_name="HFA")
    out = io.StringIO()
    call_command(
        "record_decision", "A 21-1118/1", "--municipality", town.slug, "--outcome", "adopted",
        "--date", "2021-11-18", "--body", "hfa", stdout=out,
    )  # fmt: skip
    decision = Decision.objects.get(paper=paper)
    assert calls == [(None, decision.pk)]
    assert decision.organization.short_name == "HFA"
    assert decision.date == DAY


def test_record_decision_command_unknown_paper(town):
    with pytest.raises(CommandError):
        call_command("record_decision", "DS 0", "--municipality", town.slug, "--outcome", "adopted")
