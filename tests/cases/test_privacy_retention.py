"""Retention: closed cases past the period are anonymised; aggregates survive; a dry run
and a second run change nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from ankunft.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseSettings,
    Consent,
    Household,
    NameKey,
    Need,
    Note,
    Participation,
    Person,
    PersonName,
    Step,
)
from ankunft.cases.selectors.privacy import due_cases
from ankunft.cases.services.retention import (
    PLACEHOLDER,
    apply_retention,
    file_storage,
    retention_plan,
)
from ankunft.core.audit import SYSTEM, access_context
from ankunft.core.models import AuditAction, AuditEntry, Interface, Role
from tests import factories
from tests.cases import factories as cf
from tests.cases import world_privacy as wp

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_files():
    """Where the attachments' files are (the private storage)."""
    return Path(file_storage().location)  # type: ignore[attr-defined]


@pytest.fixture
def setup(town):
    team = factories.team(town)
    worker = factories.user(Role.CASE_WORKER, town, team=team)
    CaseSettings.objects.update_or_create(municipality=town, defaults={"retention_days": 365})
    long_ago = timezone.localdate() - dt.timedelta(days=400)
    due = wp.close(wp.rich_case(town, team, worker), long_ago)
    # A person with a due case and another open case: the person is kept.
    kept_person = cf.person(town, team, "Ivan", "Petrov", birth_year=1985)
    due_kept = wp.close(cf.case(town, team, worker, person_=kept_person), long_ago)
    cf.case(town, team, worker, person_=kept_person)
    # Closed recently: not due yet.
    recent = wp.close(
        cf.case(town, team, worker, given="Amina", family="Haddad"), timezone.localdate()
    )
    return {"due": due, "due_kept": due_kept, "recent": recent, "kept_person": kept_person}


def _system():
    return access_context(Interface.CLI, actor=SYSTEM, request_id="retention-test")


def test_dry_run_lists_the_due_cases_and_changes_nothing(town, setup):
    before = AuditEntry.objects.count()
    plan = retention_plan(town)
    assert sorted(plan.case_numbers) == sorted([setup["due"].number, setup["due_kept"].number])
    assert (plan.persons, plan.persons_kept) == (1, 1)
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 0
    assert AuditEntry.objects.count() == before


def test_apply_anonymises_exactly_the_due_cases_and_keeps_aggregates(
    town, setup, private_files, django_capture_on_commit_callbacks
):
    due = setup["due"]
    person = due.person
    attachment = Attachment.objects.get(case=due)
    path = private_files / attachment.file.name
    assert path.exists()
    with _system(), django_capture_on_commit_callbacks(execute=True):
        done = apply_retention(actor=None, municipality=town, batch=1)
    assert sorted(done.case_numbers) == sorted([due.number, setup["due_kept"].number])
    person.refresh_from_db()
    assert (person.given_names, person.family_name) == (PLACEHOLDER, PLACEHOLDER)
    assert (person.birth_year, person.birth_month, person.birth_day) == (1990, None, None)
    assert person.nationalities == ["RO"]
    assert (person.phone, person.email, person.address, person.health, person.religion) == ("",) * 5
    assert person.household_id is None
    assert person.anonymised_at is not None
    assert not Household.objects.filter(label="Familie Popescu").exists()
    for model in (PersonName, NameKey, Consent):
        assert not model.objects.filter(person=person).exists()
    assert not Note.objects.filter(case=due).exists()
    assert not Attachment.objects.filter(case=due).exists()
    assert not path.exists()
    # Aggregates survive.
    due.refresh_from_db()
    assert (due.step, due.outcome, due.opened_on) == (Step.CLOSED, "goals_met", dt.date(2020, 1, 6))
    assert due.closure_reason == ""
    assert due.anonymised_at is not None
    need = Need.objects.get(case=due)
    assert need.field_of_action.key == "language"
    assert need.description == ""
    assert Participation.objects.filter(person=person).count() == 1
    assert CaseEvent.objects.filter(case=due).exists()
    # The person with another open case keeps their data; only the due case is anonymised.
    kept = setup["kept_person"]
    kept.refresh_from_db()
    assert kept.family_name == "Petrov"
    assert kept.anonymised_at is None
    assert Case.objects.get(pk=setup["due_kept"].pk).anonymised_at is not None
    assert Case.objects.get(pk=setup["recent"].pk).anonymised_at is None
    # Audited by the system: one entry per anonymised or deleted record.
    entries = AuditEntry.objects.filter(request_id="retention-test")
    assert {e.actor_name for e in entries} == {"system"}
    assert entries.filter(action=AuditAction.UPDATE, object_type="cases.person").count() == 1
    assert entries.filter(action=AuditAction.UPDATE, object_type="cases.case").count() == 2
    assert entries.filter(action=AuditAction.DELETE, object_type="cases.note").count() == 1
    assert entries.filter(action=AuditAction.DELETE, object_type="cases.attachment").count() == 1
    person_entry = entries.get(action=AuditAction.UPDATE, object_type="cases.person")
    assert "family_name" in person_entry.fields
    assert "health" in person_entry.fields


def test_apply_is_idempotent(town, setup):
    with _system():
        first = apply_retention(actor=None, municipality=town)
        count = AuditEntry.objects.count()
        second = apply_retention(actor=None, municipality=town)
    assert first.cases == 2
    assert second.cases == 0
    assert AuditEntry.objects.count() == count
    assert not due_cases(town.pk).exists()


def test_a_file_shared_with_another_attachment_stays(
    town, setup, private_files, django_capture_on_commit_callbacks
):
    """An upload that reuses a stored file (same content): the kept case keeps the file."""
    first = Attachment.objects.get(case=setup["due"])
    name = first.file.name
    first.pk = None
    first.case = Case.objects.get(pk=setup["recent"].pk)
    first.save()
    with _system(), django_capture_on_commit_callbacks(execute=True):
        apply_retention(actor=None, municipality=town)
    assert (private_files / name).exists()


def test_a_user_needs_the_retention_permission(town, setup):
    from django.core.exceptions import PermissionDenied  # noqa: PLC0415

    head = factories.user(Role.HEAD_OF_KI, town)
    with pytest.raises(PermissionDenied):
        apply_retention(actor=head, municipality=town)
    dpo = factories.user(Role.DPO, town)
    assert apply_retention(actor=dpo, municipality=town).cases == 2


def test_the_retention_page_lists_due_cases_and_applies_only_when_confirmed(client, town, setup):
    from django.urls import reverse  # noqa: PLC0415

    client.force_login(factories.user(Role.DPO, town))
    url = reverse("cases:retention")
    page = client.get(url).content.decode()
    assert setup["due"].number in page
    assert setup["recent"].number not in page
    assert client.post(url, {}).status_code == 200  # not confirmed: nothing happens
    assert due_cases(town.pk).count() == 2
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not due_cases(town.pk).exists()
