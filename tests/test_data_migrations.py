"""The data migrations keep and repair what older installations hold, on SQLite and PostgreSQL.

One drill for all of them: the schema goes back once to the oldest state any of them starts
from, each migration's old data is written when its own starting state is reached, and one
forward run to the newest schema must carry all of it. (One cycle instead of one per
migration: each backward run unapplies nearly the whole schema and costs a minute of CI.)

- core 0003: audit entries written before lose their names (`object_label`) and get their
  subject key; on PostgreSQL they move into the partitioned table (0004).
- council 0002, measures 0002: links of Django's automatic tables survive as tenant links,
  each with the municipality of the record that owns it.
- council 0003, budget 0002: a paper adopted twice had two sets of budget lines (400,000 EUR
  instead of 200,000 for DS 21-1402); they become one line with a history.
- cases 0003: case events written before keep their ids and land in their month's
  partition on PostgreSQL; new events get later ids.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from ankunft.budget.models import BudgetLine, BudgetLineChange
from ankunft.cases.models import CaseEvent
from ankunft.core import audit_db
from ankunft.core.audit import subject_key
from ankunft.core.models import AuditEntry
from ankunft.council.models import Decision, MeetingOrganization, Paper
from ankunft.measures.models import FieldOfAction, Measure, MeasureFieldOfAction
from tests import factories

OLDEST = [
    ("core", "0002_audit_append_only"),
    ("council", "0001_initial"),
    ("budget", "0001_initial"),
    ("measures", "0001_initial"),
]
BEFORE_DECISION_HISTORY = [("council", "0002_tenant_through"), ("budget", "0001_initial")]
BEFORE_EVENT_PARTITIONS = [("cases", "0002_case_version")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to `targets`; return the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _old_audit_entry() -> None:
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO core_auditentry (at, actor_name, action, interface, object_type, "
            "object_id, object_label, fields, path) VALUES "
            "(%s, 'leitung', 'read', 'page', 'core.user', '42', 'Zeynep Geheimnis', '[]', "
            "'/staff/42/')",
            [dt.datetime.now(dt.UTC)],
        )


def _old_links(old: Any) -> dict[str, int]:
    town = old.get_model("core", "Municipality").objects.create(name="Alt", slug="alt")
    meeting = old.get_model("council", "Meeting").objects.create(municipality=town, name="M")
    org = old.get_model("council", "Organization").objects.create(municipality=town, name="O")
    meeting.organizations.add(org)
    concept = old.get_model("measures", "Concept").objects.create(municipality=town, title="K")
    measure = old.get_model("measures", "Measure").objects.create(
        municipality=town, concept=concept, title="M"
    )
    foa = old.get_model("measures", "FieldOfAction").objects.create(municipality=town, key="work")
    measure.fields_of_action.add(foa)
    return {"town": town.pk, "meeting": meeting.pk, "org": org.pk, "measure": measure.pk,
            "foa": foa.pk}  # fmt: skip


def _line(old: Any, m: Any, decision: Any, year: int, amount: str) -> Any:
    return old.get_model("budget", "BudgetLine").objects.create(
        municipality_id=m.pk,
        decision_id=decision.pk,
        year=year,
        amount=Decimal(amount),
        purpose="DS 21-1402: Personal KI",
        product_code="050101",
        plan_line="11",
    )


def _old_event(old: Any) -> int:
    town = old.get_model("core", "Municipality").objects.create(name="Ev", slug="ev")
    team = old.get_model("core", "Team").objects.create(municipality=town, name="T")
    person = old.get_model("cases", "Person").objects.create(
        municipality=town, team=team, given_names="Ana", family_name="Rusu"
    )
    case = old.get_model("cases", "Case").objects.create(
        municipality=town, team=team, person=person, number="2026-00001",
        opened_on=dt.date(2026, 1, 5),
    )  # fmt: skip
    event = old.get_model("cases", "CaseEvent").objects.create(
        municipality=town, case=case, kind="opened", note="alt"
    )
    return int(event.pk)


def _paper_adopted_twice(old: Any) -> dict[str, Any]:
    m = old.get_model("core", "Municipality").objects.create(name="Duisburg", slug="duisburg")
    paper = old.get_model("council", "Paper").objects.create(
        municipality_id=m.pk, reference="DS 21-1402", name="Personal KI", text="Der Rat  möge"
    )
    decisions = old.get_model("council", "Decision").objects
    committee = decisions.create(
        municipality_id=m.pk, paper=paper, outcome="adopted", date=dt.date(2021, 11, 18)
    )
    council = decisions.create(
        municipality_id=m.pk, paper=paper, outcome="adopted", date=dt.date(2021, 12, 13)
    )
    originals = [_line(old, m, committee, y, "100000") for y in (2022, 2023)]
    for year in (2022, 2023):
        _line(old, m, council, year, "100000")
    # A position funded from the committee's 2022 line: that line must stay.
    position = old.get_model("budget", "Position").objects.create(
        municipality_id=m.pk, title="KI", pay_grade="E 9b", fte=1, start=dt.date(2022, 1, 1)
    )
    old.get_model("budget", "PositionFunding").objects.create(
        municipality_id=m.pk, position=position, kind="budget_line", budget_line=originals[0]
    )
    return {"committee": committee.pk, "council": council.pk, "lines": [o.pk for o in originals]}


@pytest.mark.django_db(transaction=True)
def test_data_migrations_carry_old_data_to_the_newest_schema():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(OLDEST)
        _old_audit_entry()
        links = _old_links(old)
        old = _migrate(BEFORE_DECISION_HISTORY)
        twice = _paper_adopted_twice(old)
        old = _migrate(BEFORE_EVENT_PARTITIONS)
        event_id = _old_event(old)
    finally:
        _migrate(latest)

    # core 0003/0004: no names in old audit entries; keyed; still append-only.
    row = AuditEntry.objects.values().get(object_type="core.user", object_id="42")
    assert "Geheimnis" not in str(row)
    assert row["actor_name"] == "leitung"
    assert row["subject_key"] == subject_key("core.user", "42")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditentry SET actor_name = 'x'")
    if connection.vendor == "postgresql":
        month = audit_db.partition_name(dt.datetime.now(dt.UTC).date())
        assert audit_db.partition_of_row(connection, row["id"]) == month

    # council 0002, measures 0002: the links, each with its owner's municipality.
    assert list(
        MeetingOrganization.objects.values_list("meeting_id", "organization_id", "municipality_id")
    ) == [(links["meeting"], links["org"], links["town"])]
    assert list(
        MeasureFieldOfAction.objects.values_list("measure_id", "field_of_action_id", "municipality")
    ) == [(links["measure"], links["foa"], links["town"])]
    assert list(Measure.objects.get(pk=links["measure"]).fields_of_action.all()) == [
        FieldOfAction.objects.get(pk=links["foa"])
    ]

    # council 0003, budget 0002: one line per year, held by the later decision, with history.
    lines = list(BudgetLine.objects.order_by("year"))
    assert [(line.pk, line.year, line.amount, line.decision_id) for line in lines] == [
        (twice["lines"][0], 2022, Decimal("100000"), twice["council"]),
        (twice["lines"][1], 2023, Decimal("100000"), twice["council"]),
    ]
    assert list(
        BudgetLineChange.objects.filter(line_id=twice["lines"][0]).values_list("action", "decision")
    ) == [("created", twice["committee"]), ("confirmed", twice["council"])]
    assert list(Decision.objects.order_by("date").values_list("effect", flat=True)) == [
        "new",
        "confirms",
    ]
    assert Paper.objects.get().text_hash != ""

    # cases 0003: the event kept, in its month's partition; the next event gets a later id.
    event = CaseEvent.objects.get(pk=event_id)
    assert event.note == "alt"
    newer = CaseEvent.objects.create(municipality=event.municipality, case=event.case, kind="step")
    assert newer.pk > event_id
    if connection.vendor == "postgresql":
        month = audit_db.partition_name(dt.datetime.now(dt.UTC).date(), "cases_caseevent")
        assert audit_db.partition_of_row(connection, event_id, "cases_caseevent") == month

    factories.municipality(name="Neu", slug="neu")  # the migrated schema takes new rows
