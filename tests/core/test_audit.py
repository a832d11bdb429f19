"""Reads and writes of personal records are audited, and the log cannot be changed."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from ankunft.core import selectors
from ankunft.core.audit import audit
from ankunft.core.models import AppendOnlyError, AuditAction, AuditEntry, Interface, Role
from ankunft.core.services import user_create

pytestmark = pytest.mark.django_db


def test_page_read_is_audited(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    person = make_user(Role.CASE_WORKER)
    client.force_login(head)
    client.get(f"/staff/{person.pk}/", REMOTE_ADDR="10.1.2.3")
    entry = AuditEntry.objects.get(object_type="core.user", object_id=str(person.pk))
    assert (entry.actor, entry.action, entry.interface) == (head, "read", Interface.PAGE)
    assert entry.ip_address == "10.1.2.3"
    assert entry.path == f"/staff/{person.pk}/"
    assert entry.municipality == town
    assert "email" in entry.fields


def test_api_read_is_audited_as_api(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    person = make_user(Role.CASE_WORKER)
    client.force_login(head)
    assert client.get(f"/api/staff/{person.pk}").status_code == 200
    entry = AuditEntry.objects.get(object_id=str(person.pk), action=AuditAction.READ)
    assert entry.interface == Interface.API


def test_list_read_audits_every_person_shown(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    others = [make_user(Role.CASE_WORKER) for _ in range(3)]
    client.force_login(head)
    client.get("/staff/")
    read_ids = set(AuditEntry.objects.filter(action="read").values_list("object_id", flat=True))
    assert read_ids == {str(u.pk) for u in [head, *others]}


def test_denied_read_writes_no_entry(client, town, other_town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    stranger = make_user(Role.CASE_WORKER, other_town)
    client.force_login(head)
    client.get(f"/staff/{stranger.pk}/")
    assert not AuditEntry.objects.filter(object_id=str(stranger.pk)).exists()


def test_write_through_cli_is_audited_as_cli(town):
    call_command(
        "createuser",
        "neu",
        role=Role.CASE_WORKER,
        municipality=town.slug,
        password="ein-langes-passwort-2026",
    )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert entry.object_label == "neu"
    assert entry.actor is None
    assert entry.actor_name == "system"


def test_service_write_is_audited(town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    new = user_create(
        actor=head,
        username="neue.kollegin",
        password="ein-langes-passwort-2026",
        role=Role.CASE_WORKER,
        municipality=town,
    )
    entry = AuditEntry.objects.get(object_id=str(new.pk))
    assert (entry.actor, entry.action) == (head, AuditAction.CREATE)


def test_orm_refuses_update_and_delete(town, make_user):
    entry = audit(make_user(Role.HEAD_OF_KI), AuditAction.READ, make_user(Role.CASE_WORKER))
    entry.actor_name = "someone else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_name="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_database_refuses_raw_update(town, make_user):
    """Even raw SQL from the application's connection cannot rewrite an entry."""
    entry = audit(make_user(Role.HEAD_OF_KI), AuditAction.READ, make_user(Role.CASE_WORKER))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditentry SET actor_name = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == entry.actor_name


def test_database_refuses_raw_delete_on_postgresql(town, make_user):
    """On PostgreSQL the trigger refuses DELETE too (SQLite relies on the ORM guard)."""
    entry = audit(make_user(Role.HEAD_OF_KI), AuditAction.READ, make_user(Role.CASE_WORKER))
    if connection.vendor != "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
            assert ("core_auditentry_no_update",) in cur.fetchall()
        return
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_who_read_this_record_in_one_query(town, make_user, django_assert_num_queries):
    dpo = make_user(Role.DPO)
    person = make_user(Role.CASE_WORKER)
    readers = [make_user(Role.HEAD_OF_KI) for _ in range(3)]
    for reader in readers:
        audit(reader, AuditAction.READ, person)
    audit(readers[0], AuditAction.UPDATE, person)
    with django_assert_num_queries(1):
        names = list(
            selectors.audit_readers_of(
                actor=dpo, object_type="core.user", object_id=str(person.pk)
            ).values_list("actor_name", flat=True)
        )
    assert sorted(names) == sorted(r.username for r in readers)


def test_dpo_filters_audit_page(client, town, make_user):
    dpo = make_user(Role.DPO)
    head = make_user(Role.HEAD_OF_KI, username="leitung")
    person = make_user(Role.CASE_WORKER, last_name="Gesucht")
    audit(head, AuditAction.READ, person)
    audit(head, AuditAction.READ, dpo)
    client.force_login(dpo)
    body = client.get("/audit/", {"object_id": str(person.pk), "object_type": "core.user"})
    text = body.content.decode()
    assert "Gesucht" in text
    assert f"core.user#{dpo.pk}" not in text


def test_audit_page_rejects_reversed_dates(client, town, make_user):
    client.force_login(make_user(Role.DPO))
    response = client.get(
        "/audit/", {"since": "2026-02-01", "until": "2026-01-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "The start date lies after the end date." in response.content.decode()


def test_dpo_sees_only_own_municipality_log(town, other_town, make_user):
    dpo = make_user(Role.DPO)
    audit(
        make_user(Role.HEAD_OF_KI, other_town),
        AuditAction.READ,
        make_user(Role.CASE_WORKER, other_town),
    )
    assert selectors.audit_entry_list(actor=dpo).count() == 0


def test_audit_api_is_dpo_only(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    assert client.get("/api/audit").status_code == 403
    client.force_login(make_user(Role.DPO))
    assert client.get("/api/audit").status_code == 200


def test_audit_page_links_to_readers_of_a_record(client, town, make_user):
    """Each entry links to the filter "who read this record"."""
    dpo = make_user(Role.DPO)
    person = make_user(Role.CASE_WORKER)
    audit(make_user(Role.HEAD_OF_KI), AuditAction.READ, person)
    client.force_login(dpo)
    body = client.get("/audit/").content.decode()
    assert f"?object_type=core.user&amp;object_id={person.pk}&amp;action=read" in body
