"""Budget pages: overview, budget lines, execution per decision, the cost table and
"what does this buy". Positions are in `views_positions.py`, bookings in
`views_bookings.py`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ankunft.budget import selectors, services
from ankunft.budget.costs import BuyResult, shipped_rates
from ankunft.budget.forms import BudgetLineForm, BuyForm, CostRateForm, SettingsForm
from ankunft.budget.services.buy import position_proposals
from ankunft.core import permissions
from ankunft.core.decorators import HtmxHttpRequest, actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.core.pagination import page_request


@permission_required("budget.view")
def index(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    context = {
        "lines": selectors.budget_line_list(actor=user),
        "decisions": selectors.decision_list(actor=user),
        "may_edit": permissions.has_perm(user, "budget.edit"),
    }
    return render(request, "budget/index.html", context)


@permission_required("budget.view")
def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    line = selectors.budget_line_get(actor=user, pk=pk)
    page = selectors.booking_page(actor=user, page=page_request(request), budget_line=line)
    context = {
        "line": line,
        "positions": selectors.position_list(actor=user, budget_line=line),
        "history": selectors.budget_line_history(actor=user, line=line),
        "bookings": page.items,
        "page": page,
        "may_edit": permissions.has_perm(user, "budget.edit"),
    }
    return render(request, "budget/line_detail.html", context)


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def line_create(request: HttpRequest) -> HttpResponse:
    form = BudgetLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.budget_line_create(actor=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Budget line saved."))
            return redirect(line)
    return render(request, "budget/line_form.html", {"form": form, "line": None})


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    line = selectors.budget_line_get(actor=user, pk=pk)
    form = BudgetLineForm(request.POST or None, initial=BudgetLineForm.initial_for(line))
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_update(actor=user, line=line, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Budget line saved."))
            return redirect(line)
    return render(request, "budget/line_form.html", {"form": form, "line": line})


@permission_required("budget.view")
def execution(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    decision = selectors.decision_get(actor=user, pk=pk)
    years = selectors.execution_for_decision(actor=user, decision=decision)
    positions = selectors.position_list_for_decision(actor=user, decision=decision)
    context = {
        "decision": decision,
        "years": years,
        "positions": positions,
        "today": selectors.today(),
    }
    return render(request, "budget/execution.html", context)


@permission_required("budget.view")
def buy(request: HtmxHttpRequest) -> HttpResponse:
    user = actor(request)
    data = request.GET if "amount" in request.GET else None
    form = BuyForm(data, initial={"year": selectors.today().year})
    result = None
    if form.is_valid():
        result = selectors.buy(
            actor=user,
            amount=form.cleaned_data["amount"],
            year=form.cleaned_data["year"],
            caseload=form.cleaned_data["caseload"],
        )
    may_edit = permissions.has_perm(user, "budget.edit")
    context: dict[str, Any] = {
        "form": form,
        "result": result,
        "may_edit": may_edit,
        "create_links": _position_links(result) if result and may_edit else {},
    }
    if request.htmx:
        return render(request, "budget/_buy_result.html", context)
    context["caseload_default"] = selectors.caseload_per_fte(municipality_id=user.municipality_id)
    return render(request, "budget/buy.html", context)


def _position_links(result: BuyResult) -> dict[str, tuple[str, Decimal]]:
    """Per pay grade: the position-create form prefilled with what the answer suggests."""
    links = {}
    for grade, (fte, start) in position_proposals(result).items():
        query = urlencode({"pay_grade": grade, "fte": f"{fte:.2f}", "start": start.isoformat()})
        links[grade] = (f"{reverse('budget:position_create')}?{query}", fte)
    return links


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    current = selectors.caseload_per_fte(municipality_id=user.municipality_id)
    form = SettingsForm(request.POST or None, initial={"caseload_per_fte": current})
    if request.method == "POST" and form.is_valid():
        services.budget_settings_update(actor=user, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("budget:buy")
    return render(request, "budget/settings_form.html", {"form": form})


@permission_required("budget.view")
def cost_rates(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    rates = selectors.cost_rate_list(actor=user)
    context = {
        "rates": rates,
        "shipped": shipped_rates(),
        "may_edit": permissions.has_perm(user, "budget.edit_costs"),
    }
    return render(request, "budget/cost_rate_list.html", context)


@permission_required("budget.edit_costs")
@require_http_methods(["GET", "POST"])
def cost_rate_create(request: HttpRequest) -> HttpResponse:
    form = CostRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_rate_create(actor=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Cost rate saved."))
            return redirect("budget:cost_rates")
    return render(request, "budget/cost_rate_form.html", {"form": form, "rate": None})


@permission_required("budget.edit_costs")
@require_http_methods(["GET", "POST"])
def cost_rate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    rate = selectors.cost_rate_get(actor=user, pk=pk)
    initial = {name: getattr(rate, name) for name in CostRateForm.base_fields}
    form = CostRateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_rate_update(actor=user, rate=rate, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Cost rate saved."))
            return redirect("budget:cost_rates")
    return render(request, "budget/cost_rate_form.html", {"form": form, "rate": rate})


@permission_required("budget.edit_costs")
@require_POST
def cost_rates_adopt(request: HttpRequest) -> HttpResponse:
    created, updated = services.cost_rates_load(actor=actor(request), rates=shipped_rates())
    messages.success(
        request,
        _("Shipped cost table adopted: %(created)d new, %(updated)d replaced.")
        % {"created": created, "updated": updated},
    )
    return redirect("budget:cost_rates")
