"""Core pages: site root and start, staff, audit log, register of fields, API tokens,
municipalities (operators), health."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ankunft.core import classification, dashboard, permissions, roles, selectors, services
from ankunft.core.decorators import HtmxHttpRequest, actor, permission_required
from ankunft.core.forms import (
    ApiTokenForm,
    AuditFilterForm,
    MunicipalityForm,
    RoleForm,
    form_errors,
)
from ankunft.core.models import ApiToken, Role, RoleDefinition
from ankunft.core.pagination import page_for_request, page_request


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The site root: the start page for staff, the public directory for everyone else."""
    if request.user.is_authenticated:
        permissions.require(request.user, "core.view_home")
        return render(request, "core/home.html", {"panels": dashboard.panels_for(actor(request))})
    return _public_root(request)


def _public_root(request: HttpRequest) -> HttpResponse:
    """One municipality: straight to its directory (in the visitor's language); several or
    none: a small page to choose, with the staff login."""
    lang = request.GET.get("lang", "")
    query = f"?{urlencode({'lang': lang})}" if lang in dict(settings.LANGUAGES) else ""
    municipalities = selectors.public_municipalities()
    try:
        links = [
            (m, reverse("directory:start", kwargs={"municipality": m.slug}) + query)
            for m in municipalities
        ]
    except NoReverseMatch:  # no public directory installed: staff only
        links = []
    if len(links) == 1:
        return redirect(links[0][1])
    response = render(request, "core/public_root.html", {"links": links})
    response["Vary"] = "Accept-Language, Cookie"
    return response


@permission_required("core.view_staff")
def staff_list(request: HttpRequest) -> HttpResponse:
    page = selectors.staff_list_audited(actor=actor(request), page=page_request(request))
    return render(request, "core/staff_list.html", {"users": page.items, "page": page})


@permission_required("core.view_staff")
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.staff_get(actor=actor(request), pk=pk)
    can_end = permissions.has_perm(actor(request), "core.manage_staff")
    return render(request, "core/staff_detail.html", {"person": person, "can_end": can_end})


@require_POST
@permission_required("core.manage_staff")
def staff_end_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    ended = services.staff_sessions_end(actor=actor(request), pk=pk)
    messages.success(request, _("Sessions ended: %(n)d.") % {"n": ended})
    return redirect("core:staff_detail", pk=pk)


@permission_required("core.view_audit")
def audit_list(request: HtmxHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entry_list(actor=actor(request), **filters)
    page = page_for_request(entries.select_related("actor"), request, keys=("-at", "-id"))
    selectors.audit_entries_labelled(actor=actor(request), entries=page.items)  # labels in place
    context = {"form": form, "page": page}
    # htmx asks for the results only when a filter changes.
    template = "core/_audit_results.html" if request.htmx else "core/audit_list.html"
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


@permission_required("core.manage_municipalities")
@require_http_methods(["GET", "POST"])
def municipality_list(request: HttpRequest) -> HttpResponse:
    """Operators: the municipalities, and a form to set up another one."""
    form = MunicipalityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            municipality = services.municipality_create(
                actor=actor(request),
                name=data["name"],
                slug=data["slug"],
                official_key=data["official_key"],
                languages=data["content_languages"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _("The municipality %(name)s is set up. Next: its first accounts.")
                % {"name": municipality.name},
            )
            return redirect("core:municipality_list")
    municipalities = selectors.municipality_list(actor=actor(request))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "core/municipality_list.html",
        {"form": form, "municipalities": municipalities},
        status=status,
    )


@permission_required(roles.MANAGE)
def role_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/role_list.html", {"rows": roles.role_rows(actor=actor(request))})


def _permission_choices(user: Any) -> list[tuple[str, str]]:
    allowed = roles.grantable(user)
    return [
        (p.name, f"{p.description} ({p.name})")
        for p in sorted(permissions.all_permissions().values(), key=lambda p: p.name)
        if p.name in allowed
    ]


def _kept(record: RoleDefinition | None, user: Any) -> list[str]:
    """Permissions of the role the editor does not hold: shown, kept, not editable."""
    if record is None:
        return []
    allowed = roles.grantable(user)
    known = permissions.all_permissions()
    return [
        str(known[n].description) for n in record.permissions if n in known and n not in allowed
    ]


@permission_required(roles.MANAGE)
@require_http_methods(["GET", "POST"])
def role_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = RoleForm(request.POST or None, choices=_permission_choices(user))
    if request.method == "POST" and form.is_valid():
        try:
            roles.role_create(
                actor=user,
                key=form.cleaned_data["key"],
                name=form.cleaned_data["name"],
                permission_names=form.cleaned_data["permissions"],
                requires_mfa=form.cleaned_data["requires_mfa"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Role created."))
            return redirect("core:role_list")
    return render(request, "core/role_form.html", {"form": form, "record": None, "kept": []})


@permission_required(roles.MANAGE)
@require_http_methods(["GET", "POST"])
def role_edit(request: HttpRequest, key: str) -> HttpResponse:
    user = actor(request)
    record = roles.role_get(actor=user, key=key)
    initial = {
        "key": record.key,
        "name": record.label,
        "permissions": record.permissions,
        "requires_mfa": record.requires_mfa,
    }
    form = RoleForm(request.POST or None, initial=initial, choices=_permission_choices(user))
    form.fields["key"].disabled = True
    form.fields["name"].disabled = record.is_default
    if request.method == "POST" and form.is_valid():
        try:
            roles.role_update(
                actor=user,
                record=record,
                name=None if record.is_default else form.cleaned_data["name"],
                permission_names=form.cleaned_data["permissions"],
                requires_mfa=form.cleaned_data["requires_mfa"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Role saved."))
            return redirect("core:role_list")
    context = {
        "form": form,
        "record": record,
        "kept": _kept(record, user),
        "own": record.key == user.role,
    }
    return render(request, "core/role_form.html", context)


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
