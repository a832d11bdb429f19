"""The test-only Dossier model (a migration, so that its FK to core works on PostgreSQL)."""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Dossier",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference", models.CharField(max_length=20)),
                ("full_name", models.CharField(max_length=100)),
                ("religion", models.CharField(blank=True, max_length=50)),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.municipality",
                    ),
                ),
            ],
        ),
    ]
