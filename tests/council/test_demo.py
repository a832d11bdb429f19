"""The council's demo data: the seed motion, read, confirmed and adopted; safe to rerun."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest

from ankunft.council import demo
from ankunft.council.models import Decision, Organization, Paper

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seed_motion(town):
    demo.load(town, io.StringIO())
    paper = Paper.objects.get(source=Paper.Source.MOTION_READER)
    assert paper.name == "Verstärkung des Personals im Kommunalen Integrationszentrum (KI)"
    assert paper.reference == ""  # the motion's text names no reference of its own
    assert paper.date == datetime.date(2021, 11, 11)
    assert sorted(paper.originators.values_list("short_name", flat=True)) == [
        "CDU",
        "GRÜNE",
        "SPD",
    ]
    assert [(a.year, a.amount_eur) for a in paper.allocations.all()] == [
        (2022, Decimal(100000)),
        (2023, Decimal(100000)),
    ]
    assert paper.cover == "Kompensation durch geringere Kassenkreditzinsen"
    related = paper.related_papers.get()
    assert (related.reference, related.name) == ("DS 21-0220", "Ankunftsstadtteil Marxloh")
    assert related.decisions.get().organization.name == "Bezirksvertretung Hamborn"
    decision = paper.decisions.get()
    assert (decision.outcome, decision.date) == ("adopted", datetime.date(2021, 11, 18))
    assert decision.organization.name == "Haupt- und Finanzausschuss"


def test_demo_is_idempotent(town):
    demo.load(town, io.StringIO())
    counts = [m.objects.count() for m in (Paper, Organization, Decision)]
    demo.load(town, io.StringIO())
    assert [m.objects.count() for m in (Paper, Organization, Decision)] == counts
