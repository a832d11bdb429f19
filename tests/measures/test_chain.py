"""The chain of a decision: exact figures from the data, the same on page, API and CLI."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ankunft.core.models import Role
from ankunft.measures.chain import build_chain
from ankunft.measures.selectors import chain_for_decision
from tests import factories
from tests.measures import builders

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2024, 6, 30)
EXPECTED = {
    "decision": {
        "id": None,  # filled in by the test
        "reference": "HFA/0815/2021",
        "title": "Personal KI",
        "date": "2021-11-18",
        "outcome": "adopted",
    },
    "budget": [
        # 2022: the full-time position from 1 April at 80,000 EUR a year = 9/12 of it.
        {"year": 2022, "planned": 100000, "committed": 60000, "spent": 45000},
        # 2023: the full-time position all year; the half-time one stayed vacant.
        {"year": 2023, "planned": 100000, "committed": 80000, "spent": 70000.5},
    ],
    "positions": [
        {"title": "Fachkraft Integration", "pay_grade": "E 9b", "fte": 1, "status": "filled"},
        {"title": "Fachkraft Schule", "pay_grade": "E 9b", "fte": 0.5, "status": "vacant"},
    ],
    "measures": [
        # (0.4 × 1.0 + 1.0 × 0.5) / 1.5 FTE
        {
            "title": "Schulanmeldung",
            "share_of_positions": 0.6,
            "indicators": [
                {"name": "Kinder binnen 6 Wochen eingeschult", "target": 80, "latest": None}
            ],
            # distinct persons taking part (counted by the case module): none here
            "people_reached": 0,
        },
        # 0.6 × 1.0 / 1.5 FTE
        {
            "title": "Erstanlaufstelle Marxloh",
            "share_of_positions": 0.4,
            "indicators": [
                {"name": "Beratene Neuzugewanderte pro Monat", "target": 40, "latest": 42}
            ],
            "people_reached": 0,
        },
    ],
    "people_reached": {"total": 0},
}


def _expected(world) -> dict:
    return {**EXPECTED, "decision": {**EXPECTED["decision"], "id": world.decision.pk}}


def test_chain_figures_are_computed_from_the_data(town, make_user):
    """Money per year, positions, shares of position FTE and latest values are exact."""
    world = builders.chain_world(town)
    chain = chain_for_decision(
        actor=make_user(Role.HEAD_OF_KI), decision=world.decision, as_of=AS_OF
    )
    assert chain.as_dict() == _expected(world)
    assert chain.planned == Decimal("200000.00")
    assert chain.spent == Decimal("115000.50")
    assert chain.fte == Decimal("1.50")
    assert chain.fte_filled == Decimal("1.00")
    assert chain.allocations_on == dt.date(2023, 12, 31)
    assert [m.fte for m in chain.measures] == [Decimal("0.90"), Decimal("0.60")]
    assert chain.unallocated_share == Decimal(0)


def test_share_counts_only_allocations_active_on_the_day(town):
    """Before the half-time position's allocation starts, the full-time one carries 60/40."""
    world = builders.chain_world(town)
    chain = build_chain(world.decision, as_of=dt.date(2022, 6, 1))
    shares = {m.title: m.share_of_positions for m in chain.measures}
    # 1.5 FTE funded, of which 0.6 and 0.4 allocated; the half position's 0.5 not yet.
    assert shares == {
        "Erstanlaufstelle Marxloh": Decimal("0.4000"),
        "Schulanmeldung": Decimal("0.2667"),
    }
    assert chain.unallocated_share == Decimal("0.3333")


def test_measure_linked_only_by_decision_has_no_share(town):
    """A measure funded by the decision but without staff time appears with share 0."""
    world = builders.chain_world(town)
    extra = builders.measure(town, "Sprachkursbrücke")
    extra.decisions.add(world.decision)
    chain = build_chain(world.decision, as_of=AS_OF)
    assert [(m.title, m.share_of_positions) for m in chain.measures][-1] == (
        "Sprachkursbrücke",
        Decimal(0),
    )


def test_chain_page_shows_money_positions_measures(client, town, make_user):
    world = builders.chain_world(town)
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.get(reverse("measures:chain_detail", args=[world.decision.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "200.000,00 €" in body  # planned, German number format
    assert "115.000,50 €" in body  # spent
    assert "Fachkraft Integration" in body
    assert "Fachkraft Schule" in body
    assert "60 % der Stellen (0,9 VZÄ)" in body
    assert "Beratene Neuzugewanderte pro Monat" in body
    assert "<svg" in body
    assert "im Ziel" in body  # 42 against a target of 40


def test_chain_page_query_count_is_constant(client, town, make_user, django_assert_max_num_queries):
    world = builders.chain_world(town)
    for n in range(5):
        extra = builders.measure(town, f"Zusatz {n}")
        extra.decisions.add(world.decision)
        ind = builders.indicator(extra, f"Kennzahl {n}")
        builders.value(ind, "2022-05", "3")
    client.force_login(make_user(Role.HEAD_OF_KI))
    with django_assert_max_num_queries(20):
        assert (
            client.get(reverse("measures:chain_detail", args=[world.decision.pk])).status_code
            == 200
        )


def test_api_chain_by_id_and_reference(client, town, make_user):
    world = builders.chain_world(town)
    client.force_login(make_user(Role.FINANCE))
    by_id = client.get(f"/api/measures/chain/{world.decision.pk}").json()
    by_ref = client.get("/api/measures/chain", {"reference": "hfa/0815/2021"}).json()
    assert by_id == by_ref
    assert set(by_id) == {"decision", "budget", "positions", "measures", "people_reached"}
    assert by_id["budget"][0] == {
        "year": 2022,
        "planned": 100000,
        "committed": 60000,
        "spent": 45000,
    }
    assert by_id["positions"][1] == {
        "title": "Fachkraft Schule",
        "pay_grade": "E 9b",
        "fte": 0.5,
        "status": "vacant",
    }
    listed = client.get("/api/measures/decisions").json()
    assert listed == [
        {
            "id": world.decision.pk,
            "reference": "HFA/0815/2021",
            "title": "Personal KI",
            "date": "2021-11-18",
        }
    ]


def test_api_chain_unknown_reference_is_404(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    assert client.get("/api/measures/chain", {"reference": "nope"}).status_code == 404


def test_api_chain_of_other_town_is_404(client, town, other_town, make_user):
    world = builders.chain_world(other_town)
    client.force_login(make_user(Role.HEAD_OF_KI))
    assert client.get(f"/api/measures/chain/{world.decision.pk}").status_code == 404
    assert client.get(reverse("measures:chain_detail", args=[world.decision.pk])).status_code == 404


def test_cli_chain_json_has_exactly_the_shape(town, monkeypatch):
    """`ankunft chain REFERENCE --json` prints the chain; by id the same."""
    world = builders.chain_world(town)
    monkeypatch.setattr("ankunft.measures.chain.timezone.localdate", lambda: AS_OF)
    out = StringIO()
    call_command("chain", "HFA/0815/2021", "--json", "--municipality", town.slug, stdout=out)
    assert json.loads(out.getvalue()) == _expected(world)
    out_id = StringIO()
    call_command("chain", str(world.decision.pk), "--json", stdout=out_id)
    assert json.loads(out_id.getvalue()) == _expected(world)


def test_cli_chain_lists_decisions(town):
    world = builders.chain_world(town)
    builders.decision(town, "OHNE/1", "Ohne Geld")  # funds nothing: not listed
    out = StringIO()
    call_command("chain", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [
        {
            "id": world.decision.pk,
            "reference": "HFA/0815/2021",
            "title": "Personal KI",
            "date": "2021-11-18",
        }
    ]


def test_cli_chain_text_and_errors(town):
    builders.chain_world(town)
    out = StringIO()
    call_command("chain", "HFA/0815/2021", stdout=out)
    assert "Fachkraft Integration" in out.getvalue()
    assert "Erstanlaufstelle Marxloh: 40 %" in out.getvalue()
    with pytest.raises(CommandError, match="XYZ"):
        call_command("chain", "XYZ")
    with pytest.raises(CommandError, match="nowhere"):
        call_command("chain", "--municipality", "nowhere")


def test_a_paper_without_a_number_has_null_reference(town):
    """The seed motion carries no paper number: the chain says null, not an empty string."""
    w = builders.chain_world(town)
    w.decision.paper.reference = ""
    w.decision.paper.save()
    head = factories.user(Role.HEAD_OF_KI, town)
    result = chain_for_decision(actor=head, decision=w.decision).as_dict()
    assert result["decision"]["reference"] is None
