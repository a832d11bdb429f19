"""Forms of the reports' pages: the request of a status report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ankunft.core.forms import limit_choices
from ankunft.council.models import Decision
from ankunft.reports.models import MAX_THRESHOLD, MIN_THRESHOLD

LANGUAGE_CHOICES = [("de", _("German")), ("en", _("English"))]


class DecisionChoiceField(forms.ModelChoiceField[Decision]):
    def label_from_instance(self, obj: Decision) -> str:
        reference = obj.paper.reference or _("decision %(id)s") % {"id": obj.pk}
        date = f" ({obj.date:%d.%m.%Y})" if obj.date else ""
        return f"{reference} – {obj.paper.name}{date}"


class ReportRequestForm(forms.Form):
    """Sachstandsbericht anfordern: a decision (or all decisions of a year), the year, the
    suppression threshold and the language. The service validates the scope against the data."""

    decision = DecisionChoiceField(
        label=_("Decision"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("All decisions of the year"),
        help_text=_("Empty: a report on all decisions of the year below."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Empty: all years of the decision."),
    )
    threshold = forms.IntegerField(
        label=_("Suppression threshold"),
        min_value=MIN_THRESHOLD,
        max_value=MAX_THRESHOLD,
        help_text=_(
            "Figures about fewer persons than this are suppressed (official statistics use "
            "at least 3)."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, decisions: QuerySet[Decision], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"threshold": settings.REPORT_SUPPRESSION_THRESHOLD, "language": "de"},
        )
        super().__init__(*args, **kwargs)
        limit_choices(self, "decision", decisions)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("decision") and data.get("year") is None and not self.errors:
            self.add_error(
                "year", _("Choose a decision, or a year for a report on all its decisions.")
            )
        return data
