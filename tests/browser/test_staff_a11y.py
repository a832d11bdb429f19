"""Accessibility of the staff pages of journeys 1–6: axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA)
finds no violation on any of them at 360 px, and none is wider than the screen.

The demo municipality (Duisburg, one login per role, the seed motion adopted, its position,
measures, indicators, barriers and 60 offers) is what a new user meets; each role opens the
pages its journeys pass through, including the steps of a flow (a motion read and proposed, a
bookings file mapped, a provider's change waiting for review)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from ankunft.budget.models import BudgetLine, Position
from ankunft.core.demo import DEMO_PASSWORD
from ankunft.council.models import Paper
from ankunft.directory import demo as directory_demo
from ankunft.directory.models import Offer
from ankunft.measures.models import Barrier, Indicator, Measure
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTH = 360
SEED = Path(__file__).parents[2] / "ankunft/council/seed/antrag-hfa-2021-11-18-personal-ki.txt"
BOOKINGS = (
    "Buchungsdatum;Betrag;Sachkonto;Text\n"
    "15.04.2022;4.250,00;501200;Personalkosten April\n"
    "15.05.2022;4.250,00;501200;Personalkosten Mai\n"
)

AXE_RUN = (
    "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
    ".violations.map(v => v.id + ' [' + v.impact + ']: ' + v.nodes.map(n => n.target.join(' '))"
    ".slice(0, 3).join(', '))"
)


def check(page: Page, problems: dict[str, Any], name: str) -> None:
    """Run axe on the page as it is now and measure its width; note what is wrong."""
    assert page.locator("main").count() == 1, (name, page.url)  # a real page, not an error
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the CSP refuses inline ones
    violations = page.evaluate(AXE_RUN, WCAG)
    width = page.evaluate("document.documentElement.scrollWidth")
    if violations:
        problems[f"{name} axe"] = violations
    if width > WIDTH:
        problems[f"{name} width"] = width


def report(problems: dict[str, Any]) -> str:
    return "\n".join(f"{name}: {problem}" for name, problem in problems.items())


def visit(page: Page, problems: dict[str, Any], pages: dict[str, str]) -> None:
    for name, path in pages.items():
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, (name, path, response.status)
        check(page, problems, name)


@pytest.fixture
def demo():
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())


def paper_with_lines() -> Paper:
    return Paper.objects.filter(allocations__isnull=False).distinct().get()


def test_finance_pages_have_no_axe_violations_at_360_px(page, demo):
    """Journey 1 and the money side of journey 2: council, budget, bookings, execution."""
    paper = paper_with_lines()
    decision = paper.decisions.order_by("date", "pk").first()
    assert decision is not None
    line = BudgetLine.objects.order_by("year").first()
    assert line is not None
    problems: dict[str, Any] = {}
    login(page, "finance", DEMO_PASSWORD)
    visit(
        page,
        problems,
        {
            "start": "/",
            "papers": "/council/",
            "paper": f"/council/papers/{paper.pk}/",
            "read motion": "/council/motions/read/",
            "budget lines": "/budget/",
            "budget line": f"/budget/lines/{line.pk}/",
            "execution": f"/budget/decisions/{decision.pk}/execution/",
            "cost table": "/budget/costs/",
            "buy": "/budget/buy/?amount=100000&year=2022",
            "bookings": "/budget/bookings/",
            "bookings import": "/budget/bookings/import/",
        },
    )

    page.goto("/council/motions/read/")
    page.set_input_files("#id_file", str(SEED))
    page.locator("main button[type=submit]").last.click()
    page.locator("#id_reference").wait_for()
    check(page, problems, "motion proposal (confirm)")

    page.goto("/budget/bookings/import/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "buchungen.csv", "mimeType": "text/csv", "buffer": BOOKINGS.encode()}],
    )
    page.locator("main button[type=submit]").last.click()
    page.wait_for_url("**/budget/bookings/import/*/")
    check(page, problems, "bookings mapping")
    assert problems == {}, report(problems)


def test_head_of_ki_pages_have_no_axe_violations_at_360_px(page, demo):
    """Journeys 2–4 and the KI's side of journey 6: positions, measures, the chain, review."""
    position = Position.objects.get()
    paper = paper_with_lines()
    decision = paper.decisions.order_by("date", "pk").first()
    assert decision is not None
    measure = Measure.objects.get(title="Erstanlaufstelle Marxloh")
    indicator = Indicator.objects.filter(measure=measure).order_by("pk").first()
    assert indicator is not None
    barrier = Barrier.objects.order_by("pk").first()
    assert barrier is not None
    course = Offer.objects.get(uuid=directory_demo.offer_uuid("german_course_women", 0))
    problems: dict[str, Any] = {}

    # The provider's change that the KI reviews (journey 6), made on the provider's pages.
    login(page, "provider", DEMO_PASSWORD)
    visit(
        page,
        problems,
        {
            "provider start": "/",
            "provider offers": "/offers/manage/",
            "provider offer": f"/offers/manage/offers/{course.uuid}/",
            "provider offer edit": f"/offers/manage/offers/{course.uuid}/edit/",
        },
    )
    page.get_by_label("Öffnungszeiten", exact=True).fill("Di, Do 17:00-19:30")
    page.locator("main button[type=submit]").last.click()
    page.get_by_text("Ihre Änderung wird nach Prüfung durch das KI veröffentlicht").wait_for()
    page.get_by_role("button", name="Abmelden").click()

    login(page, "head", DEMO_PASSWORD)
    visit(
        page,
        problems,
        {
            "start": "/",
            "buy": "/budget/buy/?amount=100000&year=2022",
            "positions": "/budget/positions/",
            "position": f"/budget/positions/{position.pk}/",
            "assignment form": f"/budget/positions/{position.pk}/fill/",
            "concepts": "/measures/concepts/",
            "measures": "/measures/",
            "measure": f"/measures/{measure.pk}/",
            "indicator": f"/measures/indicators/{indicator.pk}/",
            "barriers": "/measures/barriers/",
            "barrier": f"/measures/barriers/{barrier.pk}/",
            "chains": "/measures/chain/",
            "chain": f"/measures/chain/{decision.pk}/",
            "directory": "/offers/manage/",
            "review list": "/offers/manage/review/",
            "translations": "/offers/manage/translations/",
            "staff": "/staff/",
            "api tokens": "/api-access/",
        },
    )
    page.goto("/offers/manage/review/")
    page.locator("main").get_by_role(
        "link", name="Deutschkurs für Frauen mit Kinderbetreuung"
    ).first.click()
    page.locator("table.diff").wait_for()
    check(page, problems, "review detail")
    assert problems == {}, report(problems)


def test_team_and_dpo_pages_have_no_axe_violations_at_360_px(page, demo):
    """The start pages and measure pages of the team lead and the case worker, and the data
    protection officer's audit log and register of fields."""
    measure = Measure.objects.get(title="Erstanlaufstelle Marxloh")
    indicator = Indicator.objects.filter(measure=measure).order_by("pk").first()
    assert indicator is not None
    problems: dict[str, Any] = {}
    login(page, "teamlead", DEMO_PASSWORD)
    visit(
        page,
        problems,
        {
            "team lead start": "/",
            "team lead measure": f"/measures/{measure.pk}/",
            "team lead indicator": f"/measures/indicators/{indicator.pk}/",
            "team lead barriers": "/measures/barriers/",
        },
    )
    page.get_by_role("button", name="Abmelden").click()
    login(page, "caseworker", DEMO_PASSWORD)
    visit(page, problems, {"case worker start": "/", "case worker measures": "/measures/"})
    page.get_by_role("button", name="Abmelden").click()
    login(page, "dpo", DEMO_PASSWORD)
    visit(
        page,
        problems,
        {"dpo start": "/", "audit log": "/audit/", "data register": "/data-register/"},
    )
    assert problems == {}, report(problems)
