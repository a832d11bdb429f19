"""Forms of appointments, notes, attachments and the interpreter pool (input shape only;
the services check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ankunft.cases.models import AppointmentKind, NoteLevel
from ankunft.cases.services.attachments import max_bytes, size_label
from ankunft.core.models import User

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AppointmentKind.choices)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Room or address. Calendars show it: no names of the person."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 5}))
    level = forms.ChoiceField(
        label=_("Who may read it"), choices=NoteLevel.choices, initial=NoteLevel.TEAM
    )
    is_contact = forms.BooleanField(
        label=_("Records a contact with the person"), required=False, initial=True
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    level = forms.ChoiceField(
        label=_("Who may read it"), choices=NoteLevel.choices, initial=NoteLevel.TEAM
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, PNG, JPEG, WebP or TIFF, at most %(size)s.") % {
            "size": size_label(max_bytes())
        }


class InterpreterProfileForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Interpreter"), queryset=User.objects.none())
    languages = forms.CharField(
        label=_("Languages"),
        max_length=200,
        help_text=_("Language codes separated by commas, e.g. ar, fa, uk"),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def language_list(self) -> list[str]:
        return [v for v in self.cleaned_data["languages"].split(",") if v.strip()]
