"""Core pages: start, staff, audit log, register of fields, API tokens, health."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ankunft.core import classification, selectors, services
from ankunft.core.decorators import actor, permission_required
from ankunft.core.forms import ApiTokenForm, AuditFilterForm
from ankunft.core.models import ApiToken, Role


@permission_required("core.view_home")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@permission_required("core.view_staff")
def staff_list(request: HttpRequest) -> HttpResponse:
    users = selectors.staff_list_audited(actor=actor(request))
    return render(request, "core/staff_list.html", {"users": users})


@permission_required("core.view_staff")
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.staff_get(actor=actor(request), pk=pk)
    return render(request, "core/staff_detail.html", {"person": person})


@permission_required("core.view_audit")
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entry_list(actor=actor(request), **filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.audit_entries_labelled(
        actor=actor(request), entries=list(page.object_list)
    )
    context = {"form": form, "page": page}
    # htmx asks for the results only when a filter changes.
    template = "core/_audit_results.html" if request.htmx else "core/audit_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@permission_required("core.view_data_register")
def data_register(request: HttpRequest) -> HttpResponse:
    rows = []
    reg = classification.register()
    for model in classification.classified_models():
        declared = reg.get(model._meta.label_lower, {})
        for name in classification.model_fields(model):
            data_class = classification.field_class(model, name)
            rows.append(
                {
                    "model": model._meta.verbose_name,
                    "label": model._meta.label_lower,
                    "field": name,
                    "data_class": data_class,
                    "declared": name in declared or name == "id",
                    "retention": classification.RETENTION[data_class].description,
                }
            )
    return render(request, "core/data_register.html", {"rows": rows})


@permission_required("core.use_api_tokens")
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_create(
            user=actor(request),
            name=form.cleaned_data["name"],
        )
        messages.success(request, _("Token created. Copy it now: it is shown only once."))
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=actor(request))
    return render(
        request, "core/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@permission_required("core.use_api_tokens")
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if services.api_token_revoke(user=actor(request), token_id=pk):
        messages.success(request, _("Token revoked."))
    return redirect("core:api_tokens")


@login_not_required
@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness: always 200 while the process runs. Anyone learns `ok` or `degraded`; the
    version and the database's details only a logged-in operator."""
    return JsonResponse(_health_for(request))


@login_not_required
@require_GET
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: 503 when the database cannot be reached (details as for `/health`)."""
    status = selectors.health_status()
    return JsonResponse(
        _health_for(request, status), status=200 if status["database"]["ok"] else 503
    )


def _health_for(request: HttpRequest, status: dict[str, Any] | None = None) -> dict[str, Any]:
    status = selectors.health_status() if status is None else status
    user = request.user
    if user.is_authenticated and getattr(user, "role", None) == Role.OPERATOR:
        return status
    return {"status": status["status"]}
