"""One rule per model: the list scope and the single-object check come from the same `Q`
and agree; names and scopes are declared once; a model's rule applies to its subclasses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from ankunft.budget.models import BookingUpload
from ankunft.core import permissions
from ankunft.core.models import Role, User
from ankunft.directory.models import Offer, OfferChange, Provider
from tests import access_world
from tests.testapp.models import Dossier, SealedDossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """A private copy of the registries, so a test's declarations do not outlive it."""
    monkeypatch.setattr(permissions, "_REGISTRY", dict(permissions._REGISTRY))
    monkeypatch.setattr(permissions, "_SCOPES", dict(permissions._SCOPES))


def test_a_permission_name_is_declared_once(registry):
    permissions.register("test.once", {Role.DPO}, "x")
    with pytest.raises(ImproperlyConfigured, match=r"test\.once"):
        permissions.register("test.once", {Role.HEAD_OF_KI}, "y")
    assert permissions.all_permissions()["test.once"].roles == {Role.DPO}


def test_a_permission_of_an_unknown_role_is_refused(registry):
    with pytest.raises(ImproperlyConfigured, match="unknown roles"):
        permissions.register("test.typo", {"head_of_ki ", Role.DPO}, "x")


def test_a_model_has_one_scope(registry):
    with pytest.raises(ImproperlyConfigured, match="Offer"):
        permissions.register_scope(Offer, lambda user, name: Q())


def test_the_scope_of_a_model_applies_to_its_subclasses(registry, town, make_user):
    """A rule for Dossier narrows the proxy SealedDossier in lists and in `can` alike."""
    permissions.register_scope(Dossier, lambda user, name: Q(reference__in=["A-1"]))
    user = make_user(Role.CASE_WORKER)
    shown = SealedDossier.objects.create(municipality=town, reference="A-1", full_name="x")
    hidden = SealedDossier.objects.create(municipality=town, reference="B-2", full_name="y")
    visible = permissions.visible(user, "core.view_home", SealedDossier)
    assert list(visible.values_list("reference", flat=True)) == ["A-1"]
    assert permissions.can(user, "core.view_home", shown) is True
    assert permissions.can(user, "core.view_home", hidden) is False


def test_a_rule_the_python_twin_cannot_read_is_asked_of_the_database(registry, town, make_user):
    """`can` falls back to one query for a lookup it does not evaluate (here `startswith`)."""
    permissions.register_scope(Dossier, lambda user, name: Q(reference__startswith="A"))
    user = make_user(Role.CASE_WORKER)
    shown = Dossier.objects.create(municipality=town, reference="A-1", full_name="x")
    hidden = Dossier.objects.create(municipality=town, reference="B-2", full_name="y")
    assert permissions.matches(shown, Q(reference__startswith="A")) is None
    assert (
        permissions.can(user, "core.view_home", shown),
        permissions.can(user, "core.view_home", hidden),
    ) == (True, False)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (Q(), True),
        (Q(pk__in=[]), False),
        (Q(reference="A-1"), True),
        (Q(reference="A-1") & Q(full_name="nobody"), False),
        (Q(reference="B") | Q(full_name="x"), True),
        (~Q(reference="A-1"), False),
        (Q(religion__isnull=True), False),
        (Q(municipality__slug="dutest"), True),
    ],
)
def test_the_python_twin_reads_plain_lookups(town, q, expected):
    dossier = Dossier.objects.create(municipality=town, reference="A-1", full_name="x")
    assert permissions.matches(dossier, q) is expected
    assert Dossier.objects.filter(q, pk=dossier.pk).exists() is expected


def test_lists_and_single_records_agree_for_every_user_and_record(town, other_town):
    """For staff, offers, providers, changes and booking uploads: `can(user, perm, obj)` is exactly
    "obj is in `visible(user, perm, Model)`", for every role of both municipalities."""
    people = access_world.users(town, prefix="own")
    others = access_world.users(other_town, prefix="other")
    world = access_world.build(town, people)
    models = {
        User: ["core.view_staff", "core.manage_staff"],
        Offer: ["directory.view", "directory.edit", "directory.manage", "directory.translate"],
        Provider: ["directory.view", "directory.edit", "directory.manage"],
        OfferChange: ["directory.view", "directory.manage"],
        BookingUpload: ["budget.edit"],
    }
    disagreements = []
    for user in [*people.values(), *others.values()]:
        for model, names in models.items():
            records = list(model._default_manager.all())
            for name in names:
                listed = set(permissions.visible(user, name, model).values_list("pk", flat=True))
                disagreements.extend(
                    (user.username, name, model.__name__, obj.pk)
                    for obj in records
                    if permissions.can(user, name, obj) != (obj.pk in listed)
                )
    assert disagreements == []
    # and the rules do narrow: a provider sees its own offer only, a team lead its team
    provider, lead = people[Role.PROVIDER], people[Role.TEAM_LEAD]
    assert list(permissions.visible(provider, "directory.view", Offer)) == [world["offer"]]
    assert permissions.can(lead, "core.view_staff", world["staff_team"]) is True
    assert permissions.can(lead, "core.view_staff", world["staff_other_team"]) is False
    assert permissions.can(people[Role.HEAD_OF_KI], "budget.edit", world["upload"]) is False
    assert permissions.can(people[Role.FINANCE], "budget.edit", world["upload"]) is True


def test_tenant_records_are_never_an_operators(town, make_user):
    """Operators see every account (their work), but no record of a municipality."""
    from tests import factories  # noqa: PLC0415

    operator = factories.user(Role.OPERATOR, None)
    colleague = make_user(Role.CASE_WORKER)
    assert permissions.can(operator, "core.view_staff", colleague) is True
    dossier = Dossier.objects.create(municipality=town, reference="A-1", full_name="x")
    assert permissions.scope_q(operator, "core.view_staff", Dossier) == Q(pk__in=[])
    assert (
        permissions.matches(dossier, permissions.scope_q(operator, "core.view_staff", Dossier))
        is False
    )
