"""Pages of the measures module: measures, concepts, indicators and their values, staff
time, fields of action and districts. Barriers are in `views_barriers.py`, the chain of a
decision in `views_chain.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ankunft.core import permissions
from ankunft.core.decorators import HtmxHttpRequest, actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.core.pagination import query_id
from ankunft.core.parsing import search_text
from ankunft.core.tabular import RowsRefusedError, TableError
from ankunft.measures import funding, lookups, selectors, services
from ankunft.measures import indicator_import as indicator_import_module
from ankunft.measures.forms import (
    AllocationForm,
    ConceptForm,
    FieldOfActionForm,
    IndicatorForm,
    IndicatorImportForm,
    IndicatorValueForm,
    MeasureForm,
)
from ankunft.measures.funding import may_see_money
from ankunft.measures.indicator_import import indicator_values_import
from ankunft.measures.models import Measure

VIEW, EDIT = "measures.view", "measures.edit"


_int = query_id


# Measures -----------------------------------------------------------------------------------


@permission_required(VIEW)
def measure_list(request: HtmxHttpRequest) -> HttpResponse:
    user = actor(request)
    filters: dict[str, Any] = {
        "concept_id": _int(request.GET.get("concept")),
        "field_of_action_id": _int(request.GET.get("field")),
        "district_id": _int(request.GET.get("district")),
        "status": request.GET.get("status", "")
        if request.GET.get("status") in Measure.Status.values
        else "",
        "query": search_text(request.GET.get("q", ""), limit=100),
    }
    context = {
        "measures": selectors.measure_list(actor=user, **filters),
        "filters": filters,
        "concepts": selectors.concept_list(actor=user),
        "fields_of_action": selectors.field_of_action_list(actor=user),
        "districts": selectors.district_list(actor=user),
        "statuses": Measure.Status.choices,
        "can_edit": permissions.has_perm(user, EDIT),
    }
    template = "measures/_measure_results.html" if request.htmx else "measures/measure_list.html"
    return render(request, template, context)


@permission_required(VIEW)
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    measure = selectors.measure_get(actor=user, pk=pk)
    can_edit = permissions.has_perm(user, EDIT)
    context = {
        "measure": measure,
        "funding": funding.measure_funding(actor=user, measure=measure),
        "indicators": [selectors.indicator_status(i) for i in measure.indicators.all()],
        "can_edit": can_edit,
        "allocation_form": AllocationForm(
            positions=lookups.position_choices(actor=user), show_money=may_see_money(user)
        )
        if can_edit
        else None,
    }
    return render(request, "measures/measure_detail.html", context)


def _measure_form(request: HttpRequest, instance: Measure | None) -> MeasureForm:
    user = actor(request)
    return MeasureForm(
        request.POST or None,
        instance=instance,
        choices={
            "concept": selectors.concept_list(actor=user),
            "fields_of_action": selectors.field_of_action_list(actor=user),
            "districts": selectors.district_list(actor=user),
            "decisions": lookups.decision_choices(actor=user),
            "budget_lines": lookups.budget_line_choices(actor=user),
            "positions": lookups.position_choices(actor=user),
        },
    )


def _save_measure(request: HttpRequest, form: MeasureForm, measure: Measure | None) -> Measure:
    user = actor(request)
    data = dict(form.cleaned_data)
    names = data.pop("partner_list")
    data.pop("partner_names", None)
    data["partners"] = [services.partner_ensure(actor=user, name=n) for n in names]
    if measure is None:
        return services.measure_create(actor=user, **data)
    return services.measure_update(actor=user, measure=measure, **data)


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = actor(request)
    measure = selectors.measure_get(actor=user, pk=pk) if pk else None
    form = _measure_form(request, measure)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_measure(request, form, measure)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Measure saved."))
            return redirect("measures:measure_detail", saved.pk)
    return render(request, "measures/measure_form.html", {"form": form, "measure": measure})


@permission_required(EDIT)
@require_POST
def allocation_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    measure = selectors.measure_get(actor=user, pk=pk)
    form = AllocationForm(
        request.POST,
        positions=lookups.position_choices(actor=user),
        show_money=may_see_money(user),
    )
    if form.is_valid():
        try:
            services.staff_allocation_create(actor=user, measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Staff time allocated."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    return redirect("measures:measure_detail", measure.pk)


@permission_required(EDIT)
@require_POST
def allocation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    allocation = lookups.allocation_get(actor=user, pk=pk)
    services.staff_allocation_delete(actor=user, allocation=allocation)
    messages.success(request, _("Allocation removed."))
    return redirect("measures:measure_detail", allocation.measure_id)


# Concepts -----------------------------------------------------------------------------------


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def concept_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    concepts = selectors.concept_list(actor=user)
    can_edit = permissions.has_perm(user, EDIT)
    form = ConceptForm(request.POST or None, concepts=concepts) if can_edit else None
    if request.method == "POST":
        permissions.require(user, EDIT)
        assert form is not None  # noqa: S101 - editors always get a form
        if form.is_valid():
            try:
                services.concept_create(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Concept saved."))
                return redirect("measures:concept_list")
    context = {"concepts": concepts, "form": form, "can_edit": can_edit}
    return render(request, "measures/concept_list.html", context)


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def concept_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    concept = selectors.concept_get(actor=user, pk=pk)
    form = ConceptForm(
        request.POST or None, instance=concept, concepts=selectors.concept_list(actor=user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.concept_update(actor=user, concept=concept, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Concept saved."))
            return redirect("measures:concept_list")
    return render(request, "measures/concept_form.html", {"form": form, "concept": concept})


# Indicators ---------------------------------------------------------------------------------


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def indicator_edit(
    request: HttpRequest, measure_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    user = actor(request)
    indicator = selectors.indicator_get(actor=user, pk=pk) if pk else None
    measure = (
        indicator.measure if indicator else selectors.measure_get(actor=user, pk=measure_pk or 0)
    )
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            if indicator is None:
                indicator = services.indicator_create(
                    actor=user, measure=measure, **form.cleaned_data
                )
            else:
                services.indicator_update(actor=user, indicator=indicator, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("measures:indicator_detail", indicator.pk)
    context = {"form": form, "indicator": indicator, "measure": measure}
    return render(request, "measures/indicator_form.html", context)


def _indicator_context(request: HttpRequest, pk: int, form: Any = None) -> dict[str, Any]:
    user = actor(request)
    indicator = selectors.indicator_get(actor=user, pk=pk)
    can_edit = permissions.has_perm(user, EDIT)
    if form is None and can_edit:
        form = IndicatorValueForm(indicator=indicator)
    return {
        "indicator": indicator,
        "status": selectors.indicator_status(indicator),
        "values": list(reversed(indicator.values.all())),
        "form": form,
        "can_edit": can_edit,
    }


@permission_required(VIEW)
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "measures/indicator_detail.html", _indicator_context(request, pk))


@permission_required(EDIT)
@require_POST
def indicator_value_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Record a value; htmx swaps in the refreshed values block, plain POSTs redirect."""
    user = actor(request)
    indicator = selectors.indicator_get(actor=user, pk=pk)
    form: IndicatorValueForm | None = IndicatorValueForm(request.POST, indicator=indicator)
    saved = False
    if form is not None and form.is_valid():
        services.indicator_value_record(actor=user, indicator=indicator, **form.cleaned_data)
        saved = True
        form = None
    if not request.htmx and saved:
        messages.success(request, _("Value saved."))
        return redirect("measures:indicator_detail", pk)
    context = _indicator_context(request, pk, form)
    context["saved"] = saved
    if request.htmx:
        # htmx swaps only 2xx answers, so errors come back as 200 with the form's messages.
        return render(request, "measures/_indicator_values.html", context)
    return render(request, "measures/indicator_detail.html", context, status=400)


@permission_required(EDIT)
@require_POST
def indicator_value_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    value = selectors.indicator_value_get(actor=user, pk=pk)
    services.indicator_value_delete(actor=user, value=value)
    messages.success(request, _("Value removed."))
    return redirect("measures:indicator_detail", value.indicator_id)


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def indicator_import(request: HttpRequest) -> HttpResponse:
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Refused before the file is read into memory.
            indicator_import_module.LIMITS.check_size(upload.size)
            result = indicator_values_import(
                actor=actor(request),
                content=upload.read(),
                replace=form.cleaned_data["replace"],
            )
        except RowsRefusedError as exc:
            errors = list(exc.problems)
        except TableError as exc:
            errors = list(exc.messages)
        else:
            messages.success(
                request,
                _("Imported: %(created)s new values, %(updated)s replaced.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("measures:indicator_import")
    status = 400 if errors else 200
    context = {"form": form, "errors": errors, "example": indicator_import_module.EXAMPLE}
    return render(request, "measures/indicator_import.html", context, status=status)


# Fields of action and districts ----------------------------------------------------------


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def field_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    can_edit = permissions.has_perm(user, EDIT)
    form = FieldOfActionForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        permissions.require(user, EDIT)
        assert form is not None  # noqa: S101 - editors always get a form
        if form.is_valid():
            try:
                services.field_of_action_create(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Field of action saved."))
                return redirect("measures:field_list")
    context = {
        "fields": selectors.field_of_action_list(actor=user),
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "measures/field_list.html", context)


@permission_required(VIEW)
def district_tree(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "measures/district_tree.html",
        {"roots": selectors.district_tree(actor=actor(request))},
    )
