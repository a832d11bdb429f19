"""Forms of data protection: the person finder, requests, the consent register's filters
and the confirmation of retention."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankunft.cases.models import ConsentPurpose, RequestKind

EARLIEST_YEAR = 1900


class SubjectSearchForm(forms.Form):
    name = forms.CharField(label=_("Name (any part, any spelling)"), max_length=200, required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=EARLIEST_YEAR, max_value=9999
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip() and data.get("birth_year") is None:
            raise forms.ValidationError(_("Give a name or a year of birth."))
        return data


class SubjectRequestForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices)
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["received_on"].initial = timezone.localdate()


class RequestActionForm(forms.Form):
    ACTIONS = (
        ("done", _("answered")),
        ("erase", _("erase")),
        ("restrict", _("restrict")),
        ("lift", _("lift restriction")),
    )
    action = forms.ChoiceField(choices=ACTIONS)
    confirm = forms.BooleanField(
        label=_("I have checked that this is the right person and want to carry this out."),
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("action") in ("erase", "restrict") and not data.get("confirm"):
            raise forms.ValidationError(_("Confirm that you want to carry this out."))
        return data


class ConsentFilterForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[("", _("all")), *ConsentPurpose.choices], required=False
    )
    expiring = forms.BooleanField(label=_("expiring soon"), required=False)
    withdrawn = forms.BooleanField(label=_("withdrawn"), required=False)


class RetentionApplyForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I want to anonymise the cases listed; this cannot be undone."),
        error_messages={"required": _("Confirm that you want to anonymise these cases.")},
    )
