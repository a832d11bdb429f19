"""Forms of the persons pages: the intake of a household, a person's data, spellings, legal
domains and the case settings. Input shape only; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ankunft.cases.models import CaseSettings, Gender, LegalDomain, Relation, ResidenceStatus
from ankunft.cases.models.persons import RESIDENCE_HELP
from ankunft.cases.services.persons_codes import language_choices, parse_codes
from ankunft.core.models import District

SPECIAL = ("health", "disability", "religion")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BIRTH_PARTS = {"min": 1, "inputmode": "numeric"}


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class MemberForm(forms.Form):
    """One person: at intake a member of the household, on the edit page the person."""

    given_names = forms.CharField(label=_("Given names (Latin script)"), max_length=200)
    family_name = forms.CharField(label=_("Family name (Latin script)"), max_length=200)
    given_names_original = forms.CharField(
        label=_("Given names as in the documents"),
        max_length=200,
        required=False,
        help_text=_("In any script, e.g. Иван or محمد"),
    )
    family_name_original = forms.CharField(
        label=_("Family name as in the documents"), max_length=200, required=False
    )
    spelling_given = forms.CharField(
        label=_("Further spelling: given names"), max_length=200, required=False
    )
    spelling_family = forms.CharField(
        label=_("Further spelling: family name"),
        max_length=200,
        required=False,
        help_text=_("Another transliteration or a birth name"),
    )
    birth_day = forms.IntegerField(
        label=_("Day of birth"), required=False, max_value=31, widget=forms.NumberInput(BIRTH_PARTS)
    )
    birth_month = forms.IntegerField(
        label=_("Month of birth"),
        required=False,
        max_value=12,
        widget=forms.NumberInput(BIRTH_PARTS),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1,
        max_value=9999,
        widget=forms.NumberInput(BIRTH_PARTS),
        help_text=_("Year alone, or month and year, if the day is not known"),
    )
    birth_estimated = forms.BooleanField(label=_("Date of birth estimated"), required=False)
    gender = forms.ChoiceField(
        label=_("Gender (as given)"), choices=_blank(Gender.choices), required=False
    )
    relation = forms.ChoiceField(
        label=_("Relation in the household"), choices=_blank(Relation.choices), required=False
    )
    nationalities = forms.CharField(
        label=_("Nationalities"),
        max_length=200,
        required=False,
        help_text=_("ISO country codes, separated by commas, e.g. SY, TR"),
    )
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=200,
        required=False,
        help_text=_("ISO language codes, separated by commas, e.g. ar, ku, de"),
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    interpreter_language = forms.ChoiceField(label=_("Interpreting language"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    arrival_date = forms.DateField(label=_("Arrival in the city"), required=False, widget=DATE)
    residence_status = forms.ChoiceField(
        label=_("Residence status"), required=False, help_text=RESIDENCE_HELP
    )
    residence_valid_until = forms.DateField(
        label=_("Residence title valid until"), required=False, widget=DATE
    )
    health = forms.CharField(label=_("Health"), required=False, widget=forms.Textarea({"rows": 2}))
    disability = forms.CharField(
        label=_("Disability"), required=False, widget=forms.Textarea({"rows": 2})
    )
    religion = forms.CharField(label=_("Religion"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        statuses: list[str],
        special: bool,
        spelling: bool = True,
        duplicates_url: str = "",
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        if duplicates_url:
            self._hint_duplicates(duplicates_url)
        status = self.fields["residence_status"]
        assert isinstance(status, forms.ChoiceField)  # noqa: S101 - declared above
        status.choices = _blank(CaseSettings.status_choices(statuses))
        language = self.fields["interpreter_language"]
        assert isinstance(language, forms.ChoiceField)  # noqa: S101
        language.choices = _blank(language_choices())
        if not special:  # only the roles that work the case see special categories
            for name in SPECIAL:
                del self.fields[name]
        if not spelling:
            del self.fields["spelling_given"], self.fields["spelling_family"]

    def _hint_duplicates(self, url: str) -> None:
        """While a name is typed, htmx asks for likely existing persons (only the name and
        the year go to the server, never the rest of the form)."""
        names = ("given_names", "family_name", "birth_year")
        include = ", ".join(f"[name='{self.add_prefix(n)}']" for n in names)
        target = f"#dup-{self.prefix or 'person'}"
        for name in names:
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": f"{url}?prefix={self.prefix or ''}",
                    "hx-trigger": "keyup changed delay:400ms",
                    "hx-include": include,
                    "hx-target": target,
                    "hx-sync": "closest fieldset:replace",
                }
            )

    def clean_nationalities(self) -> list[str]:
        return parse_codes(self.cleaned_data["nationalities"], kind="country")

    def clean_languages(self) -> list[str]:
        return parse_codes(self.cleaned_data["languages"], kind="language")

    def values(self) -> dict[str, Any]:
        """The cleaned data as a person's values (see `services.persons.PERSON_FIELDS`)."""
        skip = {"spelling_given", "spelling_family"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def spellings(self) -> list[tuple[str, str]]:
        family = self.cleaned_data.get("spelling_family", "")
        return [(self.cleaned_data.get("spelling_given", ""), family)] if family else []


def person_initial(person: Any) -> dict[str, Any]:
    """A person's values as the edit form shows them (codes comma-separated)."""
    initial = {name: getattr(person, name, "") for name in MemberForm.base_fields}
    initial["nationalities"] = ", ".join(person.nationalities)
    initial["languages"] = ", ".join(person.languages)
    return initial


class BaseMembers(forms.BaseFormSet[MemberForm]):
    def initial_form_count(self) -> int:
        # Every member is new: a member form left empty is left out (not "required").
        return 0

    def clean(self) -> None:
        if any(self.errors):
            return
        if not any(f.has_changed() for f in self.forms):
            raise forms.ValidationError(_("Add at least one member of the household."))


MAX_MEMBERS = 20


def member_formset(extra: int = 0) -> type[forms.BaseFormSet[MemberForm]]:
    """The members of a household: one form at least, `extra` more."""
    return forms.formset_factory(
        MemberForm,
        formset=BaseMembers,
        extra=extra,
        min_num=1,
        validate_min=True,
        max_num=MAX_MEMBERS,
    )


MemberFormSet = member_formset()


class HouseholdForm(forms.Form):
    label = forms.CharField(
        label=_("Household"), max_length=200, help_text=_("e.g. the family name")
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )

    def __init__(self, *args: Any, districts: QuerySet[District], **kw: Any) -> None:
        super().__init__(*args, **kw)
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)  # noqa: S101
        district.queryset = districts


class SpellingForm(forms.Form):
    given = forms.CharField(label=_("Given names"), max_length=200, required=False)
    family = forms.CharField(label=_("Family name"), max_length=200)


class LegalDomainForm(forms.Form):
    domain = forms.ChoiceField(label=_("Legal domain"), choices=LegalDomain.choices)
    start = forms.DateField(label=_("From"), widget=DATE)


class CaseSettingsForm(forms.Form):
    residence_statuses = forms.MultipleChoiceField(
        label=_("Residence statuses that may be recorded"),
        choices=ResidenceStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=RESIDENCE_HELP,
    )
    no_contact_weeks = forms.IntegerField(
        label=_("Flag cases without contact after (weeks)"), min_value=1, max_value=365
    )
    consent_warning_days = forms.IntegerField(
        label=_("Warn of expiring consent (days ahead)"), min_value=1, max_value=365
    )
    residence_warning_days = forms.IntegerField(
        label=_("Warn of expiring residence titles (days ahead)"), min_value=1, max_value=365
    )
    retention_days = forms.IntegerField(
        label=_("Keep closed cases for (days)"),
        min_value=1,
        help_text=_("At least 30 days; after this period closed cases are anonymised or deleted."),
    )
