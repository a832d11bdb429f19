"""Forms of the core pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ankunft.core.models import DEFAULT_CONTENT_LANGUAGES, AuditAction, Interface


class AuditFilterForm(forms.Form):
    actor_name = forms.CharField(label=_("User name"), required=False, max_length=150)
    object_type = forms.CharField(
        label=_("Record type"), required=False, max_length=100, help_text=_("e.g. core.user")
    )
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("any")), *AuditAction.choices]
    )
    interface = forms.ChoiceField(
        label=_("Interface"), required=False, choices=[("", _("any")), *Interface.choices]
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date lies after the end date."))
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_('What the token is for, e.g. "report script".'),
    )


class MunicipalityForm(forms.Form):
    """Set up a municipality; the service validates (and explains) every field."""

    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("e.g. Duisburg"))
    slug = forms.CharField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Part of the addresses, e.g. duisburg for /offers/duisburg/"),
    )
    official_key = forms.CharField(
        label=_("Official municipality key (AGS)"),
        max_length=12,
        required=False,
        help_text=_("8 digits, e.g. 05112000"),
    )
    content_languages = forms.MultipleChoiceField(
        label=_("Content languages"),
        choices=settings.LANGUAGES,
        initial=DEFAULT_CONTENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages of the public directory; German is always one of them."),
    )


def form_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (else above the form).

    Services raise Django's ValidationError; views call this so that the person sees the
    message where the input was, and nothing was saved.
    """
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Let the choice field `name` offer only `queryset` (the actor's own records)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    field.queryset = queryset


class RoleForm(forms.Form):
    """A role's key (new roles), name (own roles) and the permissions the editor may grant."""

    key = forms.SlugField(
        label=_("Key"),
        max_length=20,
        help_text=_("Short name in letters, digits and hyphens, e.g. interpreter."),
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    permissions = forms.MultipleChoiceField(
        label=_("Permissions"), required=False, widget=forms.CheckboxSelectMultiple
    )
    requires_mfa = forms.BooleanField(
        label=_("Second factor required"),
        required=False,
        help_text=_(
            "Members must log in with a code from an authenticator app as well; "
            "those without one set it up at their next request."
        ),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["permissions"]).choices = choices
