"""Forms of the budget pages. They validate input; the services write."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import formats
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ankunft.budget.bookings_import import FIELDS
from ankunft.budget.costs import full_cost_formula, normalize_pay_grade
from ankunft.budget.models import (
    FTE_MAX,
    BudgetLine,
    CostBasis,
    CostRate,
    Position,
    PositionFunding,
    StaffMember,
    fte_validators,
)
from ankunft.budget.nkf import PlanLine
from ankunft.budget.services.buy import (
    MAX_CASELOAD,
    MAX_YEAR,
    MIN_CASELOAD,
    MIN_YEAR,
    buy_question,
)
from ankunft.core.forms import limit_choices
from ankunft.core.locking import VersionField
from ankunft.core.parsing import parse_amount

FTE_LABEL = _("FTE")
YEAR_LABEL = _("Year")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AmountField(forms.DecimalField):
    """A money or FTE field that reads German input: "100.000", "1.234,56", "0,5"."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    # The stubs type DecimalField as an IntegerField and ignore the same override there.
    def to_python(self, value: Any | None) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            return parse_amount(str(value))
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return formats.number_format(value, use_l10n=True)
        return value


def money_field(label: str | Any, required: bool = True, **kw: Any) -> AmountField:
    return AmountField(label=label, required=required, max_digits=14, decimal_places=2, **kw)


def fte_field(label: str | Any = FTE_LABEL, required: bool = True, **kw: Any) -> AmountField:
    return AmountField(
        label=label,
        required=required,
        max_digits=4,
        decimal_places=2,
        validators=fte_validators(),
        help_text=_("Full-time equivalents: 1 = full time, 0,5 = half time."),
        **kw,
    )


def year_field(label: str | Any = YEAR_LABEL, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=1990, max_value=2100)


class BudgetLineForm(forms.Form):
    year = year_field(_("Budget year"))
    amount = money_field(_("Amount (EUR)"))
    purpose = forms.CharField(label=_("Purpose"), max_length=500)
    product_code = forms.RegexField(
        label=_("NKF product"),
        regex=r"^\d{6}$",
        initial="050101",
        help_text=_("Six digits: product area, group, product (050101)."),
        error_messages={"invalid": _("An NKF product code has six digits.")},
    )
    plan_line = forms.ChoiceField(
        label=_("Line of the Teilergebnisplan"),
        choices=PlanLine.choices,
        initial=PlanLine.PERSONNEL,
    )
    account = forms.CharField(label=_("Account (Sachkonto)"), max_length=20, required=False)
    cost_basis = forms.ChoiceField(
        label=_("Positions are charged at"), choices=CostBasis.choices, initial=CostBasis.FULL
    )
    cover_text = forms.CharField(
        label=_("Cover (Deckung)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cover_plan_line = forms.ChoiceField(
        label=_("Cover: line"), choices=[("", "–"), *PlanLine.choices], required=False
    )
    cover_product_code = forms.RegexField(
        label=_("Cover: NKF product"), regex=r"^\d{6}$", required=False
    )
    cover_amount = money_field(_("Cover: amount (EUR)"), required=False)

    @classmethod
    def initial_for(cls, line: BudgetLine) -> dict[str, Any]:
        return {name: getattr(line, name) for name in cls.base_fields}


class PositionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    pay_grade = forms.CharField(
        label=_("Pay grade (TVöD)"), max_length=8, help_text=_('e.g. "E 9b", "E 10", "S 12"')
    )
    fte = fte_field(initial=Decimal("1.00"))
    start = forms.DateField(label=_("From"), widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = VersionField()


class PositionCreateForm(PositionForm):
    version = None  # type: ignore[assignment]  # a new position has none yet
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s, label) for s, label in Position.Status.choices if s != Position.Status.FILLED],
        initial=Position.Status.PLANNED,
    )
    budget_lines = forms.ModelMultipleChoiceField(
        label=_("Funded by the budget lines"),
        queryset=BudgetLine.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, lines: QuerySet[BudgetLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "budget_lines", lines)

    @staticmethod
    def initial_from_query(query: Mapping[str, str]) -> dict[str, Any]:
        """Prefilled values from a link ("what does this buy", a budget line's page):
        `line`, `pay_grade`, `fte`, `start` (YYYY-MM-DD). What does not parse is left out."""
        initial: dict[str, Any] = {}
        if query.get("line", "").isdigit():
            initial["budget_lines"] = [query["line"]]
        with contextlib.suppress(ValueError):
            initial["pay_grade"] = normalize_pay_grade(query.get("pay_grade", "")[:8])
        try:
            fte = Decimal(query.get("fte", "")[:6])
            if Decimal("0.01") <= fte <= FTE_MAX:
                initial["fte"] = fte
        except InvalidOperation:
            pass
        with contextlib.suppress(ValueError):
            initial["start"] = dt.date.fromisoformat(query.get("start", "")[:10])
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("end") and data.get("start") and data["end"] < data["start"]:
            self.add_error("end", _("The end lies before the start."))
        return data


class PositionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s, label) for s, label in Position.Status.choices if s != Position.Status.FILLED],
    )
    date = forms.DateField(label=_("From"), widget=DateInput(), initial=dt.date.today)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class FillForm(forms.Form):
    """Fill a position: an existing staff member, or a new one by name."""

    staff_member = forms.ModelChoiceField(
        label=_("Staff member"), queryset=StaffMember.objects.none(), required=False
    )
    new_name = forms.CharField(
        label=_("or a new staff member: name"), max_length=200, required=False
    )
    new_personnel_number = forms.CharField(
        label=_("Personnel number"), max_length=40, required=False
    )
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    fte = fte_field(required=False)

    def __init__(
        self,
        *args: Any,
        members: QuerySet[StaffMember],
        position: Position | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "staff_member", members)
        self.fields["fte"].help_text = _("Empty: the position's full FTE.")
        if position is not None and position.end is not None:
            self.fields["end"].help_text = _("Empty: until the position ends (%(end)s).") % {
                "end": formats.date_format(position.end, "SHORT_DATE_FORMAT")
            }
        else:
            self.fields["end"].help_text = _("Empty: open-ended, until the position ends.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("end") and data.get("start") and data["end"] < data["start"]:
            self.add_error("end", _("The end lies before the start."))
        if not data.get("staff_member") and not (data.get("new_name") or "").strip():
            self.add_error("staff_member", _("Choose a staff member or enter a new one's name."))
        if data.get("staff_member") and (data.get("new_name") or "").strip():
            self.add_error("new_name", _("Either choose a staff member or enter a new one."))
        return data


class DateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())


class FundingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PositionFunding.Kind.choices)
    budget_line = forms.ModelChoiceField(
        label=_("Budget line"), queryset=BudgetLine.objects.none(), required=False
    )
    programme = forms.CharField(
        label=_("Programme or grant"), max_length=200, required=False, help_text=_("e.g. NRW KIM")
    )
    year = year_field(_("Only in year"), required=False)
    share_percent = AmountField(
        label=_("Share (%)"), required=False, max_digits=5, decimal_places=2
    )
    amount_per_fte_year = money_field(
        _("EUR per FTE and year"),
        required=False,
        help_text=_("A state programme without an amount: NRW KIM's 57.000 EUR."),
    )
    fixed_amount_per_year = money_field(_("Fixed EUR a year"), required=False)

    def __init__(self, *args: Any, lines: QuerySet[BudgetLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "budget_line", lines)


class StaffMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    personnel_number = forms.CharField(label=_("Personnel number"), max_length=40, required=False)


class CostRateForm(forms.Form):
    year = year_field()
    pay_grade = forms.CharField(label=_("Pay grade (TVöD)"), max_length=8)
    personnel_cost_eur = money_field(_("Personnel cost (EUR a year)"))
    full_cost_eur = money_field(
        _("Full cost (EUR a year)"),
        required=False,
        help_text=format_lazy(
            _("Empty: {formula} (KGSt)."), formula=lazy(full_cost_formula, str)()
        ),
    )
    hourly_rate_eur = AmountField(
        label=_("Hourly rate (EUR)"), required=False, max_digits=8, decimal_places=2
    )
    source = forms.CharField(label=_("Source"), max_length=300)
    status = forms.ChoiceField(
        label=_("Status"), choices=CostRate.Status.choices, initial=CostRate.Status.OWN
    )


class BuyForm(forms.Form):
    """The page's "what does this buy" question; the limits are those of the API and the
    command line (`services.buy.buy_question`)."""

    amount = money_field(_("Amount a year (EUR)"), initial=Decimal("100000"))
    year = forms.IntegerField(label=YEAR_LABEL, min_value=MIN_YEAR, max_value=MAX_YEAR)
    caseload = forms.IntegerField(
        label=_("Cases per full-time position"),
        min_value=MIN_CASELOAD,
        max_value=MAX_CASELOAD,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            buy_question(amount=data["amount"], year=data["year"], caseload=data.get("caseload"))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add_error(name, messages)
        return data


class SettingsForm(forms.Form):
    caseload_per_fte = forms.IntegerField(
        label=_("Cases per full-time position"), min_value=1, max_value=1000
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Export of the finance system (CSV or Excel)"),
        help_text=_(
            "CSV separated by ; , or tabs (UTF-8 or Windows-1252), or an Excel workbook "
            "(.xlsx); at most 20 MB and 100,000 rows."
        ),
    )


class MappingForm(forms.Form):
    """Which column of the file holds which field; optionally one line for all rows.

    The columns are not required here: a missing one is explained in words by the import
    ("The file has no column for Date …"), not as "This field is required." three times.
    """

    budget_line = forms.ModelChoiceField(
        label=_("Budget line for all rows"),
        queryset=BudgetLine.objects.none(),
        required=False,
        help_text=_("Empty: each booking goes to the line with its account in its year."),
    )
    allow_unassigned = forms.BooleanField(
        label=_("Import bookings without a budget line too"),
        required=False,
        help_text=_(
            "Without this, a booking whose account matches no budget line of its year is refused."
        ),
    )

    def __init__(
        self,
        *args: Any,
        header: list[str],
        lines: QuerySet[BudgetLine],
        guessed: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "–"), *[(h, h) for h in header if h]]
        for key, label in FIELDS.items():
            self.fields[key] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=guessed.get(key, "")
            )
        limit_choices(self, "budget_line", lines)
        self.order_fields([*FIELDS, "budget_line", "allow_unassigned"])

    def mapping(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key in FIELDS}
