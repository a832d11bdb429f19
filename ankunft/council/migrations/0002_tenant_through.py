"""Tenant link tables: the many-to-many relations get explicit through models that carry
the municipality key, and every unique constraint of tenant data includes the key.

Data-preserving: the link tables keep their names, columns and rows; the new column is
filled from the record that owns the relation before it becomes required. Works on SQLite
and PostgreSQL (each table is rebuilt on SQLite, altered in place on PostgreSQL).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def _fill(app_label, link, source_model, source_field):
    def run(apps, schema_editor):
        Link = apps.get_model(app_label, link)
        Source = apps.get_model(source_model)
        owner = Source.objects.filter(pk=OuterRef(f"{source_field}_id"))
        Link.objects.update(municipality_id=Subquery(owner.values("municipality_id")[:1]))
        if schema_editor.connection.vendor == "postgresql":
            # Check the new key's deferred constraint now, so the table can be altered next.
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    return run


def _link_operations(
    app_label, owner, m2m, m2m_field, link, table, source, target, constraint, options
):
    """Operations that turn Django's automatic table of `owner.m2m` into the model `link`.

    source: (field name, model label); target: (field name, model label, column or None).
    """
    (src_name, src_model), (dst_name, dst_model, dst_column) = source, target
    dst_kwargs = {"db_column": dst_column} if dst_column else {}
    return [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name=link,
                    fields=[
                        ("id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            src_name,
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=src_model,
                            ),
                        ),
                        (
                            dst_name,
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=dst_model,
                                **dst_kwargs,
                            ),
                        ),
                    ],
                    options={
                        "db_table": table,
                        "unique_together": {(src_name, dst_name)},
                        **options,
                    },
                ),
                migrations.AlterField(model_name=owner, name=m2m, field=m2m_field),
            ],
        ),
        migrations.AlterField(
            model_name=link,
            name="id",
            field=models.BigAutoField(
                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
            ),
        ),
        migrations.AddField(
            model_name=link,
            name="municipality",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.municipality",
            ),
        ),
        migrations.RunPython(
            _fill(app_label, link, src_model, src_name), migrations.RunPython.noop
        ),
        migrations.AlterField(
            model_name=link,
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.municipality",
            ),
        ),
        migrations.AlterUniqueTogether(name=link, unique_together=set()),
        migrations.AddConstraint(
            model_name=link,
            constraint=models.UniqueConstraint(
                fields=("municipality", src_name, dst_name), name=constraint
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("council", "0001_initial"),
    ]

    operations = [
        *_link_operations(
            "council",
            "meeting",
            "organizations",
            models.ManyToManyField(
                blank=True,
                related_name="meetings",
                through="council.MeetingOrganization",
                to="council.organization",
                verbose_name="organizations",
            ),
            "MeetingOrganization",
            "council_meeting_organizations",
            ("meeting", "council.meeting"),
            ("organization", "council.organization", None),
            "council_meeting_org_unique",
            {
                "verbose_name": "organization of a meeting",
                "verbose_name_plural": "organizations of meetings",
            },
        ),
        *_link_operations(
            "council",
            "paper",
            "originators",
            models.ManyToManyField(
                blank=True,
                related_name="originated_papers",
                through="council.PaperOriginator",
                to="council.organization",
                verbose_name="originators",
            ),
            "PaperOriginator",
            "council_paper_originators",
            ("paper", "council.paper"),
            ("organization", "council.organization", None),
            "council_paper_originator_unique",
            {
                "verbose_name": "originator of a paper",
                "verbose_name_plural": "originators of papers",
            },
        ),
        *_link_operations(
            "council",
            "paper",
            "related_papers",
            models.ManyToManyField(
                blank=True,
                related_name="referenced_by",
                through="council.PaperRelation",
                through_fields=("from_paper", "to_paper"),
                to="council.paper",
                verbose_name="related papers",
            ),
            "PaperRelation",
            "council_paper_related_papers",
            ("from_paper", "council.paper"),
            ("to_paper", "council.paper", None),
            "council_paper_relation_unique",
            {"verbose_name": "related paper", "verbose_name_plural": "related papers"},
        ),
        # At most one decision per consultation, now with the municipality key.
        migrations.AlterField(
            model_name="decision",
            name="consultation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="council.consultation",
                verbose_name="consultation",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                fields=("municipality", "consultation"),
                name="council_decision_unique_consultation",
            ),
        ),
    ]
