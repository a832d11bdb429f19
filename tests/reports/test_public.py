"""The public pages of a published report: no login, only published reports, only
suppressed figures; JSON and CSV as open data; the OParl 1.1 `File` of the PDF validates
against the official schema."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from jsonschema import Draft202012Validator, FormatChecker

from ankunft.core.models import Role
from ankunft.reports import build
from ankunft.reports.models import Report
from tests import factories
from tests.budget.conftest import seed_decision
from tests.reports import world_public as w

pytestmark = pytest.mark.django_db

# The official schema, copied unchanged from the OParl specification (../shared/data).
SCHEMA = Path(__file__).resolve().parents[3] / "shared/data/oparl-1.1/schema/File.json"
ROUTES = ("public_detail", "public_pdf", "public_csv", "public_json", "public_oparl_file")


@pytest.fixture
def decision(town):
    return seed_decision(town)


@pytest.fixture
def published(town, decision):
    return w.report(town, decision, published=True)


def _url(name: str, report: Report) -> str:
    return reverse(f"reports:{name}", kwargs={"public_id": report.public_id})


def _validator() -> Draft202012Validator:
    checker = FormatChecker()

    @checker.checks("url")
    def is_url(value: object) -> bool:  # OParl's own format: an absolute http(s) URL
        parts = urlparse(str(value))
        return parts.scheme in {"http", "https"} and bool(parts.netloc)

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=checker)


def _people_figures(tables: list[dict[str, Any]]) -> list[Any]:
    figures: list[Any] = []
    for t in tables:
        if t["people"]:
            figures += [v for row in t["cells"] for v in row]
            figures += [*t["row_totals"], *t["column_totals"], t["total"]]
    return figures


# OParl File ---------------------------------------------------------------------------------


def test_the_oparl_file_validates_against_the_official_schema(client, published):
    response = client.get(_url("public_oparl_file", published))
    assert response.status_code == 200
    data = response.json()
    errors = [e.message for e in _validator().iter_errors(data)]
    assert errors == []
    assert data["type"] == "https://schema.oparl.org/1.1/File"
    assert data["id"] == "http://testserver" + _url("public_oparl_file", published)
    assert data["accessUrl"] == "http://testserver" + _url("public_pdf", published)
    assert data["web"] == "http://testserver" + _url("public_detail", published)
    assert (data["mimeType"], data["size"], data["date"]) == (
        "application/pdf",
        len(w.PDF),
        "2023-12-31",
    )
    assert data["sha512Checksum"] == hashlib.sha512(w.PDF).hexdigest()
    assert data["fileName"] == "sachstandsbericht-verstarkung-des-personals-im-ki-2023-12-31.pdf"
    assert data["fileLicense"] == "https://www.govdata.de/dl-de/by-2-0"
    # Only links ankunft serves: no paper or meeting before its OParl endpoint exists.
    assert "paper" not in data
    assert "meeting" not in data


def test_the_schema_check_catches_a_broken_file_object(client, published):
    """The validator is not a rubber stamp: a wrong type and a relative URL fail."""
    data = client.get(_url("public_oparl_file", published)).json()
    broken = {**data, "type": "https://schema.oparl.org/1.0/File", "accessUrl": "/x.pdf"}
    assert len(list(_validator().iter_errors(broken))) == 2


def test_the_pdf_is_the_stored_pdf_inline_or_as_download(client, published):
    response = client.get(_url("public_pdf", published))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content == w.PDF
    assert response["Content-Disposition"].startswith("inline; filename=")
    download = client.get(client.get(_url("public_oparl_file", published)).json()["downloadUrl"])
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert download.content == w.PDF


# JSON ---------------------------------------------------------------------------------------


def test_the_json_holds_every_table_with_suppressed_figures_as_null(client, published, decision):
    response = client.get(_url("public_json", published))
    assert response.status_code == 200
    data = response.json()
    assert [t["name"] for t in data["tables"]] == ["money_by_year", "cases_by_district"]
    people = data["tables"][1]
    assert people["cells"] == w.CASES_CELLS
    assert people["column_totals"] == [None, 18, None]
    assert data["threshold"] == 5
    assert (data["municipality"], data["as_of"]) == ("Duisburg-Test", "2023-12-31")
    assert data["decisions"][0]["reference"] == decision.paper.reference
    assert "url" not in data["decisions"][0]  # the chain page is internal
    assert data["links"]["oparl_file_url"].endswith("/oparl-file.json")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_no_people_figure_below_the_threshold_leaves_the_app(client, town, decision):
    """Even a content that holds a small people figure (it never should) is published
    without it: the JSON page and the API show it suppressed."""
    content = w.content(town.name, decision)
    content["tables"][1]["cells"][0][0] = 2
    content["tables"][1]["row_totals"][1] = 4
    report = w.report(town, decision, content=content)
    Report.objects.filter(pk=report.pk).update(published_at=report.finished_at)  # bypassing
    outputs = [
        client.get(_url("public_json", report)).json()["tables"],
        client.get(f"/api/reports/public/reports/{report.public_id}").json()["tables"],
    ]
    for tables in outputs:
        figures = _people_figures(tables)
        assert [f for f in figures if f is not None and f < w.THRESHOLD] == []
        assert tables[1]["cells"][0][0] is None
        assert tables[1]["row_totals"][1] is None


# Pages --------------------------------------------------------------------------------------


def test_the_report_page_shows_the_document_and_its_downloads(client, published):
    response = client.get(_url("public_detail", published))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fälle nach Ortsteil und Handlungsfeld" in html
    for name in ("public_pdf", "public_csv", "public_json", "public_oparl_file"):
        assert _url(name, published) in html
    assert "/council/decisions/" not in html  # no internal link on a public page
    assert response["Cache-Control"] in {"public, max-age=300", "max-age=300, public"}


def test_the_csv_has_every_table_and_empty_fields_for_suppressed_figures(client, published):
    response = client.get(_url("public_csv", published))
    assert (response.status_code, response["Content-Type"]) == (200, "text/csv; charset=utf-8")
    text = response.content.decode()
    assert "# cases_by_district:" in text
    assert "Marxloh,12,,9,24" in text


def test_unpublished_and_unknown_reports_are_not_there(client, town, decision, make_user):
    draft = w.report(town, decision)
    taken_back = w.report(town, decision)
    queued = w.report(town, decision, status=Report.Status.QUEUED)
    Report.objects.filter(pk=queued.pk).update(published_at=taken_back.finished_at)
    for report in (draft, taken_back, queued):
        for name in ROUTES:
            assert client.get(_url(name, report)).status_code == 404, (name, report.pk)
    unknown = reverse("reports:public_detail", kwargs={"public_id": w.UNKNOWN.pk})
    assert client.get(unknown).status_code == 404
    client.force_login(make_user(Role.HEAD_OF_KI))  # staff see drafts on the internal page only
    assert client.get(_url("public_json", draft)).status_code == 404


def test_public_answers_may_be_cached_briefly_also_for_staff(client, published, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.get(_url("public_json", published))
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"public", "max-age=300"}
    assert "Accept-Language" in response["Vary"]


def test_the_list_shows_the_municipalitys_published_reports_only(
    client, town, other_town, decision
):
    mine = w.report(town, decision, published=True, title="Bericht 2023")
    w.report(town, decision, title="Entwurf 2024")
    elsewhere = seed_decision(other_town, reference="X-1")
    w.report(other_town, elsewhere, published=True, title="Bericht Anderswo")
    response = client.get(reverse("reports:public_list", kwargs={"municipality": town.slug}))
    html = response.content.decode()
    assert "Bericht 2023" in html
    assert _url("public_detail", mine) in html
    assert "Entwurf 2024" not in html
    assert "Bericht Anderswo" not in html
    assert (
        client.get(reverse("reports:public_list", kwargs={"municipality": "nirgendwo"})).status_code
        == 404
    )


def test_the_list_needs_few_queries(client, town, decision, django_assert_num_queries):
    for n in range(4):
        w.report(town, decision, published=True, title=f"Bericht {n}")
    url = reverse("reports:public_list", kwargs={"municipality": town.slug})
    with django_assert_num_queries(2):  # the municipality, the reports
        assert client.get(url).status_code == 200


def test_the_root_goes_to_the_one_municipality_or_offers_a_choice(
    client, town, other_town, decision
):
    assert client.get(reverse("reports:public_root")).status_code == 200  # none published yet
    w.report(town, decision, published=True)
    response = client.get(reverse("reports:public_root"))
    assert response.url == reverse("reports:public_list", kwargs={"municipality": town.slug})
    w.report(other_town, seed_decision(other_town, reference="X-1"), published=True)
    response = client.get(reverse("reports:public_root"))
    assert response.status_code == 200
    assert "Anderswo" in response.content.decode()


# API ----------------------------------------------------------------------------------------


def test_the_public_api_lists_and_shows_published_reports_without_login(client, published, town):
    items = client.get(f"/api/reports/public/{town.slug}/reports").json()
    assert [i["id"] for i in items] == [str(published.public_id)]
    assert items[0]["links"]["pdf_url"] == "http://testserver" + _url("public_pdf", published)
    detail = client.get(f"/api/reports/public/reports/{published.public_id}").json()
    assert detail["tables"][1]["cells"] == w.CASES_CELLS


def test_the_api_publishes_and_takes_back(client, town, decision, make_user):
    head = make_user(Role.HEAD_OF_KI)
    report = w.report(town, decision)
    scope = build.resolve_scope(municipality=town, decision=decision, year=None)
    Report.objects.filter(pk=report.pk).update(data_version=build.data_version(scope))
    client.force_login(head)
    answer = client.post(f"/api/reports/reports/{report.pk}/publish").json()
    assert answer["published"] is True
    assert client.get(answer["links"]["json_url"]).status_code == 200
    answer = client.post(f"/api/reports/reports/{report.pk}/unpublish").json()
    assert (answer["published"], answer["links"]) == (False, None)
    assert client.get(_url("public_json", report)).status_code == 404


def test_the_api_refuses_to_publish_an_unfinished_report(client, town, decision, make_user):
    report = w.report(town, decision, status=Report.Status.QUEUED)
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.post(f"/api/reports/reports/{report.pk}/publish", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"] == ["Only a finished report can be published."]


# The button on the internal page ------------------------------------------------------------


def test_the_unpublish_button_goes_back_to_the_page(client, town, decision, make_user):
    report = w.report(town, decision, published=True)
    client.force_login(make_user(Role.HEAD_OF_KI))
    url = reverse("reports:report_unpublish", kwargs={"pk": report.pk})
    response = client.post(url, {"next": "/reports/"})
    assert response.url == "/reports/"
    report.refresh_from_db()
    assert report.published_at is None
    outside = client.post(url, {"next": "https://evil.example/"})  # refused: not published
    assert outside.url == reverse("reports:report_list")  # never off the site


def test_a_refused_publish_says_why(client, town, decision, make_user):
    report = w.report(town, decision, status=Report.Status.RUNNING)
    client.force_login(make_user(Role.HEAD_OF_KI))
    url = reverse("reports:report_publish", kwargs={"pk": report.pk})
    response = client.post(url, {"next": "/reports/"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Only a finished report can be published."]


def test_the_publish_partial_shows_the_right_button(town, decision, make_user):
    head, lead = make_user(Role.HEAD_OF_KI), make_user(Role.TEAM_LEAD)
    draft, published = w.report(town, decision), w.report(town, decision, published=True)

    def partial(user, report):
        request = RequestFactory().get("/reports/1/")
        request.user = user
        with translation.override("en"):
            return render_to_string("reports/_publish.html", {"report": report}, request=request)

    assert reverse("reports:report_publish", kwargs={"pk": draft.pk}) in partial(head, draft)
    shown = partial(head, published)
    assert reverse("reports:report_unpublish", kwargs={"pk": published.pk}) in shown
    assert _url("public_detail", published) in shown
    assert partial(lead, draft).strip() == ""
    assert (
        partial(
            factories.user(Role.HEAD_OF_KI, town), w.report(town, decision, status="queued")
        ).strip()
        == ""
    )
