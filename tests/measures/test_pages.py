"""Pages: query counts and the edit flows (who may open what, tenant isolation:
tests/access_matrix.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ankunft.core.models import Role
from ankunft.measures.models import Barrier, Indicator, IndicatorValue, Measure, StaffAllocation
from ankunft.measures.services.barriers import barrier_report
from tests import factories
from tests.measures import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(town):
    w = builders.chain_world(town)
    barrier = barrier_report(actor=None, municipality=town, title="Lange Wartezeiten")
    return w, barrier


def test_navigation_has_measures_and_barriers(client, town, make_user):
    client.force_login(make_user(Role.CASE_WORKER))
    body = client.get("/").content.decode()
    assert f'href="{reverse("measures:measure_list")}">Maßnahmen' in body
    assert f'href="{reverse("measures:barrier_list")}">Hürden' in body
    client.force_login(make_user(Role.DPO))
    assert reverse("measures:measure_list") not in client.get("/").content.decode()


def test_measure_list_query_count(client, town, make_user, django_assert_num_queries):
    """Constant queries however many measures, indicators and values."""
    c = builders.concept(town)
    for n in range(6):
        m = builders.measure(town, f"Maßnahme {n}", c)
        builders.value(builders.indicator(m, f"K {n}"), "2022-04", str(n))
    client.force_login(make_user(Role.CASE_WORKER))
    # session, user, the user's municipality (page header), filter lists (3), measures,
    # their fields of action, districts and indicators with latest values
    with django_assert_num_queries(10):
        response = client.get(reverse("measures:measure_list"))
    assert response.content.decode().count("<tr>") == 7


def test_barrier_list_query_count(client, town, make_user, django_assert_num_queries):
    for n in range(5):
        barrier_report(actor=None, municipality=town, title=f"Hürde {n}", institution="Jobcenter")
    client.force_login(make_user(Role.HEAD_OF_KI))
    # session, user, municipality (header), groups, field labels, barriers, their measures
    with django_assert_num_queries(7):
        assert client.get(reverse("measures:barrier_list")).status_code == 200


def test_measure_list_filters_by_borough_including_quarters(client, town, make_user):
    hamborn = builders.district(town, "Hamborn")
    marxloh = builders.district(town, "Marxloh", hamborn)
    here = builders.measure(town, "Im Stadtteil")
    here.districts.add(marxloh)
    builders.measure(town, "Anderswo")
    client.force_login(make_user(Role.CASE_WORKER))
    body = client.get(
        reverse("measures:measure_list"), {"district": hamborn.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Im Stadtteil" in body
    assert "Anderswo" not in body
    assert "<html" not in body  # htmx gets the partial only


def test_team_lead_creates_a_measure_with_partners(client, town, make_user):
    c = builders.concept(town)
    d = builders.decision(town)
    client.force_login(make_user(Role.TEAM_LEAD))
    response = client.post(
        reverse("measures:measure_create"),
        {
            "concept": c.pk,
            "title": "Quartierslotsen",
            "status": "running",
            "start": "2022-04-01",
            "decisions": [d.pk],
            "direct_costs": "1000",
            "partner_names": "Caritas; AWO ;",
        },
    )
    measure = Measure.objects.get(title="Quartierslotsen")
    assert response.status_code == 302
    assert sorted(p.name for p in measure.partners.all()) == ["AWO", "Caritas"]
    assert list(measure.decisions.all()) == [d]


def test_measure_form_shows_errors_next_to_fields(client, town, make_user):
    c = builders.concept(town)
    builders.measure(town, "Doppelt", c)
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.post(
        reverse("measures:measure_create"),
        {"concept": c.pk, "title": "Doppelt", "status": "running", "direct_costs": "0",
         "start": "2022-05-01", "end": "2022-04-01"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert "Das Ende liegt vor dem Beginn." in body


def test_enter_indicator_value_with_htmx(client, town, make_user):
    m = builders.measure(town)
    ind = builders.indicator(m)
    client.force_login(make_user(Role.TEAM_LEAD))
    url = reverse("measures:indicator_value_add", args=[ind.pk])
    response = client.post(url, {"period": "04/2022", "value": "41,5"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Wert gespeichert." in response.content.decode()
    assert IndicatorValue.objects.get().value == Decimal("41.5")
    bad = client.post(url, {"period": "April", "value": "x"}, HTTP_HX_REQUEST="true")
    assert "ist keine Zahl" in bad.content.decode()
    assert IndicatorValue.objects.count() == 1


def test_case_worker_cannot_post_values(client, town, make_user):
    ind = builders.indicator(builders.measure(town))
    client.force_login(make_user(Role.CASE_WORKER))
    url = reverse("measures:indicator_value_add", args=[ind.pk])
    assert client.post(url, {"period": "2022-04", "value": "3"}).status_code == 403
    assert IndicatorValue.objects.count() == 0


def test_allocation_over_100_percent_is_refused(client, town, make_user):
    w = builders.chain_world(town)
    client.force_login(make_user(Role.HEAD_OF_KI))
    url = reverse("measures:allocation_add", args=[w.first_contact.pk])
    response = client.post(
        url, {"position": w.full.pk, "percent": "10", "valid_from": "2022-06-01"}, follow=True
    )
    assert "bereits zu 100 % verplant" in response.content.decode()
    assert StaffAllocation.objects.filter(position=w.full).count() == 2


def test_measure_page_shows_funding_staff_cost_and_barriers(client, town, make_user):
    w = builders.chain_world(town)
    w.first_contact.decisions.add(w.decision)
    barrier = barrier_report(actor=None, municipality=town, title="Termine fehlen")
    barrier.measures.add(w.first_contact)
    # The head of KI may see the budget (case workers see no money: test_money_visibility).
    client.force_login(make_user(Role.HEAD_OF_KI))
    body = client.get(
        reverse("measures:measure_detail", args=[w.first_contact.pk])
    ).content.decode()
    assert "HFA/0815/2021" in body
    assert "Fachkraft Integration" in body
    assert "60 %" in body
    # 2022: 0.6 FTE × 80,000 EUR × 9/12 = 36,000 EUR
    assert "36.000,00" in body
    assert "Termine fehlen" in body


def test_add_field_of_action_and_concept(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    client.post(reverse("measures:field_list"), {"key": "roma", "name": "Teilhabe", "order": 95})
    client.post(reverse("measures:concept_list"), {"title": "Masterplan Integration"})
    body = client.get(reverse("measures:field_list")).content.decode()
    assert "Teilhabe" in body
    assert "Masterplan Integration" in client.get(reverse("measures:concept_list")).content.decode()


def test_district_tree_nests_quarters(client, town, make_user):
    hamborn = builders.district(town, "Hamborn")
    builders.district(town, "Marxloh", hamborn)
    client.force_login(make_user(Role.CASE_WORKER))
    body = client.get(reverse("measures:district_tree")).content.decode()
    assert body.index("Hamborn") < body.index("Marxloh")
    assert "<ul><li><a" in body.replace("\n", "")


def test_indicator_create_and_edit(client, town, make_user):
    m = builders.measure(town)
    client.force_login(make_user(Role.TEAM_LEAD))
    client.post(
        reverse("measures:indicator_create", args=[m.pk]),
        {"name": "Wartezeit", "unit": "Tage", "direction": "lower", "frequency": "month",
         "target": "42", "amber_band": "10"},
    )  # fmt: skip
    ind = Indicator.objects.get(name="Wartezeit")
    assert ind.direction == "lower"
    assert ind.target == Decimal(42)


def test_barrier_flow_on_pages(client, town, make_user):
    m = builders.measure(town)
    client.force_login(make_user(Role.CASE_WORKER))
    client.post(
        reverse("measures:barrier_create"),
        {"title": "Formulare nur auf Deutsch", "institution": "Jobcenter"},
    )
    barrier = Barrier.objects.get()
    assert barrier.reported_on == dt.date.today()  # noqa: DTZ011 - the test runs in local time
    assert (
        client.post(
            reverse("measures:barrier_answer", args=[barrier.pk]), {"measure": m.pk}
        ).status_code
        == 403
    )
    client.force_login(make_user(Role.HEAD_OF_KI))
    client.post(reverse("measures:barrier_prioritise", args=[barrier.pk]), {"priority": "1"})
    client.post(
        reverse("measures:barrier_answer", args=[barrier.pk]),
        {"measure": m.pk, "response": "Sprechstunde"},
    )
    barrier.refresh_from_db()
    assert (barrier.priority, barrier.status, barrier.response) == (1, "answered", "Sprechstunde")
    body = client.get(reverse("measures:measure_detail", args=[m.pk])).content.decode()
    assert "Formulare nur auf Deutsch" in body


def test_case_worker_sees_no_link_to_the_chain(client, town, world):
    """Case workers read measures but not the money per decision: no chain link is shown."""
    w, _barrier = world
    chain_url = reverse("measures:chain_detail", args=[w.decision.pk])
    client.force_login(factories.user(Role.CASE_WORKER, town))
    body = client.get(reverse("measures:measure_detail", args=[w.first_contact.pk])).content
    assert chain_url not in body.decode()
    assert reverse("measures:chain_index") not in body.decode()
    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    body = client.get(reverse("measures:measure_detail", args=[w.first_contact.pk])).content
    assert chain_url in body.decode()


def test_barrier_action_with_bad_input_changes_nothing(client, town, make_user):
    """An invalid priority or unknown measure gives a message; the barrier stays as it was."""
    barrier = barrier_report(actor=None, municipality=town, title="Keine Dolmetscher")
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.post(
        reverse("measures:barrier_prioritise", args=[barrier.pk]), {"priority": "x"},
        HTTP_ACCEPT_LANGUAGE="en", follow=True,
    )  # fmt: skip
    assert "Choose a priority." in response.content.decode()
    response = client.post(
        reverse("measures:barrier_answer", args=[barrier.pk]), {"measure": "999999"},
        HTTP_ACCEPT_LANGUAGE="en", follow=True,
    )  # fmt: skip
    assert "Choose a measure." in response.content.decode()
    before = (barrier.priority, barrier.status, barrier.response)
    barrier.refresh_from_db()
    assert (barrier.priority, barrier.status, barrier.response) == before
