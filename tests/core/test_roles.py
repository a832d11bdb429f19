"""Roles as data: seeded per municipality from the code's defaults, read once per request,
edited by the head of the KI within what the head's own role holds."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ankunft.core import permissions, roles
from ankunft.core.models import AuditAction, AuditEntry, Role, RoleDefinition
from ankunft.core.services import user_create
from tests import factories

pytestmark = pytest.mark.django_db


def _record(m, key):
    return RoleDefinition.objects.get(municipality=m, key=key)


def test_every_municipality_gets_the_six_default_roles_with_the_codes_permissions(town):
    records = {r.key: set(r.permissions) for r in RoleDefinition.objects.filter(municipality=town)}
    assert set(records) == set(Role.values) - {Role.OPERATOR}
    assert records[Role.DPO] == set(permissions.default_permissions(Role.DPO))
    assert "core.view_audit" in records[Role.DPO]
    assert "core.view_audit" not in records[Role.HEAD_OF_KI]


def test_seeding_is_idempotent_and_keeps_what_the_head_took_away(town, monkeypatch):
    """Seeding twice changes nothing; a permission added to the code later reaches the
    default roles that hold it, while one the head removed stays removed."""
    record = _record(town, Role.TEAM_LEAD)
    record.permissions = sorted(set(record.permissions) - {"council.view"})
    record.save()
    roles.seed_default_roles(town)
    assert RoleDefinition.objects.filter(municipality=town).count() == len(Role) - 1
    assert "council.view" not in _record(town, Role.TEAM_LEAD).permissions

    monkeypatch.setattr(permissions, "_REGISTRY", dict(permissions._REGISTRY))
    permissions.register("core.test_new", {Role.TEAM_LEAD}, "new in this release")
    roles.seed_default_roles(town)
    lead = set(_record(town, Role.TEAM_LEAD).permissions)
    assert "core.test_new" in lead
    assert "council.view" not in lead
    assert "core.test_new" not in _record(town, Role.CASE_WORKER).permissions


def test_the_role_record_decides_what_a_user_may(client, town, make_user):
    """Taking "measures.view" from the case workers of one municipality closes the page for
    them there, and only there."""
    record = _record(town, Role.CASE_WORKER)
    record.permissions = [p for p in record.permissions if p != "measures.view"]
    record.save()
    client.force_login(make_user(Role.CASE_WORKER))
    assert client.get(reverse("measures:measure_list")).status_code == 403
    elsewhere = factories.municipality()
    client.force_login(factories.user(Role.CASE_WORKER, elsewhere))
    assert client.get(reverse("measures:measure_list")).status_code == 200


def test_permission_checks_cost_no_query_once_the_user_is_loaded(
    client, town, make_user, django_assert_num_queries
):
    user = make_user(Role.HEAD_OF_KI)
    permissions.forget(user)
    with django_assert_num_queries(1):
        assert permissions.has_perm(user, "budget.view") is True
    with django_assert_num_queries(0):
        names = [n for n in permissions.all_permissions() if permissions.has_perm(user, n)]
    assert "core.manage_roles" in names
    # a request loads the user with the role's permissions in the same query
    client.force_login(user)
    with django_assert_num_queries(3):  # session, the user with the role, the municipality
        assert client.get("/api/me").status_code == 200


def test_a_municipality_not_yet_seeded_keeps_the_defaults(town, make_user):
    RoleDefinition.objects.filter(municipality=town).delete()
    user = make_user(Role.DPO)
    assert permissions.has_perm(user, "core.view_audit") is True


def test_head_creates_an_own_role_and_its_members_get_its_permissions(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI, password=factories.PASSWORD)
    client.force_login(head)
    response = client.post(
        reverse("core:role_create"),
        {
            "key": "lotsen",
            "name": "Quartierslotsen",
            "permissions": ["core.view_home", "measures.view"],
        },
    )
    assert response.status_code == 302
    record = _record(town, "lotsen")
    assert (record.name, record.permissions) == (
        "Quartierslotsen",
        ["core.view_home", "measures.view"],
    )
    entry = AuditEntry.objects.get(object_type="core.roledefinition", object_id=str(record.pk))
    assert (entry.action, entry.actor_name, entry.fields) == (
        AuditAction.CREATE,
        head.username,
        ["key", "name", "permissions"],
    )
    member = user_create(
        actor=head,
        username="lotse1",
        password=factories.PASSWORD * 2,
        role="lotsen",
        municipality=town,
    )
    assert member.get_role_display() == "Quartierslotsen"
    client.force_login(member)
    assert client.get(reverse("measures:measure_list")).status_code == 200
    assert client.get(reverse("budget:index")).status_code == 403


def test_head_cannot_grant_what_the_head_does_not_hold(client, town, make_user):
    """The audit log is the DPO's: the head may not hand it to an own role."""
    head = make_user(Role.HEAD_OF_KI)
    client.force_login(head)
    body = client.post(
        reverse("core:role_create"),
        {"key": "spy", "name": "Spy", "permissions": ["core.view_home", "core.view_audit"]},
    ).content.decode()
    assert "core.view_audit" in body  # the form refuses the choice
    assert not RoleDefinition.objects.filter(key="spy").exists()
    with pytest.raises(ValidationError, match=r"core\.view_audit"):
        roles.role_create(actor=head, key="spy", name="Spy", permission_names=["core.view_audit"])
    assert not RoleDefinition.objects.filter(key="spy").exists()


def test_editing_the_dpo_role_keeps_the_powers_the_head_does_not_hold(town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    dpo = _record(town, Role.DPO)
    roles.role_update(actor=head, record=dpo, permission_names=["core.view_home"])
    assert set(_record(town, Role.DPO).permissions) == {
        "core.view_home",
        *(set(dpo.permissions) - roles.grantable(head)),
    }
    assert "core.view_audit" in _record(town, Role.DPO).permissions


def test_nobody_changes_their_own_role(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    before = _record(town, Role.HEAD_OF_KI).permissions
    with pytest.raises(ValidationError, match="die Sie selbst haben"):
        roles.role_update(actor=head, record=_record(town, Role.HEAD_OF_KI), permission_names=[])
    client.force_login(head)
    response = client.post(
        reverse("core:role_edit", args=[Role.HEAD_OF_KI]), {"permissions": ["core.view_home"]}
    )
    assert response.status_code == 200
    assert "Sie können die Rolle, die Sie selbst haben, nicht ändern." in response.content.decode()
    assert _record(town, Role.HEAD_OF_KI).permissions == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"key": "case_worker", "name": "X"}, "Wählen Sie einen anderen Schlüssel"),
        ({"key": "volunteer", "name": "X"}, "Eine Rolle mit diesem Schlüssel gibt es schon."),
        ({"key": "a b", "name": "X"}, "Buchstaben"),
    ],
)
def test_bad_role_input_gets_a_clear_error_and_changes_nothing(
    client, town, make_user, data, message
):
    head = make_user(Role.HEAD_OF_KI)
    roles.role_create(actor=head, key="volunteer", name="Ehrenamt", permission_names=[])
    before = list(RoleDefinition.objects.values_list("key", "name", "permissions"))
    client.force_login(head)
    body = client.post(reverse("core:role_create"), data).content.decode()
    assert message in body
    assert list(RoleDefinition.objects.values_list("key", "name", "permissions")) == before


def test_roles_api(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    client.force_login(head)
    created = client.post(
        "/api/roles",
        {"key": "lotsen", "name": "Lotsen", "permissions": ["core.view_home"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json() == {
        "key": "lotsen",
        "name": "Lotsen",
        "default": False,
        "permissions": ["core.view_home"],
    }
    patched = client.patch(
        "/api/roles/lotsen",
        {"permissions": ["core.view_home", "measures.view"]},
        content_type="application/json",
    )
    assert patched.json()["permissions"] == ["core.view_home", "measures.view"]
    refused = client.patch(
        "/api/roles/lotsen", {"permissions": ["core.view_audit"]}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert _record(town, "lotsen").permissions == ["core.view_home", "measures.view"]
    listed = client.get("/api/roles").json()
    assert [r["key"] for r in listed] == sorted([*(set(Role.values) - {Role.OPERATOR}), "lotsen"])
    other = factories.municipality()
    foreign = roles.seed_default_roles(other)[0]
    assert (
        client.patch(f"/api/roles/{foreign.key}x", {}, content_type="application/json").status_code
        == 404
    )


def test_migrate_seeds_the_roles_of_every_municipality(town):
    """After `migrate` (its post_migrate signal), a municipality without role records (one
    created before this release) has its default roles."""
    from ankunft.core.apps import _seed_roles  # noqa: PLC0415

    RoleDefinition.objects.filter(municipality=town).delete()
    _seed_roles()
    assert RoleDefinition.objects.filter(municipality=town).count() == 7


def test_the_demo_seeds_the_roles_of_both_municipalities(db):
    from ankunft.core import demo  # noqa: PLC0415

    duisburg = demo.load()
    demo.load()  # twice: still six each
    keys = RoleDefinition.objects.filter(municipality=duisburg).values_list("key", flat=True)
    assert sorted(keys) == sorted(set(Role.values) - {Role.OPERATOR})
    assert RoleDefinition.objects.exclude(municipality=duisburg).count() == 7


def test_roles_page_lists_roles_with_their_members(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    make_user(Role.CASE_WORKER)
    make_user(Role.CASE_WORKER)
    client.force_login(head)
    body = client.get(reverse("core:role_list")).content.decode()
    edit = reverse("core:role_edit", args=[Role.CASE_WORKER])
    assert f'<a href="{edit}">Fallbearbeitung</a>' in body
    row = body[body.index(f'href="{edit}"') :]
    assert '<td class="num">2</td>' in row[: row.index("</tr>")]
    assert "Leitung KI</a>" not in body  # the own role is shown, not linked
    assert f'href="{reverse("core:role_list")}"' in client.get("/").content.decode()
