"""Pages: who may open what (every role), tenant isolation, query counts, the edit flows."""

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

READERS = {Role.HEAD_OF_KI, Role.TEAM_LEAD, Role.CASE_WORKER, Role.FINANCE}
EDITORS = {Role.HEAD_OF_KI, Role.TEAM_LEAD}
# The chain shows money per decision: not for case workers, like the budget pages.
CHAIN_READERS = {Role.HEAD_OF_KI, Role.TEAM_LEAD, Role.FINANCE}


@pytest.fixture
def world(town):
    w = builders.chain_world(town)
    barrier = barrier_report(actor=None, municipality=town, title="Lange Wartezeiten")
    return w, barrier


def _pages(w, barrier) -> dict[str, tuple[str, set[str]]]:
    """URL → roles that get 200 (every other role: 403), written from PRODUCT.md's roles."""
    return {
        "list": (reverse("measures:measure_list"), READERS),
        "detail": (reverse("measures:measure_detail", args=[w.first_contact.pk]), READERS),
        "create": (reverse("measures:measure_create"), EDITORS),
        "edit": (reverse("measures:measure_edit", args=[w.first_contact.pk]), EDITORS),
        "indicator": (reverse("measures:indicator_detail", args=[w.advised.pk]), READERS),
        "indicator_new": (reverse("measures:indicator_create", args=[w.first_contact.pk]), EDITORS),
        "indicator_edit": (reverse("measures:indicator_edit", args=[w.advised.pk]), EDITORS),
        "import": (reverse("measures:indicator_import"), EDITORS),
        "concepts": (reverse("measures:concept_list"), READERS),
        "concept_edit": (
            reverse("measures:concept_edit", args=[w.first_contact.concept_id]),
            EDITORS,
        ),
        "fields": (reverse("measures:field_list"), READERS),
        "districts": (reverse("measures:district_tree"), READERS),
        "barriers": (reverse("measures:barrier_list"), READERS),
        "barrier": (reverse("measures:barrier_detail", args=[barrier.pk]), READERS),
        "barrier_new": (reverse("measures:barrier_create"), {*EDITORS, Role.CASE_WORKER}),
        "chains": (reverse("measures:chain_index"), CHAIN_READERS),
        "chain": (reverse("measures:chain_detail", args=[w.decision.pk]), CHAIN_READERS),
    }


PAGE_NAMES = [
    "list", "detail", "create", "edit", "indicator", "indicator_new", "indicator_edit", "import",
    "concepts", "concept_edit", "fields", "districts", "barriers", "barrier", "barrier_new",
    "chains", "chain",
]  # fmt: skip


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("page", PAGE_NAMES)
def test_page_access_by_role(client, town, world, role, page):
    url, allowed = _pages(*world)[page]
    client.force_login(factories.user(role, None if role == Role.OPERATOR else town))
    assert client.get(url).status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_anonymous_is_sent_to_login(client, world, page):
    url, _roles = _pages(*world)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "page", ["detail", "edit", "indicator", "indicator_edit", "barrier", "chain", "concept_edit"]
)
def test_other_towns_records_are_404(client, town, other_town, page):
    w = builders.chain_world(other_town)
    barrier = barrier_report(actor=None, municipality=other_town, title="Anderswo")
    url, _roles = _pages(w, barrier)[page]
    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    assert client.get(url).status_code == 404


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


def _posts(w, barrier) -> dict[str, tuple[str, dict, set[str]]]:
    """POST-only pages: URL, data, roles that may (302 back to the page; others 403)."""
    value = builders.value(w.advised, "2022-06", "3")
    allocation = w.full.measure_allocations.first()
    spare = builders.position(w.decision.municipality, "Reserve", "0.50", [], dt.date(2022, 1, 1))
    return {
        "value_add": (reverse("measures:indicator_value_add", args=[w.advised.pk]),
                      {"period": "2022-07", "value": "4"}, EDITORS),
        "value_delete": (reverse("measures:indicator_value_delete", args=[value.pk]), {}, EDITORS),
        "allocation_add": (reverse("measures:allocation_add", args=[w.school.pk]),
                           {"position": spare.pk, "percent": "1", "valid_from": "2022-01-01",
                            "valid_until": "2022-02-01"}, EDITORS),
        "allocation_delete": (reverse("measures:allocation_delete", args=[allocation.pk]),
                              {}, EDITORS),
        "barrier_priority": (reverse("measures:barrier_prioritise", args=[barrier.pk]),
                             {"priority": "2"}, EDITORS),
        "barrier_answer": (reverse("measures:barrier_answer", args=[barrier.pk]),
                           {"measure": w.school.pk}, EDITORS),
        "barrier_status": (reverse("measures:barrier_status", args=[barrier.pk]),
                           {"status": "dismissed"}, EDITORS),
    }  # fmt: skip


POST_NAMES = [
    "value_add", "value_delete", "allocation_add", "allocation_delete",
    "barrier_priority", "barrier_answer", "barrier_status",
]  # fmt: skip


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", POST_NAMES)
def test_post_access_by_role(client, town, world, role, name):
    url, data, allowed = _posts(*world)[name]
    client.force_login(factories.user(role, None if role == Role.OPERATOR else town))
    assert client.post(url, data).status_code == (302 if role in allowed else 403)


@pytest.mark.parametrize("name", POST_NAMES)
def test_posts_on_other_towns_records_are_404(client, town, other_town, name):
    w = builders.chain_world(other_town)
    barrier = barrier_report(actor=None, municipality=other_town, title="Anderswo")
    url, data, _roles = _posts(w, barrier)[name]
    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    assert client.post(url, data).status_code == 404


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
