"""Forms of the council pages: papers, allocations, decisions, and the motion intake."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import QuerySet
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from ankunft.council.intake import MAX_UPLOAD_BYTES, decode_motion_text, too_large_text
from ankunft.council.models import Decision, Organization, Paper
from ankunft.council.services import AllocationData, YearAmount

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_LIST_SPLIT = re.compile(r"[,;\n]")
# "1234.5" / "1234.56": a plain decimal point, also in German input (not "100.000").
_PLAIN_DECIMAL = re.compile(r"^-?\d+\.\d{1,2}$")


def split_list(value: str) -> list[str]:
    """ "SPD, CDU; GRÜNE" → ["SPD", "CDU", "GRÜNE"] (commas, semicolons or lines)."""
    result: list[str] = []
    for part in _LIST_SPLIT.split(value or ""):
        cleaned = " ".join(part.split())
        if cleaned and cleaned not in result:
            result.append(cleaned)
    return result


class ListField(forms.Field):
    """A list of short texts entered as one line, separated by commas."""

    default_validators = [ProhibitNullCharactersValidator()]

    def to_python(self, value: Any) -> list[str]:
        return split_list("" if value in self.empty_values else str(value))

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value


class MoneyField(forms.DecimalField):
    """An amount in EUR as people type it in the page's language: "100.000" or "80.000,50"
    in German, "100,000" or "80,000.50" in English."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            text = value.strip().replace("\xa0", "").replace(" ", "").replace("€", "")
            decimal, thousands = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
            if decimal == "," and not _PLAIN_DECIMAL.match(text):
                text = text.replace(thousands or ".", "").replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
            value = text
        result: Decimal | None = super().to_python(value)
        return result


class PaperForm(forms.Form):
    name = forms.CharField(label=_("Title"), max_length=500)
    reference = forms.CharField(
        label=_("Reference"), max_length=100, required=False, help_text=_('e.g. "DS 21-0220"')
    )
    date = forms.DateField(label=_("Date"), required=False, widget=_DATE)
    paper_type = forms.CharField(
        label=_("Paper type"),
        max_length=200,
        required=False,
        help_text=_('e.g. "Antrag", "Beschlussvorlage"'),
    )
    originators = forms.ModelMultipleChoiceField(
        label=_("Originators"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The factions or bodies that moved the paper."),
    )
    cover = forms.CharField(
        label=_("Cover (Deckung)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the money comes from."),
    )
    related_references = ListField(
        label=_("Related papers"),
        required=False,
        help_text=_("References, separated by commas; known papers are linked."),
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any):
        super().__init__(*args, **kwargs)
        originators: Any = self.fields["originators"]
        originators.queryset = organizations


class AllocationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    amount_eur = MoneyField(
        label=_("Amount (EUR)"),
        help_text=_("Negative for cuts."),
        localize=True,
    )
    recurring = forms.BooleanField(label=_("Recurring"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", "–"),
            ("personnel", _("Personnel")),
            ("material", _("Material")),
            ("investment", _("Investment")),
            ("transfer", _("Transfer")),
            ("revenue", _("Revenue")),
            ("unspecified", _("Unspecified")),
        ],
    )


class BaseAllocationFormSet(forms.BaseFormSet[forms.Form]):
    def allocations(self) -> list[AllocationData]:
        """The rows that are filled in and not marked for removal."""
        result = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or data.get("amount_eur") is None:
                continue
            result.append(
                AllocationData(
                    year=data.get("year"),
                    amount_eur=data["amount_eur"],
                    recurring=bool(data.get("recurring")),
                    kind=data.get("kind") or "",
                )
            )
        return result


AllocationFormSet = cast(
    "type[BaseAllocationFormSet]",
    forms.formset_factory(
        AllocationForm, formset=BaseAllocationFormSet, extra=1, can_delete=True, max_num=30
    ),
)


def allocation_initial(allocations: Any) -> list[dict[str, Any]]:
    """Initial rows from model rows or reader allocations."""
    return [
        {
            "year": a.year,
            "amount_eur": a.amount_eur,
            "recurring": a.recurring,
            "kind": a.kind,
        }
        for a in allocations
    ]


def allocation_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None, add_row: bool = False
) -> BaseAllocationFormSet:
    """The allocation rows; `add_row` shows one more empty row (the "add a row" button)."""
    formset: BaseAllocationFormSet = AllocationFormSet(data, initial=initial, prefix="alloc")
    if add_row and data is not None:
        mutable = data.copy()
        mutable["alloc-TOTAL_FORMS"] = str(int(data.get("alloc-TOTAL_FORMS", 0) or 0) + 1)
        formset = AllocationFormSet(mutable, initial=initial, prefix="alloc")
    return formset


EFFECT_CHOICES = [
    ("", "–"),
    (Decision.Effect.CONFIRMS.value, Decision.Effect.CONFIRMS.label),
    (Decision.Effect.CHANGES.value, Decision.Effect.CHANGES.label),
    (Decision.Effect.CANCELS.value, Decision.Effect.CANCELS.label),
]


class DecisionForm(forms.Form):
    """A decision on a paper. When an earlier decision on the paper already adopted its
    money (`years` given: the years of its budget lines with their amounts), the person
    says what this one does to it, and for "changes" the adopted amount per year."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=Decision.Outcome.choices)
    date = forms.DateField(label=_("Date of the decision"), required=False, widget=_DATE)
    organization = forms.ModelChoiceField(
        label=_("Deciding body"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The council, a committee or a district council."),
    )
    resolution_text = forms.CharField(
        label=_("Resolution text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        years: Sequence[tuple[int, Decimal]] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        organization: Any = self.fields["organization"]
        organization.queryset = organizations
        self.years = list(years) if years is not None else None
        if self.years is None:
            return
        self.fields["effect"] = forms.ChoiceField(
            label=_("Effect on the budget lines"),
            choices=EFFECT_CHOICES,
            required=False,
            help_text=_(
                "An earlier decision already adopted this paper's money. Confirming keeps "
                "the budget lines; changing sets the amounts below; cancelling sets them to 0."
            ),
        )
        for year, amount in self.years:
            self.fields[f"amount_{year}"] = MoneyField(
                label=_("Adopted amount %(year)s (EUR)") % {"year": year},
                required=False,
                min_value=Decimal(0),
                localize=True,
                initial=amount,
                help_text=_("Used when the decision changes the amounts."),
            )
        self.order_fields(["outcome", "effect", *(f"amount_{y}" for y, _a in self.years)])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Decision.Outcome.ADOPTED and not data.get("date"):
            self.add_error("date", _("An adopted decision needs its date."))
        later = self.years is not None
        if later and data.get("outcome") == Decision.Outcome.ADOPTED and not data.get("effect"):
            self.add_error(
                "effect",
                _(
                    "An earlier decision on this paper already adopted its money: say whether "
                    "this one confirms it, changes the amounts or cancels it."
                ),
            )
        changes = later and data.get("effect") == Decision.Effect.CHANGES
        if changes and not self.amounts():
            self.add_error("effect", _("Give the adopted amount for at least one year."))
        return data

    def amounts(self) -> list[YearAmount]:
        """The adopted amounts per year given in the form (for "changes")."""
        if self.years is None:
            return []
        result = []
        for year, _amount in self.years:
            value = self.cleaned_data.get(f"amount_{year}")
            if value is not None:
                result.append(YearAmount(year=year, amount=value))
        return result


class MotionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Text file (.txt)"),
        required=False,
        help_text=_("Plain text, at most 1 MB (pasted text too)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    text = forms.CharField(
        label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(_("The file is too large: at most 1 MB."), code="too_large")
            data["motion_text"] = decode_motion_text(upload.read(MAX_UPLOAD_BYTES + 1))
        elif data.get("text", "").strip():
            encoded = data["text"].encode("utf-8")
            if len(encoded) > MAX_UPLOAD_BYTES:
                raise too_large_text()
            data["motion_text"] = decode_motion_text(encoded)
        else:
            raise ValidationError(_("Choose a text file or paste the text."), code="empty")
        return data


class MotionProposalForm(forms.Form):
    """The reader's proposal, editable; `text` carries the motion's text to the paper."""

    title = forms.CharField(label=_("Title"), max_length=500)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    date = forms.DateField(label=_("Date of the motion"), required=False, widget=_DATE)
    originators = ListField(
        label=_("Originators"),
        required=False,
        help_text=_("Short names of the factions, separated by commas (SPD, CDU, GRÜNE)."),
    )
    committee = forms.CharField(label=_("Committee"), max_length=300, required=False)
    meeting_date = forms.DateField(label=_("Meeting date"), required=False, widget=_DATE)
    cover = forms.CharField(
        label=_("Cover (Deckung)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    related_references = ListField(
        label=_("Related papers"),
        required=False,
        help_text=_("References, separated by commas; known papers are linked."),
    )
    text = forms.CharField(widget=forms.HiddenInput, required=False)


def paper_initial(paper: Paper) -> dict[str, Any]:
    """Initial values of the paper form for an existing paper."""
    return {
        "name": paper.name,
        "reference": paper.reference,
        "date": paper.date,
        "paper_type": paper.paper_type,
        "originators": list(paper.originators.all()),
        "cover": paper.cover,
        "related_references": [
            *(p.reference for p in paper.related_papers.all() if p.reference),
            *paper.related_references,
        ],
        "text": paper.text,
    }


class CouncilSettingsForm(forms.Form):
    """The municipality's council settings (`CouncilSettings`)."""

    persons = forms.BooleanField(
        label=_("Import and show the persons of the council"),
        required=False,
        help_text=_(
            "Persons and memberships of bodies and factions, where the OParl source "
            "publishes them. Off: they are not imported, and those imported are removed."
        ),
    )
