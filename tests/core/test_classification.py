"""Every field has a data class; field-level access follows the classes."""

from __future__ import annotations

import pytest

from ankunft.core import classification, permissions
from ankunft.core.classification import DataClass
from ankunft.core.models import District, Role, User
from tests.testapp.models import Dossier

pytestmark = pytest.mark.django_db


def test_every_field_is_classified():
    """Adding a field without declaring its class in <app>/data_classes.py fails here."""
    assert classification.unclassified_fields() == []


def test_register_declares_no_unknown_fields():
    """A declared field that the model no longer has is a stale register entry."""
    stale = []
    models = {m._meta.label_lower: m for m in classification.classified_models()}
    for label, fields in classification.register().items():
        known = set(classification.model_fields(models[label]))
        stale += [f"{label}.{f}" for f in fields if f not in known]
    assert stale == []


def test_every_class_has_a_retention_rule():
    assert set(classification.RETENTION) == set(DataClass)
    assert classification.RETENTION[DataClass.SPECIAL].keep_days < (
        classification.RETENTION[DataClass.PERSONAL].keep_days
    )


def test_unregistered_field_counts_as_special():
    assert classification.field_class(Dossier, "no_such_field") == DataClass.SPECIAL


def test_head_of_ki_does_not_see_special_category_fields(town, make_user):
    data = {"reference": "D-1", "full_name": "Ana Pop", "religion": "orthodox"}
    head = make_user(Role.HEAD_OF_KI)
    assert permissions.redact(head, Dossier, data) == {
        "reference": "D-1",
        "full_name": "Ana Pop",
        "religion": None,
    }


def test_case_worker_sees_special_category_fields(town, make_user):
    data = {"reference": "D-1", "full_name": "Ana Pop", "religion": "orthodox"}
    assert permissions.redact(make_user(Role.CASE_WORKER), Dossier, data) == data


def test_is_personal():
    assert classification.is_personal(User)
    assert not classification.is_personal(District)


def test_register_page_lists_fields(client, town, make_user):
    client.force_login(make_user(Role.DPO))
    body = client.get("/data-register/").content.decode()
    assert "testapp.dossier" in body
    assert "religion" in body
