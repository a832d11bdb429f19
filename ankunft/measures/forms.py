"""Forms of the measures pages. They validate input; the services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ankunft.core.forms import limit_choices
from ankunft.core.models import District
from ankunft.measures.models import (
    Barrier,
    Concept,
    FieldOfAction,
    Indicator,
    Measure,
    StaffAllocation,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _example_decimal() -> str:
    """12.5 in English, 12,5 in German: the example of a value in the page's language."""
    return number_format(Decimal("12.5"), use_l10n=True)


class ConceptForm(forms.ModelForm[Concept]):
    class Meta:
        model = Concept
        fields = ["title", "reference", "description", "parent"]

    def __init__(self, *args: Any, concepts: QuerySet[Concept], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "parent", concepts.exclude(pk=self.instance.pk))


class MeasureForm(forms.ModelForm[Measure]):
    partner_names = forms.CharField(
        label=_("Partners"),
        required=False,
        help_text=_("Names separated by semicolons, e.g. Caritas; AWO; Jobcenter"),
    )

    class Meta:
        model = Measure
        fields = [
            "concept",
            "title",
            "description",
            "status",
            "start",
            "end",
            "fields_of_action",
            "districts",
            "target_groups",
            "decisions",
            "budget_lines",
            "positions",
            "direct_costs",
        ]
        widgets = {
            "start": DATE,
            "end": DATE,
            "fields_of_action": forms.CheckboxSelectMultiple,
            "districts": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, choices: dict[str, QuerySet[Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in choices.items():
            limit_choices(self, name, queryset)
        if self.instance.pk:
            self.fields["partner_names"].initial = "; ".join(
                p.name for p in self.instance.partners.all()
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end lies before the start."))
        data["partner_list"] = [
            n.strip() for n in data.get("partner_names", "").split(";") if n.strip()
        ]
        return data

    def validate_constraints(self, exclude: Any = None) -> None:
        # The services check the constraints with the municipality set.
        return


class IndicatorForm(forms.ModelForm[Indicator]):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "direction",
            "frequency",
            "baseline",
            "target",
            "amber_band",
            "source",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].required = False  # left out: entered by hand

    def clean_source(self) -> str:
        return self.cleaned_data.get("source") or Indicator.Source.MANUAL

    def validate_constraints(self, exclude: Any = None) -> None:
        return


class IndicatorValueForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("Month as YYYY-MM (e.g. 2022-03) or a date"),
    )
    value = forms.CharField(
        label=_("Value"),
        max_length=30,
        help_text=format_lazy(_("e.g. 42 or {decimal}"), decimal=lazy(_example_decimal, str)()),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean_period(self) -> Any:
        from ankunft.measures.parsing import parse_period  # noqa: PLC0415

        text = self.cleaned_data["period"]
        try:
            return parse_period(text, self.indicator.frequency)
        except ValueError as exc:
            raise forms.ValidationError(
                _("“%(period)s” is not a period (use YYYY-MM or a date such as 01.03.2022)"),
                params={"period": text},
            ) from exc

    def clean_value(self) -> Any:
        from ankunft.measures.indicator_import import value_problem  # noqa: PLC0415
        from ankunft.measures.parsing import parse_number  # noqa: PLC0415

        text = self.cleaned_data["value"]
        try:
            value = parse_number(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("“%(value)s” is not a number"), params={"value": text}
            ) from exc
        problem = value_problem(self.indicator, value)
        if problem:
            raise forms.ValidationError(problem)
        return value


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("Columns: measure;indicator;period;value (optional: note), with a header row"),
    )
    replace = forms.BooleanField(label=_("Replace values that exist already"), required=False)


class AllocationForm(forms.ModelForm[StaffAllocation]):
    class Meta:
        model = StaffAllocation
        fields = ["position", "percent", "valid_from", "valid_until"]
        widgets = {"valid_from": DATE, "valid_until": DATE}

    def __init__(
        self, *args: Any, positions: QuerySet[Any], show_money: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "position", positions)
        if not show_money:  # no pay grade for those who may not see the budget
            field: Any = self.fields["position"]
            field.label_from_instance = lambda p: f"{p.title} ({number_format(p.fte, 2)})"

    def validate_constraints(self, exclude: Any = None) -> None:
        return


class BarrierForm(forms.ModelForm[Barrier]):
    class Meta:
        model = Barrier
        fields = ["title", "description", "field_of_action", "institution", "district"]
        widgets = {"institution": forms.TextInput(attrs={"list": "institutions"})}

    def __init__(
        self,
        *args: Any,
        fields_of_action: QuerySet[FieldOfAction],
        districts: QuerySet[District],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "field_of_action", fields_of_action)
        limit_choices(self, "district", districts)


class BarrierPriorityForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[("", _("none")), *Barrier.Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    response = forms.CharField(
        label=_("Note of the steering group"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class BarrierAnswerForm(forms.Form):
    measure = forms.ModelChoiceField(
        label=_("Answered by the measure"), queryset=Measure.objects.none()
    )
    response = forms.CharField(
        label=_("How the measure answers it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, measures: QuerySet[Measure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "measure", measures)


class BarrierStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Barrier.Status.choices)
    response = forms.CharField(
        label=_("Note of the steering group"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class FieldOfActionForm(forms.ModelForm[FieldOfAction]):
    class Meta:
        model = FieldOfAction
        fields = ["key", "name", "order"]

    def validate_constraints(self, exclude: Any = None) -> None:
        return
