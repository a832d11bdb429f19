"""A paper's money becomes budget lines once: a later decision on the same paper confirms,
changes or cancels them explicitly, with a history on the line, and the chain follows the
decision that holds (issue 9, "Money and decisions")."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.urls import reverse

from ankunft.budget import services
from ankunft.budget.models import BudgetLine, BudgetLineChange
from ankunft.core.models import Role
from ankunft.council.models import Decision, Organization
from ankunft.council.services import YearAmount, decision_record, paper_create
from ankunft.measures.chain import build_chain, chain_decisions
from ankunft.measures.models import Concept, Measure

pytestmark = pytest.mark.django_db
D = Decimal
COUNCIL_DAY = dt.date(2021, 12, 13)


@pytest.fixture
def council(town) -> Organization:
    return Organization.objects.create(municipality=town, name="Rat der Stadt", kind="council")


def _later(decision: Decision, council: Organization, effect: str, **kw) -> Decision:
    return decision_record(
        actor=None,
        paper=decision.paper,
        outcome=kw.pop("outcome", Decision.Outcome.ADOPTED),
        date=COUNCIL_DAY,
        organization=council,
        effect=effect,
        **kw,
    )


def _lines(decision: Decision) -> list[tuple[int, Decimal, int | None]]:
    return [
        (line.year, line.amount, line.decision_id)
        for line in BudgetLine.objects.filter(decision__paper=decision.paper).order_by("year")
    ]


def test_first_adoption_is_new_and_logs_the_creation(decision):
    assert decision.effect == Decision.Effect.NEW
    assert list(
        BudgetLineChange.objects.filter(line__decision=decision)
        .order_by("line__year")
        .values_list("action", "old_amount", "new_amount", "decision_id")
    ) == [("created", None, D("100000"), decision.pk), ("created", None, D("100000"), decision.pk)]


def test_second_adoption_without_an_effect_is_refused_and_changes_nothing(decision, council):
    with pytest.raises(ValidationError) as caught:
        _later(decision, council, "")
    assert list(caught.value.message_dict) == ["effect"]
    assert Decision.objects.filter(paper=decision.paper).count() == 1
    assert BudgetLine.objects.count() == 2


def test_confirmation_keeps_one_set_of_lines_held_by_the_later_decision(decision, council):
    """The usual case: the council confirms its committee's adoption — 200,000 EUR, not
    400,000, and the lines now follow the council's decision."""
    confirmed = _later(decision, council, Decision.Effect.CONFIRMS)
    assert _lines(decision) == [
        (2022, D("100000"), confirmed.pk),
        (2023, D("100000"), confirmed.pk),
    ]
    assert BudgetLine.objects.aggregate(total=Sum("amount"))["total"] == D("200000")
    line = BudgetLine.objects.get(year=2022)
    assert list(line.changes.values_list("action", "decision_id")) == [
        ("created", decision.pk),
        ("confirmed", confirmed.pk),
    ]


def test_change_sets_the_amount_of_the_years_it_names(decision, council):
    changed = _later(
        decision,
        council,
        Decision.Effect.CHANGES,
        amounts=[YearAmount(2022, D("80000")), YearAmount(2024, D("50000"))],
    )
    assert changed.amounts == [
        {"year": 2022, "amount": "80000.00"},
        {"year": 2024, "amount": "50000.00"},
    ]
    assert _lines(decision) == [
        (2022, D("80000"), changed.pk),
        (2023, D("100000"), changed.pk),
        (2024, D("50000"), changed.pk),
    ]
    line = BudgetLine.objects.get(year=2022)
    assert line.cover_amount == D("80000")  # the cover follows the amount
    assert list(line.changes.values_list("action", "old_amount", "new_amount")) == [
        ("created", None, D("100000")),
        ("changed", D("100000"), D("80000")),
    ]
    assert list(BudgetLine.objects.get(year=2023).changes.values_list("action", flat=True)) == [
        "created",
        "confirmed",
    ]


def test_change_needs_amounts_and_checks_them(decision, council):
    with pytest.raises(ValidationError) as caught:
        _later(decision, council, Decision.Effect.CHANGES)
    assert list(caught.value.message_dict) == ["amounts"]
    for bad in (YearAmount(2022, D("-1")), YearAmount(0, D("5"))):
        with pytest.raises(ValidationError):
            _later(decision, council, Decision.Effect.CHANGES, amounts=[bad])
    assert _lines(decision) == [(2022, D("100000"), decision.pk), (2023, D("100000"), decision.pk)]


def test_cancellation_keeps_the_lines_at_zero_with_their_history(decision, council):
    cancelled = _later(
        decision, council, Decision.Effect.CANCELS, outcome=Decision.Outcome.REJECTED
    )
    assert _lines(decision) == [(2022, D("0"), cancelled.pk), (2023, D("0"), cancelled.pk)]
    assert list(BudgetLine.objects.get(year=2023).changes.values_list("action", "old_amount")) == [
        ("created", None),
        ("cancelled", D("100000")),
    ]


def test_a_rejection_may_not_confirm_and_a_first_decision_has_nothing_to_confirm(
    town, decision, council
):
    with pytest.raises(ValidationError):
        _later(decision, council, Decision.Effect.CONFIRMS, outcome=Decision.Outcome.REJECTED)
    other = paper_create(actor=None, municipality=town, name="Antrag ohne Beschluss")
    with pytest.raises(ValidationError) as caught:
        decision_record(
            actor=None, paper=other, outcome="adopted", date=COUNCIL_DAY, effect="confirms"
        )
    assert list(caught.value.message_dict) == ["effect"]


def test_a_faction_cannot_decide(town, decision):
    faction = Organization.objects.create(municipality=town, name="SPD", kind="faction")
    with pytest.raises(ValidationError) as caught:
        _later(decision, faction, Decision.Effect.CONFIRMS)
    assert list(caught.value.message_dict) == ["organization"]


def test_hand_edit_of_the_amount_is_in_the_history(decision, make_user):
    line = BudgetLine.objects.get(year=2022)
    finance = make_user(Role.FINANCE)
    values = {
        name: getattr(line, name)
        for name in ("year", "purpose", "product_code", "plan_line", "account", "cost_basis")
    }
    services.budget_line_update(actor=finance, line=line, amount=D("90000"), **values)
    assert list(line.changes.values_list("action", "old_amount", "new_amount", "changed_by")) == [
        ("created", None, D("100000"), None),
        ("edited", D("100000"), D("90000"), finance.pk),
    ]


def test_cli_chain_shows_the_lines_of_the_confirming_decision(town, decision, council):
    """`ankunft chain REFERENCE` follows the decision that holds: the lines with their money,
    no empty duplicate."""
    confirmed = _later(decision, council, Decision.Effect.CONFIRMS)
    out = StringIO()
    call_command("chain", "HFA-2021/11", "--json", "--municipality", town.slug, stdout=out)
    data = json.loads(out.getvalue())
    assert data["decision"]["id"] == confirmed.pk
    assert [(b["year"], b["planned"]) for b in data["budget"]] == [(2022, 100000), (2023, 100000)]
    listing = StringIO()
    call_command("chain", "--json", "--municipality", town.slug, stdout=listing)
    assert [d["id"] for d in json.loads(listing.getvalue())] == [confirmed.pk]


def test_cli_record_decision_with_an_effect(town, decision, council):
    out = StringIO()
    call_command(
        "record_decision",
        "HFA-2021/11",
        "--municipality",
        town.slug,
        "--outcome",
        "adopted",
        "--date",
        "2021-12-13",
        "--body",
        "Rat der Stadt",
        "--effect",
        "changes",
        "--amount",
        "2023=75.000,00",
        stdout=out,
    )
    assert _lines(decision)[1][:2] == (2023, D("75000"))
    # Before: "80.000" without cents was read as 80 EUR.
    call_command(
        "record_decision", "HFA-2021/11", "--municipality", town.slug, "--outcome", "adopted",
        "--date", "2021-12-14", "--body", "Rat der Stadt", "--effect", "changes",
        "--amount", "2023=80.000", stdout=out,
    )  # fmt: skip
    assert _lines(decision)[1][:2] == (2023, D("80000"))
    with pytest.raises(CommandError, match="YEAR=EUR"):
        call_command("record_decision", "HFA-2021/11", "--outcome", "adopted", "--amount", "x")


# --- pages ----------------------------------------------------------------------------------


def test_page_second_decision_asks_for_its_effect(client, town, decision, council, make_user):
    client.force_login(make_user(Role.FINANCE))
    paper = decision.paper
    url = reverse("council:decision_create", args=[paper.pk])
    base = {"outcome": "adopted", "date": "2021-12-13", "organization": council.pk}
    response = client.post(url, base, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    form = response.context["decision_form"]
    assert list(form.errors) == ["effect"]  # the form says it before the service
    assert BudgetLine.objects.count() == 2
    response = client.post(url, {**base, "effect": "changes", "amount_2022": "80.000,00"})
    assert response.context is None or response.context["decision_form"].errors == {}
    assert response.status_code == 302
    assert _lines(decision)[0][:2] == (2022, D("80000"))
    assert BudgetLine.objects.count() == 2


def test_page_shows_the_budget_lines_and_their_history(client, town, decision, council, make_user):
    _later(decision, council, Decision.Effect.CONFIRMS)
    client.force_login(make_user(Role.FINANCE))
    html = client.get(
        reverse("council:paper_detail", args=[decision.paper_id]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    section = html[
        html.index('id="budget-lines"') : html.index("</table>", html.index('id="budget-lines"'))
    ]
    assert section.count("confirmed") == 2
    assert section.count("created") == 2
    assert "Rat der Stadt" in section
    line = BudgetLine.objects.get(year=2022)
    html = client.get(
        reverse("budget:line_detail", args=[line.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    history = html[
        html.index('id="line-history"') : html.index("</table>", html.index('id="line-history"'))
    ]
    assert history.count("<tr>") == 3  # header, created, confirmed
    assert "confirmed" in history
    assert "Rat der Stadt" in history


def test_paper_page_hides_budget_lines_from_team_leads(client, town, decision, make_user):
    """Team leads read council papers but not the budget."""
    client.force_login(make_user(Role.TEAM_LEAD))
    html = client.get(reverse("council:paper_detail", args=[decision.paper_id])).content.decode()
    assert 'id="budget-lines"' not in html


def test_the_paper_budget_lines_selector_checks_the_permission_itself(town, decision, make_user):
    """Before: the selector read money for anyone and left the check to the view."""
    from ankunft.council.selectors import paper_budget_lines  # noqa: PLC0415

    paper = decision.paper
    assert paper_budget_lines(actor=make_user(Role.CASE_WORKER), paper=paper) == []
    finance_sees = paper_budget_lines(actor=make_user(Role.FINANCE), paper=paper)
    assert [line.year for line in finance_sees] == [2022, 2023]


def test_chain_of_the_holding_decision_carries_the_measures_of_the_earlier_one(
    client, town, decision, council, make_user
):
    """Measures linked to the committee's decision belong to the paper's chain, which the
    council's confirmation now holds; the committee's chain page points there, and the list
    of chains has the paper once."""
    concept = Concept.objects.create(municipality=town, title="Marxloh")
    measure = Measure.objects.create(municipality=town, concept=concept, title="Erstanlaufstelle")
    measure.decisions.add(decision)
    confirmed = _later(decision, council, Decision.Effect.CONFIRMS)
    chain = build_chain(confirmed)
    assert [m.title for m in chain.measures] == ["Erstanlaufstelle"]
    assert chain.held_by is None
    old = build_chain(decision)
    assert (old.budget, old.held_by.id if old.held_by else None) == ([], confirmed.pk)
    assert list(chain_decisions(municipality_id=town.pk)) == [confirmed]
    client.force_login(make_user(Role.HEAD_OF_KI))
    html = client.get(
        reverse("measures:chain_detail", args=[decision.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "A later decision on this paper holds its money now (Rat der Stadt, 12/13/2021)." in html
    assert reverse("measures:chain_detail", args=[confirmed.pk]) in html


def test_api_second_decision_needs_its_effect(client, town, decision, council, make_user):
    client.force_login(make_user(Role.FINANCE))
    url = f"/api/council/papers/{decision.paper_id}/decisions"
    body = {"outcome": "adopted", "date": "2021-12-13", "organization_id": council.pk}
    refused = client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert refused.json()["errors"][0].startswith("An earlier decision on this paper")
    changed = client.post(
        url,
        {**body, "effect": "changes", "amounts": [{"year": 2023, "amount": "90000"}]},
        content_type="application/json",
    )
    assert changed.status_code == 201
    assert changed.json()["effect"] == "changes"
    assert _lines(decision)[1][:2] == (2023, D("90000"))
    bad = client.post(
        url,
        {**body, "effect": "changes", "amounts": [{"year": 99999, "amount": "1"}]},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert BudgetLine.objects.count() == 2
