"""Providers (KI: all; a provider account: its own organisation) and directory settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ankunft.core.decorators import actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.core.pagination import page_for_request
from ankunft.core.permissions import can
from ankunft.directory import access, services
from ankunft.directory.forms import DecisionForm, ProviderForm, SettingsForm
from ankunft.directory.models import OfferChange
from ankunft.directory.selectors import staff as selectors


@permission_required(access.MANAGE)
@require_http_methods(["GET", "POST"])
def provider_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Provider created."))
            return redirect("directory:provider_detail", pk=provider.pk)
    page = page_for_request(
        selectors.provider_list(actor=user), request, keys=selectors.PROVIDER_KEYS
    )
    return render(
        request,
        "directory/provider_list.html",
        {"providers": page.items, "page": page, "form": form},
    )


@permission_required(access.EDIT)
@require_http_methods(["GET", "POST"])
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The provider's details: saved at once by the KI; a provider account's change waits
    for review while the public directory shows the provider. The pending change is shown
    with its diff (and decided here by the KI), decided ones as the provider's history."""
    user = actor(request)
    provider = selectors.provider_get(actor=user, pk=pk)
    changes = selectors.provider_changes_of(actor=user, provider=provider)
    pending = next((c for c in changes if c.state == OfferChange.State.PENDING), None)
    may_decide = pending is not None and can(user, access.MANAGE, provider)
    deciding = request.method == "POST" and "decision" in request.POST
    if deciding and pending is None:
        messages.error(request, _("This change has already been decided."))
        return redirect("directory:provider_detail", pk=provider.pk)
    if deciding and not may_decide:
        raise PermissionDenied
    needs_review = services.provider_needs_review(user, provider)
    # A provider account edits on from its pending proposal (a second save replaces it).
    initial = services.proposed_values(pending) if pending and needs_review else None
    form = ProviderForm(
        None if deciding else (request.POST or None), instance=provider, initial=initial
    )
    decision = DecisionForm(request.POST if deciding else None)
    if deciding and pending is not None and decision.is_valid():
        note = decision.cleaned_data["note"]
        try:
            if request.POST["decision"] == "approve":
                services.provider_change_approve(actor=user, change=pending, note=note)
                messages.success(request, _("Change approved: the public pages show it now."))
            else:
                services.provider_change_reject(actor=user, change=pending, note=note)
                messages.success(request, _("Change refused; the provider sees your note."))
        except ValidationError as exc:
            decision.add_error("note", exc.messages)
        else:
            return redirect("directory:provider_detail", pk=provider.pk)
    elif request.method == "POST" and not deciding and form.is_valid():
        try:
            change = services.provider_update(actor=user, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            if change is not None:
                messages.success(
                    request,
                    _("Thank you. Your change will be shown publicly after review by the KI."),
                )
            else:
                messages.success(request, _("Provider saved."))
            return redirect("directory:provider_detail", pk=provider.pk)
    return render(
        request,
        "directory/provider_detail.html",
        {
            "provider": provider,
            "form": form,
            "pending": pending,
            "rows": selectors.provider_change_compare(pending) if pending else [],
            "history": [c for c in changes if c is not pending],
            "decision": decision,
            "may_decide": may_decide,
            "needs_review": needs_review,
        },
    )


@permission_required(access.MANAGE)
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    current = selectors.settings_get(user.municipality_id)
    initial = {
        "tile_url": current.tile_url,
        "tile_attribution": current.tile_attribution,
        "review_interval_days": current.review_interval_days,
        "review_provider_changes": current.review_provider_changes,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.directory_settings_update(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("directory:settings")
    return render(request, "directory/settings.html", {"form": form})
