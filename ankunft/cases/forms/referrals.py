"""Forms of referrals: refer to an offer, answer one, report a barrier from a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ankunft.cases.models import ReferralStatus
from ankunft.cases.models.referrals import SHAREABLE_FIELDS
from ankunft.core.forms import limit_choices
from ankunft.core.models import District
from ankunft.directory.models import Offer
from ankunft.measures.models import FieldOfAction, Measure

FIELD_LABELS = {
    "given_names": _("given names"),
    "family_name": _("family name"),
    "birth_year": _("year of birth"),
    "gender": _("gender"),
    "languages": _("languages"),
    "interpreter_needed": _("interpreter needed"),
    "phone": _("phone"),
    "email": _("e-mail"),
    "district": _("district"),
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


class ReferralForm(forms.Form):
    offer = forms.ModelChoiceField(
        label=_("Offer"), queryset=Offer.objects.none(), widget=forms.RadioSelect
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the person should get there; no health details."),
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("Data to share with the provider"),
        choices=[(f, FIELD_LABELS[f]) for f in SHAREABLE_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "The provider always sees the case number. Tick only what the offer needs; "
            "nothing is shared without the person's consent to referrals."
        ),
    )

    def __init__(self, *args: Any, offers: list[tuple[Offer, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "offer",
            Offer.objects.filter(pk__in=[o.pk for o, _t in offers]).select_related("provider"),
        )
        field = self.fields["offer"]
        if not isinstance(field, forms.ModelChoiceField):  # pragma: no cover
            raise TypeError(field)
        titles = {o.pk: title for o, title in offers}
        field.label_from_instance = lambda o: f"{titles.get(o.pk, o)} – {o.provider.name}"  # type: ignore[method-assign,assignment,unused-ignore]


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (s.value, s.label)
            for s in (
                ReferralStatus.ACCEPTED,
                ReferralStatus.DECLINED,
                ReferralStatus.COMPLETED,
                ReferralStatus.NO_SHOW,
            )
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    measure = forms.ModelChoiceField(
        label=_("Measure the person took part in"),
        queryset=Measure.objects.none(),
        required=False,
        help_text=_("Only on completion: counts the person as reached by the measure."),
    )

    def __init__(self, *args: Any, measures: QuerySet[Measure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "measure", measures)


class ParticipationForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.none())
    started_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, measures: QuerySet[Measure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "measure", measures)


class CaseBarrierForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    field_of_action = forms.ModelChoiceField(
        label=_("Field of action"), queryset=FieldOfAction.objects.none(), required=False
    )
    institution = forms.CharField(
        label=_("Institution"),
        max_length=200,
        required=False,
        help_text=_("e.g. Ausländerbehörde"),
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("No personal data: no names, no dates of birth, no case numbers."),
    )

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
