"""Council pages: papers list and search, detail, create and edit, decisions, bodies,
meetings."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ankunft.core.models import Role
from ankunft.council import services
from ankunft.council.models import Decision, Paper
from tests.council import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(client, make_user):
    user = make_user(Role.FINANCE)
    client.force_login(user)
    return user


def _rows(html: str) -> int:
    return html.count('<tr class="paper-row">')


def test_list_shows_papers_newest_first(client, town, finance):
    cf.paper(town, name="Älterer Antrag", date=datetime.date(2020, 1, 1))
    cf.paper(town, name="Neuer Antrag", date=datetime.date(2022, 1, 1))
    html = client.get(reverse("council:paper_list")).content.decode()
    assert html.index("Neuer Antrag") < html.index("Älterer Antrag")


def test_search_finds_reference_title_and_text(client, town, finance):
    """Every word must occur in reference, title or text."""
    cf.paper(town, reference="DS 21-0220", name="Ankunftsstadtteil Marxloh")
    cf.paper(town, name="Radwege", text="Ein Konzept für Marxloh und Hamborn")
    cf.paper(town, name="Haushalt 2022")
    url = reverse("council:paper_list")

    def titles(q: str) -> set[str]:
        papers = Paper.objects.filter(
            name__in=["Ankunftsstadtteil Marxloh", "Radwege", "Haushalt 2022"]
        )
        html = client.get(url, {"q": q}).content.decode()
        return {p.name for p in papers if p.name in html}

    assert titles("21-0220") == {"Ankunftsstadtteil Marxloh"}
    assert titles("marxloh") == {"Ankunftsstadtteil Marxloh", "Radwege"}
    assert titles("Marxloh Hamborn") == {"Radwege"}
    assert titles("Haushalt") == {"Haushalt 2022"}


def test_htmx_search_renders_only_the_results(client, town, finance):
    cf.paper(town, name="Ankunftsstadtteil Marxloh")
    response = client.get(reverse("council:paper_list"), {"q": "Marxloh"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Ankunftsstadtteil Marxloh" in html
    assert "<html" not in html
    assert '<form class="filters"' not in html


def test_list_is_keyset_paginated(client, town, finance):
    """51 papers: the first page shows 50 and a link to the rest, which shows 1."""
    for day in range(51):
        cf.paper(town, date=datetime.date(2021, 1, 1) + datetime.timedelta(days=day))
    first = client.get(reverse("council:paper_list"))
    assert _rows(first.content.decode()) == 50
    cursor = first.context["page"].next
    second = client.get(reverse("council:paper_list"), {"after": cursor})
    assert _rows(second.content.decode()) == 1
    assert second.context["page"].next is None


def test_papers_without_date_come_last_and_paginate(town, make_user):
    """Keyset pagination crosses from dated to undated papers without losing any."""
    from ankunft.council import selectors  # noqa: PLC0415

    dated = [cf.paper(town, date=datetime.date(2021, 1, d)) for d in (1, 2)]
    undated = [cf.paper(town, date=None) for _ in range(3)]
    user = make_user(Role.FINANCE)
    seen, cursor = [], ""
    while True:
        page = selectors.paper_page(papers=selectors.paper_list(actor=user), cursor=cursor, limit=2)
        seen += [p.pk for p in page.items]
        if page.next is None:
            break
        cursor = page.next
    assert seen == [dated[1].pk, dated[0].pk, *sorted((p.pk for p in undated), reverse=True)]


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(client, town, finance, django_assert_num_queries, count):
    """Session, user, municipality (page header), papers, originators, paper types: six
    queries for any number of rows."""
    spd = cf.organization(town, short_name="SPD", kind="faction")
    for _ in range(count):
        cf.paper(town, originators=[spd])
    with django_assert_num_queries(6):
        response = client.get(reverse("council:paper_list"))
    assert response.status_code == 200


def test_detail_shows_allocations_decisions_and_relations(client, town, finance):
    related = cf.paper(town, reference="DS 21-0220", name="Ankunftsstadtteil Marxloh")
    paper = cf.paper(town, allocations=[(2022, "100000"), (2023, "100000")])
    paper.related_papers.set([related])
    paper.related_references = ["DS 99-0001"]
    paper.save()
    services.decision_record(
        actor=finance, paper=paper, outcome="adopted", date=datetime.date(2021, 11, 18)
    )
    url = reverse("council:paper_detail", args=[paper.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ankunftsstadtteil Marxloh" in html
    assert "DS 99-0001" in html
    # Twice in the money the paper asks for, twice in the budget lines the adoption made.
    assert html.count('<td class="num">100,000.00</td>') == 4
    assert "200,000.00" in html
    assert "Adopted" in html


def test_create_paper_with_allocations(client, town, finance):
    spd = cf.organization(town, short_name="SPD", kind="faction")
    data = {
        "name": "Neuer Antrag",
        "reference": "A 1",
        "date": "2021-11-11",
        "originators": [spd.pk],
        "related_references": "DS 21-0220",
        "alloc-TOTAL_FORMS": "2",
        "alloc-INITIAL_FORMS": "0",
        "alloc-0-year": "2022",
        "alloc-0-amount_eur": "100000",
        "alloc-1-year": "",
        "alloc-1-amount_eur": "",
    }
    response = client.post(reverse("council:paper_create"), data)
    paper = Paper.objects.get(reference="A 1")
    assert response.status_code == 302
    assert response["Location"] == reverse("council:paper_detail", args=[paper.pk])
    assert [(a.year, a.amount_eur) for a in paper.allocations.all()] == [(2022, Decimal(100000))]
    assert paper.related_references == ["DS 21-0220"]
    assert list(paper.originators.all()) == [spd]


def test_create_paper_shows_errors_next_to_fields(client, town, finance):
    data = {"name": "", "alloc-TOTAL_FORMS": "1", "alloc-INITIAL_FORMS": "0",
            "alloc-0-year": "1800", "alloc-0-amount_eur": "viel"}  # fmt: skip
    response = client.post(reverse("council:paper_create"), data, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert Paper.objects.count() == 0
    assert "This field is required." in html
    assert "Ensure this value is greater than or equal to 1990." in html
    assert "Enter a number." in html


def test_add_row_button_adds_a_row_without_saving(client, town, finance):
    data = {"name": "x", "alloc-TOTAL_FORMS": "1", "alloc-INITIAL_FORMS": "0", "add_row": "1"}
    response = client.post(reverse("council:paper_create"), data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert Paper.objects.count() == 0


def test_edit_paper_removes_a_row(client, town, finance):
    paper = cf.paper(town, allocations=[(2022, "1"), (2023, "2")])
    data = {
        "name": paper.name,
        "alloc-TOTAL_FORMS": "2",
        "alloc-INITIAL_FORMS": "2",
        "alloc-0-year": "2022",
        "alloc-0-amount_eur": "1",
        "alloc-1-year": "2023",
        "alloc-1-amount_eur": "2",
        "alloc-1-DELETE": "on",
    }
    response = client.post(reverse("council:paper_edit", args=[paper.pk]), data)
    assert response.status_code == 302
    assert [a.year for a in paper.allocations.all()] == [2022]


def test_decision_form_records_and_defaults_to_the_committee(client, town, finance):
    """The form proposes the deciding committee and its meeting day; posting records."""
    committee = cf.organization(town, name="Haupt- und Finanzausschuss")
    paper = services.motion_confirm(
        actor=finance,
        motion=services.ConfirmedMotion(
            title="Antrag", committee=committee.name, meeting_date=datetime.date(2021, 11, 18)
        ),
    )
    page = client.get(reverse("council:paper_detail", args=[paper.pk]))
    form = page.context["decision_form"]
    assert form.initial["organization"] == committee
    assert form.initial["date"] == datetime.date(2021, 11, 18)
    response = client.post(
        reverse("council:decision_create", args=[paper.pk]),
        {"outcome": "adopted", "date": "2021-11-18", "organization": committee.pk},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(paper=paper)
    assert (decision.outcome, decision.date, decision.organization) == (
        "adopted",
        datetime.date(2021, 11, 18),
        committee,
    )


def test_adopted_decision_without_date_is_refused(client, town, finance):
    paper = cf.paper(town)
    response = client.post(
        reverse("council:decision_create", args=[paper.pk]),
        {"outcome": "adopted"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "An adopted decision needs its date." in response.content.decode()
    assert Decision.objects.count() == 0


def test_team_lead_sees_no_edit_controls(client, town, make_user):
    paper = cf.paper(town)
    client.force_login(make_user(Role.TEAM_LEAD))
    response = client.get(reverse("council:paper_detail", args=[paper.pk]))
    assert response.context["decision_form"] is None
    assert reverse("council:paper_edit", args=[paper.pk]) not in response.content.decode()


def test_organization_and_meeting_pages(client, town, finance):
    committee = cf.organization(town, name="Haupt- und Finanzausschuss")
    meeting = cf.meeting(town, committee, name="Sitzung des HFA")
    paper = cf.paper(town, name="Antrag KI", originators=[committee])
    paper.consultations.create(municipality=town, meeting=meeting, organization=committee)
    html = client.get(reverse("council:organization_detail", args=[committee.pk])).content.decode()
    assert "Antrag KI" in html
    assert "Sitzung des HFA" in html
    html = client.get(reverse("council:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Antrag KI" in html
    html = client.get(reverse("council:meeting_list"), {"q": "HFA"}).content.decode()
    assert "Sitzung des HFA" in html
    html = client.get(reverse("council:organization_list")).content.decode()
    assert "Haupt- und Finanzausschuss" in html
