"""Forms of the case page: consent, steps, needs, goals, reviews, closing, reassigning.
The services validate the rules; the forms only read the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ankunft.cases.models import (
    ConsentForm,
    ConsentPurpose,
    GoalStatus,
    LegalBasis,
    Need,
    Outcome,
    Step,
    Urgency,
)
from ankunft.core.locking import VersionField
from ankunft.core.models import Team, User
from ankunft.measures.models import FieldOfAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


class CaseFilterForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Step"),
        required=False,
        choices=[("", _("all")), ("open", _("all open")), *Step.choices],
    )
    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("team", _("my team's cases")), ("mine", _("my cases"))],
    )
    worker = forms.ModelChoiceField(
        label=_("Case worker"), required=False, queryset=User.objects.none(), empty_label=_("all")
    )
    team = forms.ModelChoiceField(
        label=_("Team"), required=False, queryset=Team.objects.none(), empty_label=_("all")
    )

    def __init__(self, *args: Any, workers: QuerySet[User], teams: QuerySet[Team], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class ConsentGiveForm(forms.Form):
    prefix = "consent"
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    basis_reference = forms.CharField(
        label=_("Legal reference"),
        required=False,
        max_length=200,
        help_text=_("Needed when the basis is not consent, e.g. § 8 SGB VIII."),
    )
    form = forms.ChoiceField(label=_("Form"), choices=ConsentForm.choices)
    given_on = _date(_("Given on"))
    valid_until = _date(_("Valid until"), required=False)


class StepForm(forms.Form):
    prefix = "step"
    to_step = forms.ChoiceField(choices=Step.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class NeedForm(forms.Form):
    prefix = "need"
    field_of_action = forms.ModelChoiceField(
        label=_("Field of action"), queryset=FieldOfAction.objects.none()
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    description = forms.CharField(label=_("Description"), required=False, max_length=500)

    def __init__(self, *args: Any, fields_of_action: QuerySet[FieldOfAction], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["field_of_action"].queryset = fields_of_action  # type: ignore[attr-defined]


class GoalForm(forms.Form):
    prefix = "goal"
    title = forms.CharField(label=_("Goal"), max_length=300)
    due_on = _date(_("Due on"))
    need = forms.ModelChoiceField(
        label=_("For the need"), required=False, queryset=Need.objects.none()
    )
    agreed_on = _date(_("Agreed with the person on"), required=False)

    def __init__(self, *args: Any, needs: QuerySet[Need], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["need"].queryset = needs  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    prefix = "review"
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    reviewed_on = _date(_("Reviewed on"), required=False)


class CloseForm(forms.Form):
    prefix = "close"
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        help_text=_("Needed for: contact broken off, support declined, other."),
    )


class ReassignForm(forms.Form):
    prefix = "reassign"
    worker = forms.ModelChoiceField(label=_("Case worker"), queryset=User.objects.none())
    team = forms.ModelChoiceField(
        label=_("Team"),
        required=False,
        queryset=Team.objects.none(),
        empty_label=_("the case's team"),
    )
    version = VersionField()

    def __init__(self, *args: Any, workers: QuerySet[User], teams: QuerySet[Team], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
