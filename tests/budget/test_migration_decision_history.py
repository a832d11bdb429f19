"""The migration to decision history repairs what the old handler did: a paper adopted
twice had two sets of budget lines (400,000 EUR instead of 200,000 for DS 21-1402)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ankunft.budget.models import BudgetLine, BudgetLineChange
from ankunft.council.models import Decision, Paper

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("council", "0002_tenant_through"), ("budget", "0001_initial")]
AFTER = [("council", "0003_decision_history"), ("budget", "0002_decision_history")]


def _line(apps, m, decision, year, amount):
    return apps.get_model("budget", "BudgetLine").objects.create(
        municipality_id=m.pk,
        decision_id=decision.pk,
        year=year,
        amount=Decimal(amount),
        purpose="DS 21-1402: Personal KI",
        product_code="050101",
        plan_line="11",
    )


def test_duplicate_lines_of_a_second_adoption_are_merged_into_one_history():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    m = apps.get_model("core", "Municipality").objects.create(name="Duisburg", slug="duisburg")
    paper = apps.get_model("council", "Paper").objects.create(
        municipality_id=m.pk, reference="DS 21-1402", name="Personal KI", text="Der Rat  möge"
    )
    decisions = apps.get_model("council", "Decision").objects
    committee = decisions.create(
        municipality_id=m.pk, paper=paper, outcome="adopted", date=dt.date(2021, 11, 18)
    )
    council = decisions.create(
        municipality_id=m.pk, paper=paper, outcome="adopted", date=dt.date(2021, 12, 13)
    )
    originals = [_line(apps, m, committee, y, "100000") for y in (2022, 2023)]
    for year in (2022, 2023):
        _line(apps, m, council, year, "100000")
    # A position funded from the committee's 2022 line: that line must stay.
    position = apps.get_model("budget", "Position").objects.create(
        municipality_id=m.pk, title="KI", pay_grade="E 9b", fte=1, start=dt.date(2022, 1, 1)
    )
    apps.get_model("budget", "PositionFunding").objects.create(
        municipality_id=m.pk, position=position, kind="budget_line", budget_line=originals[0]
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    lines = list(BudgetLine.objects.order_by("year"))
    assert [(line.pk, line.year, line.amount, line.decision_id) for line in lines] == [
        (originals[0].pk, 2022, Decimal("100000"), council.pk),
        (originals[1].pk, 2023, Decimal("100000"), council.pk),
    ]
    assert list(
        BudgetLineChange.objects.filter(line_id=originals[0].pk).values_list("action", "decision")
    ) == [("created", committee.pk), ("confirmed", council.pk)]
    assert list(Decision.objects.order_by("date").values_list("effect", flat=True)) == [
        "new",
        "confirms",
    ]
    assert Paper.objects.get().text_hash != ""
