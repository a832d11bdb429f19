"""No names in the audit log: drop `object_label`, add a pseudonymous `subject_key` and the
request id; tasks and the operator admin get interface values of their own.

Dropping the column removes the names already written (the one rewrite of history this
project makes, for GDPR Art. 17). The append-only triggers are lifted for the duration of
this migration only (SQLite rebuilds the table, which would lose them anyway) and then
put back; existing entries get their subject keys computed here.
"""

from __future__ import annotations

import importlib

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

_append_only = importlib.import_module("ankunft.core.migrations.0002_audit_append_only")


def lift_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _append_only.backward(apps, schema_editor)


def restore_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _append_only.forward(apps, schema_editor)


def backfill_subject_keys(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from ankunft.core.audit import subject_key  # noqa: PLC0415

    entry = apps.get_model("core", "AuditEntry")
    db = schema_editor.connection.alias
    rows = entry.objects.using(db).filter(subject_key="").values_list(
        "pk", "object_type", "object_id"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE core_auditentry SET subject_key = %s WHERE id = %s",
            [(subject_key(t, i), pk) for pk, t, i in rows.iterator()],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_append_only"),
    ]

    operations = [
        migrations.RunPython(lift_triggers, restore_triggers),
        migrations.RemoveField(
            model_name="auditentry",
            name="object_label",
        ),
        migrations.AddField(
            model_name="auditentry",
            name="request_id",
            field=models.CharField(
                blank=True, default="", max_length=64, verbose_name="request id"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="subject_key",
            field=models.CharField(
                db_index=True, default="", max_length=64, verbose_name="subject key"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="interface",
            field=models.CharField(
                choices=[
                    ("page", "web page"),
                    ("api", "API"),
                    ("cli", "command line"),
                    ("export", "export"),
                    ("task", "background task"),
                    ("admin", "operator admin"),
                    ("system", "system"),
                ],
                max_length=10,
                verbose_name="interface",
            ),
        ),
        migrations.RunPython(backfill_subject_keys, migrations.RunPython.noop),
        migrations.RunPython(restore_triggers, lift_triggers),
    ]
