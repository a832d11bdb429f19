"""The schema is ready for distribution by municipality: link tables and unique constraints
carry the municipality key (the migration that added it keeps existing rows: see
tests/test_data_migrations.py)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from ankunft.core.tenancy import TenantLinkModel, TenantModel
from ankunft.council.models import Meeting, MeetingOrganization, Organization
from ankunft.measures.models import Concept, FieldOfAction, Measure, MeasureFieldOfAction


def _tenant_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if issubclass(m, TenantModel) and m.__module__.startswith("ankunft.")
    ]


def test_every_many_to_many_between_tenant_records_has_a_tenant_link_model():
    """A new ManyToManyField without an explicit `through` carrying the key fails here."""
    wrong = []
    for model in _tenant_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not (isinstance(through, type) and issubclass(through, TenantLinkModel)):
                wrong.append(f"{model._meta.label}.{field.name}")
    assert wrong == []


def test_every_unique_constraint_of_tenant_data_includes_the_municipality():
    wrong = []
    for model in _tenant_models():
        wrong += [
            f"{model._meta.label}.{f.name} (unique field)"
            for f in model._meta.local_fields
            if f.unique and not f.primary_key
        ]
        for constraint in model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if isinstance(constraint, models.UniqueConstraint) and "municipality" not in fields:
                wrong.append(f"{model._meta.label}: {constraint.name}")
        wrong += [
            f"{model._meta.label}: unique_together {together}"
            for together in model._meta.unique_together
            if "municipality" not in together
        ]
    assert wrong == []


@pytest.mark.django_db
def test_add_and_set_fill_the_link_key_on_both_sides(town):
    meeting = Meeting.objects.create(municipality=town, name="Rat")
    council = Organization.objects.create(municipality=town, name="Rat der Stadt")
    committee = Organization.objects.create(municipality=town, name="HFA")
    meeting.organizations.add(council)
    committee.meetings.add(meeting)
    links = MeetingOrganization.objects.filter(meeting=meeting)
    assert sorted(links.values_list("organization__name", "municipality_id")) == [
        ("HFA", town.pk),
        ("Rat der Stadt", town.pk),
    ]
    concept = Concept.objects.create(municipality=town, title="Konzept")
    measure = Measure.objects.create(municipality=town, concept=concept, title="Sprachcafé")
    language = FieldOfAction.objects.create(municipality=town, key="language")
    measure.fields_of_action.set([language])
    assert list(MeasureFieldOfAction.objects.values_list("municipality_id", flat=True)) == [town.pk]


@pytest.mark.django_db
def test_a_link_to_another_municipality_is_refused(town, other_town):
    meeting = Meeting.objects.create(municipality=town, name="Rat")
    foreign = Organization.objects.create(municipality=other_town, name="Rat Anderswo")
    with pytest.raises(ValueError, match="another municipality"):
        meeting.organizations.add(foreign)
    assert MeetingOrganization.objects.count() == 0


def test_a_plain_id_of_another_municipality_is_refused_too(town, other_town):
    """Before: `add(pk)` and `set([pk])` skipped the check (only records were compared)."""
    meeting = Meeting.objects.create(municipality=town, name="Rat")
    foreign = Organization.objects.create(municipality=other_town, name="Rat Anderswo")
    own = Organization.objects.create(municipality=town, name="Rat")
    with pytest.raises(ValueError, match="another municipality"):
        meeting.organizations.add(foreign.pk)
    with pytest.raises(ValueError, match="another municipality"):
        meeting.organizations.set([own.pk, foreign.pk])
    assert MeetingOrganization.objects.count() == 0
    meeting.organizations.add(own.pk)
    assert list(meeting.organizations.all()) == [own]
