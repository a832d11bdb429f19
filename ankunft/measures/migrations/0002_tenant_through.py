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
        ("budget", "0001_initial"),
        ("core", "0001_initial"),
        ("council", "0001_initial"),
        ("measures", "0001_initial"),
    ]

    operations = [
        *_link_operations(
            "measures",
            "measure",
            "fields_of_action",
            models.ManyToManyField(
                blank=True,
                related_name="measures",
                through="measures.MeasureFieldOfAction",
                to="measures.fieldofaction",
                verbose_name="fields of action",
            ),
            "MeasureFieldOfAction",
            "measures_measure_fields_of_action",
            ("measure", "measures.measure"),
            ("field_of_action", "measures.fieldofaction", "fieldofaction_id"),
            "measures_measure_fields_of_action_unique",
            {
                "verbose_name": "field of action of a measure",
                "verbose_name_plural": "fields of action of measures",
            },
        ),
        *_link_operations(
            "measures",
            "measure",
            "districts",
            models.ManyToManyField(
                blank=True,
                related_name="measures",
                through="measures.MeasureDistrict",
                to="core.district",
                verbose_name="districts",
            ),
            "MeasureDistrict",
            "measures_measure_districts",
            ("measure", "measures.measure"),
            ("district", "core.district", None),
            "measures_measure_districts_unique",
            {
                "verbose_name": "district of a measure",
                "verbose_name_plural": "districts of measures",
            },
        ),
        *_link_operations(
            "measures",
            "measure",
            "partners",
            models.ManyToManyField(
                blank=True,
                related_name="measures",
                through="measures.MeasurePartner",
                to="measures.partner",
                verbose_name="partners",
            ),
            "MeasurePartner",
            "measures_measure_partners",
            ("measure", "measures.measure"),
            ("partner", "measures.partner", None),
            "measures_measure_partners_unique",
            {
                "verbose_name": "partner of a measure",
                "verbose_name_plural": "partners of measures",
            },
        ),
        *_link_operations(
            "measures",
            "measure",
            "decisions",
            models.ManyToManyField(
                blank=True,
                related_name="funded_measures",
                through="measures.MeasureDecision",
                to="council.decision",
                verbose_name="funding decisions",
            ),
            "MeasureDecision",
            "measures_measure_decisions",
            ("measure", "measures.measure"),
            ("decision", "council.decision", None),
            "measures_measure_decisions_unique",
            {
                "verbose_name": "funding decision of a measure",
                "verbose_name_plural": "funding decisions of measures",
            },
        ),
        *_link_operations(
            "measures",
            "measure",
            "budget_lines",
            models.ManyToManyField(
                blank=True,
                related_name="measures",
                through="measures.MeasureBudgetLine",
                to="budget.budgetline",
                verbose_name="budget lines",
            ),
            "MeasureBudgetLine",
            "measures_measure_budget_lines",
            ("measure", "measures.measure"),
            ("budget_line", "budget.budgetline", "budgetline_id"),
            "measures_measure_budget_lines_unique",
            {
                "verbose_name": "budget line of a measure",
                "verbose_name_plural": "budget lines of measures",
            },
        ),
        *_link_operations(
            "measures",
            "measure",
            "positions",
            models.ManyToManyField(
                blank=True,
                related_name="responsible_for_measures",
                through="measures.MeasurePosition",
                to="budget.position",
                verbose_name="responsible positions",
            ),
            "MeasurePosition",
            "measures_measure_positions",
            ("measure", "measures.measure"),
            ("position", "budget.position", None),
            "measures_measure_positions_unique",
            {
                "verbose_name": "responsible position of a measure",
                "verbose_name_plural": "responsible positions of measures",
            },
        ),
        *_link_operations(
            "measures",
            "barrier",
            "measures",
            models.ManyToManyField(
                blank=True,
                related_name="barriers",
                through="measures.BarrierMeasure",
                to="measures.measure",
                verbose_name="answered by",
            ),
            "BarrierMeasure",
            "measures_barrier_measures",
            ("barrier", "measures.barrier"),
            ("measure", "measures.measure", None),
            "measures_barrier_measures_unique",
            {
                "verbose_name": "measure answering a barrier",
                "verbose_name_plural": "measures answering barriers",
            },
        ),
        # Unique constraints of tenant data include the municipality key.
        migrations.RemoveConstraint(model_name="indicator", name="measures_indicator_unique"),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.UniqueConstraint(
                fields=("municipality", "measure", "name"), name="measures_indicator_unique"
            ),
        ),
        migrations.RemoveConstraint(
            model_name="indicatorvalue", name="measures_value_unique_period"
        ),
        migrations.AddConstraint(
            model_name="indicatorvalue",
            constraint=models.UniqueConstraint(
                fields=("municipality", "indicator", "period"),
                name="measures_value_unique_period",
            ),
        ),
    ]
