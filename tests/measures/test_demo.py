"""Demo data: the Marxloh concept with six measures, a year of values, linked to the seed
decision and its position (60 % / 40 %), a few barriers; safe to run twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest

from ankunft.core import demo as core_demo
from ankunft.measures import demo
from ankunft.measures.chain import build_chain
from ankunft.measures.models import Barrier, Concept, IndicatorValue, Measure, StaffAllocation
from tests.measures import builders

pytestmark = pytest.mark.django_db


def test_demo_links_the_seed_decision_and_is_idempotent():
    duisburg = core_demo.load()
    d = builders.decision(
        duisburg, "", "Verstärkung des Personals im Kommunalen Integrationszentrum (KI)"
    )
    lines = [builders.line(duisburg, d, 2022, "100000"), builders.line(duisburg, d, 2023, "100000")]
    builders.position(duisburg, "Fachkraft", "1.00", lines, dt.date(2022, 4, 1))
    demo.load(duisburg, StringIO())
    demo.load(duisburg, StringIO())
    assert Concept.objects.filter(municipality=duisburg).count() == 3
    assert Concept.objects.get(title="Ankunftsstadtteil Marxloh").reference == "DS 21-0220"
    assert Measure.objects.filter(municipality=duisburg).count() == 6
    assert IndicatorValue.objects.filter(municipality=duisburg).count() == 7 * 12
    assert StaffAllocation.objects.count() == 2
    assert Barrier.objects.filter(municipality=duisburg).count() == 5
    chain = build_chain(d)
    shares = {m.title: m.share_of_positions for m in chain.measures}
    assert shares == {
        "Erstanlaufstelle Marxloh": Decimal("0.6000"),
        "Schulanmeldung neu zugewanderter Kinder": Decimal("0.4000"),
    }
    marxloh_measures = Measure.objects.filter(districts__name="Marxloh").count()
    assert marxloh_measures == 6


def test_demo_without_seed_decision_still_loads():
    duisburg = core_demo.load()
    out = StringIO()
    demo.load(duisburg, out)
    assert Measure.objects.filter(municipality=duisburg).count() == 6
    assert "no seed decision" in out.getvalue()
