"""Money on measure pages — funding decisions, budget line amounts, pay grades, cost per
year — only for the roles that may see the budget (`budget.view`), on the page and in the
API (issue 9)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ankunft.core.models import Role
from tests import factories
from tests.measures import builders

pytestmark = pytest.mark.django_db

BUDGET_ROLES = {Role.HEAD_OF_KI, Role.FINANCE}
MEASURE_ROLES = [Role.CASE_WORKER, Role.TEAM_LEAD, Role.HEAD_OF_KI, Role.FINANCE]


@pytest.fixture
def world(town):
    w = builders.chain_world(town)
    w.first_contact.decisions.add(w.decision)
    w.first_contact.budget_lines.add(w.lines[0])
    w.first_contact.direct_costs = Decimal("12345")
    w.first_contact.save()
    return w


@pytest.mark.parametrize("role", MEASURE_ROLES)
def test_measure_page_shows_money_only_to_budget_roles(client, town, world, role):
    client.force_login(factories.user(role, town))
    url = reverse("measures:measure_detail", args=[world.first_contact.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    money = role in BUDGET_ROLES
    assert ('id="h-funding"' in html) is money
    assert ("HFA/0815/2021" in html) is money  # the funding decision
    assert ("100,000.00" in html) is money  # the budget line's amount
    assert ("E 9b" in html) is money  # the pay grade
    assert ("Cost per year" in html) is money
    assert ("12,345.00" in html) is money  # direct costs in the cost table
    # Everyone who sees measures sees the staff time: position, FTE and share.
    assert "Fachkraft Integration" in html
    assert "60 %" in html
    funding = response.context["funding"]
    assert funding.show_money is money
    assert (len(funding.decisions), len(funding.budget_lines)) == ((1, 1) if money else (0, 0))


@pytest.mark.parametrize("role", MEASURE_ROLES)
def test_measure_list_and_concepts_show_no_money(client, town, world, role):
    client.force_login(factories.user(role, town))
    for name in ("measures:measure_list", "measures:concept_list"):
        html = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "E 9b" not in html
        assert "100,000" not in html
        assert "HFA/0815/2021" not in html


@pytest.mark.parametrize("role", MEASURE_ROLES)
def test_api_measure_detail_hides_money_from_non_budget_roles(client, town, world, role):
    client.force_login(factories.user(role, town))
    response = client.get(f"/api/measures/measures/{world.first_contact.pk}")
    assert response.status_code == 200
    body = response.json()
    if role in BUDGET_ROLES:
        assert (body["decisions"], body["budget_lines"]) == (
            [world.decision.pk],
            [world.lines[0].pk],
        )
        assert body["direct_costs"] == 12345
    else:
        assert (body["decisions"], body["budget_lines"], body["direct_costs"]) == ([], [], None)
    assert [a["position"] for a in body["allocations"]] == ["Fachkraft Integration"]
