"""Forms of the staff and provider pages. They parse input; the services validate it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ankunft.core.locking import VersionField
from ankunft.core.models import District, User
from ankunft.core.permissions import visible
from ankunft.directory import access
from ankunft.directory.models import (
    Access,
    Accessibility,
    Cost,
    FieldOfAction,
    Offer,
    Provider,
    TargetGroup,
)
from ankunft.directory.models.choices import spoken_language_choices
from ankunft.directory.offer_data import TEXT_FIELDS, data_of
from ankunft.directory.services import OfferData, OfferTexts
from ankunft.directory.validation import (
    exceptions_help,
    format_exceptions,
    format_hours,
    hours_help,
    parse_exceptions,
    parse_hours,
)

# Rendered in the reader's language (weekday abbreviations and "closed" included).
_HOURS_HELP = lazy(hours_help, str)()
_EXC_HELP = lazy(exceptions_help, str)()


class TextsForm(forms.Form):
    """The texts of an offer in one language."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Short sentences and everyday words. Plain text, no HTML."),
    )
    hours_note = forms.CharField(
        label=_("Note on the opening hours"), max_length=300, required=False
    )
    cost_note = forms.CharField(label=_("Note on the cost"), max_length=300, required=False)

    def texts(self) -> OfferTexts:
        return OfferTexts(**{f: self.cleaned_data.get(f) or "" for f in TEXT_FIELDS})


class OfferForm(TextsForm):
    """An offer: its original texts and all language-neutral data."""

    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.none())
    fields_of_action = forms.MultipleChoiceField(
        label=_("Fields of action"),
        choices=FieldOfAction.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken at the offer"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access = forms.ChoiceField(
        label=_("Appointment"), choices=Access.choices, widget=forms.RadioSelect
    )
    cost = forms.ChoiceField(label=_("Cost"), choices=Cost.choices, widget=forms.RadioSelect)
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        choices=Accessibility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hours = forms.CharField(
        label=_("Opening hours"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_HOURS_HELP,
    )
    exceptions = forms.CharField(
        label=_("Different days (holidays, closures)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_EXC_HELP,
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    minor = forms.BooleanField(
        label=_("Minor edit (spelling only): the translations stay current"), required=False
    )
    version = VersionField()

    def __init__(self, *args: Any, actor: User, offer: Offer | None = None, **kwargs: Any) -> None:
        if offer is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(offer)
        super().__init__(*args, **kwargs)
        # The providers the actor may create and edit offers for (providers: their own).
        providers = visible(actor, access.EDIT, Provider)
        if access.is_provider(actor):
            self.fields["provider"].initial = access.provider_id_of(actor)
        cast("forms.ModelChoiceField[Provider]", self.fields["provider"]).queryset = providers
        cast(
            "forms.ModelChoiceField[District]", self.fields["district"]
        ).queryset = District.objects.for_user(actor)
        cast(forms.ChoiceField, self.fields["languages"]).choices = spoken_language_choices()
        if offer is None:
            del self.fields["minor"]
            del self.fields["version"]

    GROUPS = (
        (
            _("Text (original language)"),
            ("title", "summary", "description", "hours_note", "cost_note"),
        ),
        (
            _("What and for whom"),
            (
                "provider",
                "fields_of_action",
                "target_groups",
                "languages",
                "access",
                "cost",
                "accessibility",
            ),
        ),
        (_("When"), ("hours", "exceptions", "valid_from", "valid_until")),
        (
            _("Where and contact"),
            (
                "district",
                "street",
                "postcode",
                "city",
                "latitude",
                "longitude",
                "contact_phone",
                "contact_email",
                "website",
            ),
        ),
    )

    def fieldsets(self) -> list[tuple[Any, list[Any]]]:
        """The fields in groups for the page, each field once."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_hours(self) -> Any:
        return parse_hours(self.cleaned_data.get("hours") or "")

    def clean_exceptions(self) -> Any:
        return parse_exceptions(self.cleaned_data.get("exceptions") or "")

    def data_object(self) -> OfferData:
        d = self.cleaned_data
        return OfferData(
            provider_id=d["provider"].pk,
            district_id=d["district"].pk if d.get("district") else None,
            street=d.get("street") or "",
            postcode=d.get("postcode") or "",
            city=d.get("city") or "",
            latitude=d.get("latitude"),
            longitude=d.get("longitude"),
            access=d["access"],
            cost=d["cost"],
            contact_phone=d.get("contact_phone") or "",
            contact_email=d.get("contact_email") or "",
            website=d.get("website") or "",
            valid_from=d.get("valid_from"),
            valid_until=d.get("valid_until"),
            fields=list(d.get("fields_of_action") or []),
            target_groups=list(d.get("target_groups") or []),
            languages=list(d.get("languages") or []),
            accessibility=list(d.get("accessibility") or []),
            hours=d.get("hours") or [],
            exceptions=d.get("exceptions") or [],
        )

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put the service's errors next to the fields they concern."""
        names = {"fields": "fields_of_action", "provider": "provider"}
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, errors in exc.message_dict.items():
            name = names.get(key, key)
            self.add_error(name if name in self.fields else None, errors)


def initial_for(offer: Offer) -> dict[str, Any]:
    data = data_of(offer)
    source = next(
        (t for t in offer.translations.all() if t.language == offer.source_language), None
    )
    initial: dict[str, Any] = {
        **{f: getattr(source, f) for f in TEXT_FIELDS if source},
        "provider": offer.provider_id,
        "district": offer.district_id,
        "version": offer.version,
        "fields_of_action": data.fields,
        "target_groups": data.target_groups,
        "languages": data.languages,
        "accessibility": data.accessibility,
        "hours": format_hours(data.hours, language=get_language()),
        "exceptions": format_exceptions(data.exceptions, language=get_language()),
    }
    for name in (
        "street", "postcode", "city", "latitude", "longitude", "access", "cost", "contact_phone",
        "contact_email", "website", "valid_from", "valid_until",
    ):  # fmt: skip
        initial[name] = getattr(data, name)
    return initial


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the provider"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProviderForm(forms.ModelForm[Provider]):
    website = forms.URLField(
        label=_("website"), max_length=300, required=False, assume_scheme="https"
    )

    class Meta:
        model = Provider
        fields = [
            "name", "description", "website", "email", "phone", "street", "postcode", "city",
            "contact_person_name", "contact_person_phone", "contact_person_email",
            "contact_person_public",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SettingsForm(forms.Form):
    tile_url = forms.CharField(label=_("Map tile source"), max_length=300, required=False)
    tile_attribution = forms.CharField(label=_("Map attribution"), max_length=300, required=False)
    review_interval_days = forms.IntegerField(
        label=_("Review interval (days)"), min_value=30, max_value=3650
    )
    review_provider_changes = forms.BooleanField(
        label=_("Providers' changes to published offers need review"), required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("HSDS file (JSON)"))
