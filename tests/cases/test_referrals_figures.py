"""Referrals in figures: turnaround per provider, people reached in the chain and as
computed indicator values (aggregates only, never names)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from ankunft.cases.models import Referral, ReferralStatus
from ankunft.cases.selectors import referrals as selectors
from ankunft.cases.services.referrals import participation_add, referral_answer
from ankunft.cases.services.referrals_reach import reach_refresh
from ankunft.measures.models import Indicator, IndicatorValue
from tests.cases import factories as cf
from tests.cases.test_referrals import _send, referral_world
from tests.cases.world_referrals import consent
from tests.measures import builders

pytestmark = pytest.mark.django_db
S = ReferralStatus


@pytest.fixture
def w(town, make_user):
    return referral_world(town, make_user)


def test_turnaround_per_provider(w, make_user):
    consent(w["person"])
    day = dt.timedelta(days=1)
    a1, a2, a3 = _send(w), _send(w), _send(w)
    b1 = _send(w, offer="offer_b")
    referral_answer(actor=w["prov_a"], referral=a1, status=S.ACCEPTED)
    referral_answer(actor=w["prov_a"], referral=a1, status=S.COMPLETED)
    referral_answer(actor=w["prov_a"], referral=a2, status=S.ACCEPTED)
    referral_answer(actor=w["prov_a"], referral=a2, status=S.NO_SHOW)
    referral_answer(actor=w["prov_a"], referral=a3, status=S.DECLINED)
    sent = timezone.now() - 10 * day
    Referral.objects.filter(pk__in=[a1.pk, a2.pk, a3.pk]).update(sent_at=sent)
    Referral.objects.filter(pk=a1.pk).update(answered_at=sent + 2 * day, finished_at=sent + 8 * day)
    Referral.objects.filter(pk=a2.pk).update(answered_at=sent + 4 * day)
    Referral.objects.filter(pk=a3.pk).update(answered_at=sent + 9 * day)
    rows = {r.provider: r for r in selectors.turnaround(w["tl"])}
    a, b = rows["Kulturverein A e.V."], rows["Bildungswerk B e.V."]
    assert (a.sent, a.accepted, a.declined, a.completed, a.no_show) == (3, 2, 1, 1, 1)
    assert a.median_days_to_answer == 4.0  # 2, 4, 9 days
    assert a.median_days_to_completion == 8.0
    assert (b.sent, b.accepted, b.median_days_to_answer, b.median_days_to_completion) == (
        1,
        0,
        None,
        None,
    )
    assert b1.status == S.SENT
    with pytest.raises(PermissionDenied):
        selectors.turnaround(w["cw"])


def test_people_reached_in_the_chain_json(town, monkeypatch, w):
    world = builders.chain_world(town)
    p2 = cf.person(town, w["case"].team, "Ivan", "Petrov")
    for person in (w["person"], p2):
        participation_add(
            actor=w["cw"],
            person=person,
            measure=world.first_contact,
            started_on=dt.date(2022, 5, 1),
        )
    participation_add(
        actor=w["cw"], person=p2, measure=world.school, started_on=dt.date(2023, 2, 1)
    )
    # Before the decision's money ran: not counted.
    participation_add(
        actor=w["cw"], person=w["person"], measure=world.school, started_on=dt.date(2020, 1, 1)
    ).__class__.objects.filter(started_on=dt.date(2020, 1, 1)).update(ended_on=dt.date(2020, 6, 30))
    monkeypatch.setattr("ankunft.measures.chain.timezone.localdate", lambda: dt.date(2024, 6, 30))
    out = StringIO()
    call_command("chain", "HFA/0815/2021", "--json", "--municipality", town.slug, stdout=out)
    data = json.loads(out.getvalue())
    assert data["people_reached"] == {"total": 2}
    assert {m["title"]: m["people_reached"] for m in data["measures"]} == {
        "Erstanlaufstelle Marxloh": 2,
        "Schulanmeldung": 1,
    }
    assert "Ana" not in out.getvalue()
    assert "Petrov" not in out.getvalue()


def test_people_reached_indicator_values_are_computed_per_month(w, town):
    measure = builders.measure(town, "Erstanlaufstelle")
    indicator = builders.indicator(measure, "Erreichte Personen", "10")
    indicator.source = Indicator.Source.PEOPLE_REACHED
    indicator.save()
    manual = builders.indicator(measure, "Beratungen", "10")
    p2 = cf.person(town, w["case"].team, "Ivan", "Petrov")
    first = participation_add(
        actor=w["cw"], person=w["person"], measure=measure, started_on=dt.date(2024, 1, 15)
    )
    first.ended_on = dt.date(2024, 2, 10)
    first.save()
    participation_add(actor=w["cw"], person=p2, measure=measure, started_on=dt.date(2024, 2, 1))
    assert reach_refresh(town, until=dt.date(2024, 3, 31)) == 3
    values = IndicatorValue.objects.filter(indicator=indicator).order_by("period")
    assert [(v.period.month, int(v.value), v.source) for v in values] == [
        (1, 1, "computed"),
        (2, 2, "computed"),
        (3, 1, "computed"),
    ]
    assert not IndicatorValue.objects.filter(indicator=manual).exists()
