"""The case module's demo: fictitious households in Marxloh, a full work list at login,
deterministic and idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from ankunft.cases import demo
from ankunft.cases.models import (
    Appointment,
    Case,
    Participation,
    Person,
    Referral,
    ReferralStatus,
    Step,
)
from ankunft.cases.selectors import worklist as wl
from ankunft.core.models import Municipality, User

pytestmark = pytest.mark.django_db


def test_demo_data_creates_households_cases_and_a_full_work_list():
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())
    m = Municipality.objects.get(slug="duisburg")
    counts = demo.counts(m)
    assert counts["households"] == demo.HOUSEHOLDS
    assert counts["cases"] == demo.HOUSEHOLDS
    assert 120 <= counts["persons"] <= 250
    steps = set(Case.objects.filter(municipality=m).values_list("step", flat=True))
    assert steps == set(Step.values)
    most = Case.objects.filter(municipality=m, step=Step.IMPLEMENTATION).count()
    assert most == max(Case.objects.filter(municipality=m, step=s).count() for s in Step.values)
    assert not Case.objects.filter(step=Step.CLOSED, outcome="").exists()
    assert Person.objects.filter(municipality=m).exclude(family_name_original="").exists()
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert Participation.objects.filter(municipality=m).exists()
    assert Appointment.objects.filter(municipality=m).exists()
    for username in ("caseworker", "caseworker2", "teamlead"):
        user = User.objects.get(username=username)
        kinds = {i.kind for i in wl.worklist(user, wl.default_scope(user))}
        assert len(kinds) >= 3, (username, kinds)
    caseworker = User.objects.get(username="caseworker")
    kinds = {i.kind for i in wl.worklist(caseworker, wl.MINE)}
    assert {wl.Kind.APPOINTMENT, wl.Kind.GOAL, wl.Kind.REFERRAL} <= kinds
    # Deterministic and idempotent: a second run adds nothing.
    names = sorted(Person.objects.values_list("given_names", "family_name"))
    call_command("demo_data", "--quiet", "--i-know-this-is-not-production", stdout=io.StringIO())
    assert demo.counts(m) == counts
    assert sorted(Person.objects.values_list("given_names", "family_name")) == names
    assert not Person.objects.filter(family_name__icontains="fiktiv").exists()
