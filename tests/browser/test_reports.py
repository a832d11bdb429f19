"""Browser: the head of the KI requests the seed decision's status report, watches it being
built (htmx polling of the progress), reads the finished document and downloads its PDF
(journey 4, German UI, phone width); the report pages have no axe-core violation (WCAG 2.2
AA) at 360 px.

The worker runs in the test's thread (`ankunft worker --batch`) while the page is away
(about:blank: no polls), so the worker and the live server never use the database at the
same time; that a poll of a finished report reloads the page is tested in test_pages.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ankunft.core.demo import DEMO_PASSWORD
from ankunft.reports.models import Report
from tests.browser.conftest import login
from tests.browser.test_staff_a11y import check, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())
    # The demo queues its own report for the worker; this test builds one of its own.
    DBTaskResult.objects.all().delete()
    Report.objects.all().delete()


def run_worker() -> None:
    call_command(
        "worker", batch=True, startup_delay=False, interval=0, verbosity=0, stdout=io.StringIO()
    )


def test_head_of_ki_builds_the_seed_report_and_downloads_its_pdf(page, demo, tmp_path: Path):
    problems: dict[str, Any] = {}
    login(page, "head", DEMO_PASSWORD)

    page.goto("/reports/")
    check(page, problems, "report list (empty)")
    page.locator("a[href='/reports/new/']").click()
    check(page, problems, "report form")
    option = page.locator("#id_decision option", has_text="Verstärkung").first
    page.select_option("#id_decision", value=option.get_attribute("value"))
    assert page.locator("#id_threshold").input_value() == "5"
    page.locator("main button[type=submit].primary").click()

    # Queued: the page shows the progress and polls it.
    bar = page.locator("#report-progress-bar")
    bar.wait_for()
    assert bar.get_attribute("value") == "0"
    assert page.locator("#report-progress").get_attribute("hx-trigger") == "every 1s"
    check(page, problems, "report detail (queued)")
    built = Report.objects.get()
    assert built.status == Report.Status.QUEUED

    detail = page.url
    page.goto("about:blank")  # no polls while the worker builds it in this thread
    run_worker()
    built.refresh_from_db()
    assert built.status == Report.Status.DONE, built.error

    # Finished: the page shows the document and its downloads.
    page.goto(detail)
    pdf_link = page.get_by_role("link", name="PDF", exact=True)
    pdf_link.wait_for()
    assert page.locator("#report-progress").count() == 0
    assert built.title in page.locator("h1").inner_text()
    check(page, problems, "report detail (done)")

    with page.expect_download() as download_info:
        pdf_link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("sachstandsbericht-")
    assert download.suggested_filename.endswith(".pdf")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    page.goto("/reports/")
    assert page.locator(".report-row").count() == 1
    check(page, problems, "report list")
    assert problems == {}, report(problems)
