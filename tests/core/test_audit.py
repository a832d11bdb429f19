"""Reads and writes of personal records are audited, and the log cannot be changed."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from ankunft.core import selectors
from ankunft.core.audit import (
    SYSTEM,
    MissingActorError,
    _subject_secret,
    access_context,
    audit,
    subject_key,
    task_context,
)
from ankunft.core.models import AppendOnlyError, AuditAction, AuditEntry, Interface, Role, User
from ankunft.core.services import api_token_create, user_create

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
    with access_context(Interface.CLI, path="ankunft createuser", actor=SYSTEM):
        call_command(
            "createuser",
            "neu",
            role=Role.CASE_WORKER,
            municipality=town.slug,
            password="ein-langes-passwort-2026",
        )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE)
    user = User.objects.get(username="neu")
    assert (entry.object_type, entry.object_id) == ("core.user", str(user.pk))
    assert entry.subject_key == subject_key("core.user", user.pk)
    assert (entry.actor, entry.actor_name, entry.interface) == (None, "system", Interface.CLI)


def test_no_actor_outside_any_context_is_refused(town, make_user):
    """`actor=None` means the context's actor; with none named, nothing is written."""
    person = make_user(Role.CASE_WORKER)
    with access_context(Interface.SYSTEM), pytest.raises(MissingActorError):
        audit(None, AuditAction.READ, person)
    assert AuditEntry.objects.count() == 0


def test_subject_key_is_a_stable_keyed_pseudonym(settings):
    """HMAC-SHA256 of "<type>:<id>": the same record, the same key; another key, another."""
    settings.AUDIT_SUBJECT_KEY = ""
    _subject_secret.cache_clear()
    derived = subject_key("core.user", 7)
    assert derived == subject_key("core.user", "7")
    assert derived != subject_key("core.user", 8)
    assert derived != subject_key("budget.staffmember", 7)
    expected_secret = hmac.new(
        settings.SECRET_KEY.encode(), b"ankunft.audit.subject-key", hashlib.sha256
    ).digest()
    assert derived == hmac.new(expected_secret, b"core.user:7", hashlib.sha256).hexdigest()
    settings.AUDIT_SUBJECT_KEY = "a-dedicated-key-for-the-audit-log-subjects"
    _subject_secret.cache_clear()
    try:
        assert (
            subject_key("core.user", 7)
            == hmac.new(
                b"a-dedicated-key-for-the-audit-log-subjects", b"core.user:7", hashlib.sha256
            ).hexdigest()
        )
    finally:
        _subject_secret.cache_clear()


def test_task_context_names_the_task_and_its_actor(town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    person = make_user(Role.CASE_WORKER)
    with task_context("monthly-report", actor=head) as ctx:
        audit(None, AuditAction.READ, person)
    with task_context("retention"):
        audit(None, AuditAction.READ, person)
    by_head, by_system = AuditEntry.objects.order_by("id")
    assert (by_head.actor, by_head.interface, by_head.path) == (
        head,
        Interface.TASK,
        "task:monthly-report",
    )
    assert by_head.request_id == ctx.request_id
    assert len(ctx.request_id) == 32
    assert (by_system.actor, by_system.actor_name, by_system.path) == (
        None,
        "system",
        "task:retention",
    )
    assert by_system.request_id != by_head.request_id


def test_request_id_is_echoed_or_generated(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    person = make_user(Role.CASE_WORKER)
    client.force_login(head)
    given = client.get(f"/staff/{person.pk}/", HTTP_X_REQUEST_ID="trace-42.a")
    assert given["X-Request-ID"] == "trace-42.a"
    assert AuditEntry.objects.get().request_id == "trace-42.a"
    forged = client.get(f"/staff/{person.pk}/", HTTP_X_REQUEST_ID="x" * 65)
    fresh = client.get(f"/staff/{person.pk}/")
    assert len(forged["X-Request-ID"]) == len(fresh["X-Request-ID"]) == 32
    assert forged["X-Request-ID"] != fresh["X-Request-ID"]


def test_api_names_its_actor_in_the_context(client, town, make_user):
    """A service called with actor=None inside an API request audits as the API's user."""
    head = make_user(Role.HEAD_OF_KI)
    _token, key = api_token_create(user=head, name="script")
    person = make_user(Role.CASE_WORKER)
    response = client.get(f"/api/staff/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.interface, entry.request_id) == (
        head,
        Interface.API,
        response["X-Request-ID"],
    )


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


def test_labels_cost_one_query_per_record_type(town, make_user, django_assert_num_queries):
    """Labels for a page of entries: one query per record type on it, plus one INSERT for
    the names shown, however many entries there are."""
    from ankunft.budget.services.positions import staff_member_create  # noqa: PLC0415

    dpo, head = make_user(Role.DPO), make_user(Role.HEAD_OF_KI)
    for _ in range(12):
        audit(head, AuditAction.READ, make_user(Role.CASE_WORKER))
        audit(head, AuditAction.READ, staff_member_create(actor=None, municipality=town, name="X"))
    entries = list(selectors.audit_entry_list(actor=dpo))
    assert len(entries) == 24 + 12  # the reads, and the creates of the staff members
    with django_assert_num_queries(3):
        labelled = selectors.audit_entries_labelled(actor=dpo, entries=entries)
    assert {e.erased for e in labelled} == {False}
