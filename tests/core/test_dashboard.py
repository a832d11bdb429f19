"""The start page shows what is due for each role (issue 9: it was only tiles repeating the
menu), from the panels the modules register in `core.dashboard`, in a fixed number of
queries per role."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ankunft.budget.models import BudgetLine
from ankunft.core import dashboard
from ankunft.core.audit import SYSTEM, access_context, audit
from ankunft.core.models import AuditAction, Interface, Municipality, User
from ankunft.council.models import Decision
from ankunft.directory import demo as directory_demo
from ankunft.directory.models import Offer
from ankunft.directory.offer_data import OfferTexts, data_of
from ankunft.directory.services.offers import offer_update
from tests.council import factories as council_factories

pytestmark = pytest.mark.django_db

# Queries of the start page per demo login: session and user, then each panel's reads
# (execution: a few per decision; translations: one per content language).
QUERIES = {
    "finance": 15,
    "head": 26,
    "teamlead": 26,  # + the work list's panel: its periods and one count per kind of item
    "caseworker": 24,
    "dpo": 7,  # + labels of the shown entries: one query per record type, one audit INSERT
    "provider": 10,  # + new referrals and unread notices (two counts), the newest referrals
}


@pytest.fixture(scope="module")
def _demo_data(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction that is rolled back at
    its end (each test runs in a savepoint within it)."""
    # Module-scoped: outside the suite's per-test system context, so it sets its own.
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        access_context(Interface.SYSTEM, actor=SYSTEM),
    ):
        call_command(
            "demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO()
        )
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_data, db) -> Municipality:
    return Municipality.objects.get(slug="duisburg")


def _home(client, username: str) -> str:
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def _headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]


def _pending_change(town: Municipality) -> Offer:
    """The demo provider proposes a change of its German course (it waits for review)."""
    course = Offer.objects.get(uuid=directory_demo.offer_uuid("german_course_women", 0))
    texts = course.translations.get(language=course.source_language)
    offer_update(
        actor=User.objects.get(username="provider"),
        offer=course,
        data=data_of(course),
        texts=OfferTexts(
            title=texts.title,
            summary="Deutsch lernen am Abend, nur für Frauen.",
            description=texts.description,
            hours_note=texts.hours_note,
            cost_note=texts.cost_note,
        ),
    )
    return course


def test_the_start_page_is_no_longer_tiles_of_the_menu(client, demo):
    html = _home(client, "head")
    assert 'class="tiles"' not in html
    assert 'class="panels"' in html


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        (
            "finance",
            [
                "Beschlüsse ohne Haushaltsansätze",
                "Haushaltsvollzug 2023: Warnungen",
                "Kennzahlen",
                "2 offene Hürden",
            ],
        ),
        (
            "head",
            [
                "Beschlüsse ohne Haushaltsansätze",
                "Haushaltsvollzug 2023: Warnungen",
                "Kennzahlen",
                "2 offene Hürden",
                "1 Änderung wartet auf Prüfung",
                "Zu übersetzen",
            ],
        ),
        (
            "teamlead",
            [
                "Arbeitsliste",
                "Kennzahlen",
                "2 offene Hürden",
                "1 Änderung wartet auf Prüfung",
                "Zu übersetzen",
            ],
        ),
        ("caseworker", ["Arbeitsliste", "Kennzahlen", "2 offene Hürden", "Zu übersetzen"]),
        ("dpo", ["Letzte Einträge im Protokoll"]),
        ("provider", ["2 neue Vermittlungen", "1 Ihrer Änderungen wartet auf Prüfung"]),
    ],
)
def test_each_role_sees_its_panels(client, demo, username, expected):
    _pending_change(demo)
    assert _headings(_home(client, username)) == expected


def test_finance_sees_an_adopted_paper_whose_money_has_no_budget_line(client, demo):
    paper = council_factories.paper(demo, reference="DS 24-0815", allocations=[(2024, "5000")])
    Decision.objects.create(
        municipality=demo, paper=paper, outcome=Decision.Outcome.ADOPTED, date=dt.date(2024, 2, 1)
    )
    html = _home(client, "finance")
    assert f'<a href="/council/papers/{paper.pk}/">DS 24-0815</a> – Beschlossen 01.02.2024' in html
    # The demo's adopted paper has its lines, so it is not listed.
    assert "Jeder Beschluss" not in html


def test_head_of_ki_sees_indicators_off_target_and_values_due(client, demo):
    html = _home(client, "head")
    assert "2 Kennzahlen nicht oder knapp im Ziel" in html
    assert "Geklärte Versicherungsfälle pro Monat" in html
    assert "○ nicht im Ziel" in re.sub(r"<[^>]+>", "", html)
    assert "7 Kennzahlen warten auf ihren neuesten Wert" in html
    assert "letzter Wert 03/2023" in html


def test_a_case_worker_is_not_asked_for_indicator_values(client, demo):
    html = _home(client, "caseworker")
    assert "2 Kennzahlen nicht oder knapp im Ziel" in html
    assert "warten auf ihren neuesten Wert" not in html


def test_the_review_panel_links_the_change_for_the_ki_and_the_offer_for_the_provider(client, demo):
    course = _pending_change(demo)
    change = course.changes.get()
    assert f'href="/offers/manage/review/{change.pk}/"' in _home(client, "head")
    provider_home = _home(client, "provider")
    assert f'href="/offers/manage/offers/{course.uuid}/"' in provider_home
    assert "/offers/manage/review/" not in provider_home


def test_the_dpo_sees_the_latest_audit_entries(client, demo):
    _home(client, "head")  # reads and writes something the audit trail records
    html = _home(client, "dpo")
    assert "Protokoll öffnen" in html
    assert html.count("<li>") >= 1


def test_the_audit_panel_names_the_live_record_not_its_type(client, demo):
    """Before: the panel read the dropped `object_label` and showed only "core.user"."""
    finance = User.objects.get(username="finance")
    audit(User.objects.get(username="head"), AuditAction.READ, finance, fields=["email"])
    html = _home(client, "dpo")
    panel = html[html.index('id="p-audit"') :]
    first = re.findall(r"<li>(.*?)</li>", panel, flags=re.S)[0]
    assert f"· {finance.get_full_name()} <span" in first
    assert "core.user" not in first


def test_the_start_page_reads_in_english_too(client, demo):
    client.force_login(User.objects.get(username="finance"))
    html = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _headings(html)[:2] == [
        "Decisions without budget lines",
        "Budget execution 2023: warnings",
    ]


@pytest.mark.parametrize("username", sorted(QUERIES))
def test_the_start_page_has_a_fixed_number_of_queries(
    client, demo, username, django_assert_num_queries
):
    _pending_change(demo)
    client.force_login(User.objects.get(username=username))
    with django_assert_num_queries(QUERIES[username]):
        assert client.get(reverse("core:home")).status_code == 200


def test_more_decisions_do_not_mean_more_queries(client, demo):
    """Execution is computed for the five most recent decisions only."""
    client.force_login(User.objects.get(username="finance"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("core:home"))
        return len(queries)

    def add_decisions(n: int) -> None:
        for _ in range(n):
            paper = council_factories.paper(demo)
            decision = Decision.objects.create(
                municipality=demo, paper=paper, outcome="adopted", date=dt.date(2023, 1, 1)
            )
            BudgetLine.objects.create(
                municipality=demo, decision=decision, year=2023, amount=1000, purpose="x"
            )

    add_decisions(5)
    with_five_more = count()
    add_decisions(5)
    assert count() == with_five_more


def test_core_knows_no_module_panels_by_name():
    """Modules register their panels; core's registry holds them without importing them."""
    templates = [p.template for p in dashboard.all_panels()]
    assert templates == [
        "cases/worklist/_panel.html",
        "budget/panels/_decisions_without_lines.html",
        "budget/panels/_execution_warnings.html",
        "measures/panels/_indicators.html",
        "measures/panels/_barriers.html",
        "cases/referrals/_panel.html",
        "directory/panels/_changes.html",
        "directory/panels/_translations.html",
        "core/panels/_audit.html",
    ]
    source = Path(dashboard.__file__).read_text(encoding="utf-8")
    assert "ankunft.budget" not in source
    assert "ankunft.measures" not in source
    assert "ankunft.directory" not in source
