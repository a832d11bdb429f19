"""The audit table in the database: append-only by privilege, partitioned by month.

Each test runs on both engines. On PostgreSQL it checks the real thing (the application's
role, the partitions); on SQLite, which has neither, it checks what keeps the log
append-only there (the trigger and the ORM guard) and that the commands say so.
"""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from ankunft.core import audit_db
from ankunft.core.audit import audit
from ankunft.core.models import AppendOnlyError, AuditAction, AuditEntry, Role

pytestmark = pytest.mark.django_db

APP_ROLE = f"test_ankunft_app_{os.getpid()}"


def _refused(sql: str, params: list[object] | None = None) -> str:
    """Run `sql` in a savepoint; return the error's message (the test fails if none)."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)
    return str(caught.value)


def test_app_role_may_only_insert_and_select_the_log(town, make_user):
    head, person = make_user(Role.HEAD_OF_KI), make_user(Role.CASE_WORKER)
    entry = audit(head, AuditAction.READ, person)
    if connection.vendor != "postgresql":
        # SQLite has no roles: the trigger refuses UPDATE, the ORM refuses both.
        assert "append-only" in _refused(
            "UPDATE core_auditentry SET actor_name = 'x' WHERE id = %s", [entry.pk]
        )
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.filter(pk=entry.pk).delete()
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("db_roles", role=APP_ROLE)
        assert AuditEntry.objects.get(pk=entry.pk).actor_name == head.username
        return
    call_command("db_roles", role=APP_ROLE, no_login=True, stdout=io.StringIO())
    with connection.cursor() as cur:
        cur.execute(f'SET ROLE "{APP_ROLE}"')
    partition = audit_db.partition_of_row(connection, entry.pk)
    try:
        for sql in (
            "UPDATE core_auditentry SET actor_name = 'x' WHERE id = %s",
            "DELETE FROM core_auditentry WHERE id = %s",
            "UPDATE " + partition + " SET path = 'x' WHERE id = %s",  # noqa: S608 - a partition name from the catalog
        ):
            assert "permission denied" in _refused(sql, [entry.pk])
        assert "permission denied" in _refused("TRUNCATE core_auditentry")
        assert "permission denied" in _refused("TRUNCATE core_auditentry_default")
        assert "must be owner" in _refused(
            "DROP TRIGGER core_auditentry_no_change ON core_auditentry"
        )
        # What the app needs works: INSERT (with the sequence), SELECT, and other tables.
        written = audit(head, AuditAction.READ, person)
        assert AuditEntry.objects.filter(pk__in=[entry.pk, written.pk]).count() == 2
        with connection.cursor() as cur:
            cur.execute("UPDATE core_user SET phone = '0203 1' WHERE id = %s", [person.pk])
            assert cur.rowcount == 1
    finally:
        with connection.cursor() as cur:
            cur.execute("RESET ROLE")
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == head.username


def test_entries_land_in_their_month_and_stranded_rows_move(town, make_user):
    entry = audit(make_user(Role.HEAD_OF_KI), AuditAction.READ, make_user(Role.CASE_WORKER))
    out = io.StringIO()
    if connection.vendor != "postgresql":
        call_command("audit_partitions", stdout=out)
        assert "nicht partitioniert" in out.getvalue()
        assert audit_db.is_partitioned(connection) is False
        return
    this_month = entry.at.astimezone(dt.UTC).date().replace(day=1)
    assert audit_db.partition_of_row(connection, entry.pk) == audit_db.partition_name(this_month)
    # An entry of a month without a partition lands in the default partition ...
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO core_auditentry (at, actor_name, action, interface, object_type, "
            "object_id, subject_key, fields, path, request_id) VALUES "
            "('2035-03-15 12:00+00', 'x', 'read', 'task', 'core.user', '1', '', '[]', '', '') "
            "RETURNING id"
        )
        stranded = cur.fetchone()[0]
    assert audit_db.partition_of_row(connection, stranded) == "core_auditentry_default"
    # ... and moves into its month's partition once that is created; nothing is lost.
    created = audit_db.ensure_partitions(connection, months=2, start=dt.date(2035, 3, 9))
    assert created == ["core_auditentry_y2035m03", "core_auditentry_y2035m04"]
    assert audit_db.partition_of_row(connection, stranded) == "core_auditentry_y2035m03"
    assert AuditEntry.objects.count() == 2
    assert audit_db.ensure_partitions(connection, months=2, start=dt.date(2035, 3, 1)) == []
    # The moved rows keep the append-only trigger.
    assert "append-only" in _refused("DELETE FROM core_auditentry WHERE id = %s", [stranded])


def test_partition_command_is_idempotent(town):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="zwischen 1 und 120"):
            call_command("audit_partitions", months=0)
        return
    first, second = io.StringIO(), io.StringIO()
    call_command("audit_partitions", months=14, stdout=first)
    names = audit_db.partitions(connection)
    call_command("audit_partitions", months=14, stdout=second)
    assert "Alle Partitionen sind vorhanden." in second.getvalue()
    assert audit_db.partitions(connection) == names
    today = dt.datetime.now(dt.UTC).date()
    expected = {audit_db.partition_name(m) for m in audit_db.months_ahead(today, 14)}
    assert expected <= set(names)
    assert "core_auditentry_default" in names
