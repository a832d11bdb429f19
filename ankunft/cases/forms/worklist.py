"""Forms of the worklist area: the upload of an existing case list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ankunft.core.models import Team


class CaseImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("A header row, one person per row (at most 30 MB and 100,000 rows)"),
    )
    team = forms.ModelChoiceField(
        label=_("Team for all rows"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Without a team, each row goes to the team of its case worker."),
    )
    mapping = forms.CharField(
        label=_("Column mapping (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One field=Column per line where the headers are not the usual ones, "
            "e.g. family_name=Zuname"
        ),
    )
    skip_duplicates = forms.BooleanField(
        label=_("Leave out rows that are likely persons already recorded"), required=False
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file (store nothing)"), required=False, initial=True
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["team"]
        field.queryset = teams
