"""The reports' demo: the seed decision's report, built from the demo data, published, and
not built again by a second run."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from ankunft.core.models import Municipality
from ankunft.measures.demo import seed_decision
from ankunft.reports import demo
from ankunft.reports.models import Report
from tests.reports.test_tasks import WORKER_DB, run_worker

pytestmark = pytest.mark.django_db


@WORKER_DB
def test_demo_data_queues_the_seed_decisions_report_and_the_worker_publishes_it(client):
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())
    m = Municipality.objects.get(slug="duisburg")
    decision = seed_decision(m)
    queued = Report.objects.get(municipality=m)
    assert (queued.status, queued.publish_when_done) == (Report.Status.QUEUED, True)
    assert not queued.is_published
    # A second run while it waits makes nothing new.
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())
    assert Report.objects.count() == 1
    run_worker()
    report = Report.objects.get(municipality=m)
    assert (report.decision, report.year, report.status) == (decision, None, Report.Status.DONE)
    assert report.is_published
    assert bytes(report.pdf or b"").startswith(b"%PDF")
    assert report.content["decisions"][0]["id"] == decision.pk
    page = client.get(reverse("reports:public_detail", kwargs={"public_id": report.public_id}))
    assert page.status_code == 200
    listed = client.get(reverse("reports:public_list", kwargs={"municipality": m.slug}))
    assert str(report.public_id) in listed.content.decode()
    # A second run (the command and the module alone) makes nothing new.
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())
    out = io.StringIO()
    demo.load(m, out)
    assert list(Report.objects.values_list("pk", "published_at")) == [
        (report.pk, report.published_at)
    ]
    assert out.getvalue() == ""


def test_without_a_seed_decision_the_demo_says_so(town):
    out = io.StringIO()
    demo.load(town, out)
    assert out.getvalue() == "reports: no seed decision, no demo report\n"
    assert not Report.objects.exists()
