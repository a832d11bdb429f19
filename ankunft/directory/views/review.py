"""The KI's review of providers' changes, with a diff of what would change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ankunft.core.decorators import actor, permission_required
from ankunft.core.pagination import page_for_request
from ankunft.core.permissions import can
from ankunft.directory import access, services
from ankunft.directory.forms import DecisionForm
from ankunft.directory.models import OfferChange, Status
from ankunft.directory.models.choices import language_name
from ankunft.directory.selectors import staff as selectors
from ankunft.directory.services.review import approval_effects


@permission_required(access.VIEW)
def change_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", OfferChange.State.PENDING)
    if state not in OfferChange.State.values:
        state = OfferChange.State.PENDING
    user = actor(request)
    changes = selectors.change_list(actor=user, state=state)
    page = page_for_request(changes, request, keys=selectors.CHANGE_KEYS)
    # Providers' details: a list of its own, paged on its own (decided ones add up).
    provider_page = page_for_request(
        selectors.provider_change_list(actor=user, state=state),
        request,
        keys=selectors.CHANGE_KEYS,
        cursor_param="provider_after",
    )
    return render(
        request,
        "directory/review_list.html",
        {
            "page": page,
            "changes": page.items,
            "state": state,
            "states": OfferChange.State.choices,
            "provider_page": provider_page,
            "provider_changes": provider_page.items,
        },
    )


@permission_required(access.VIEW)
@require_http_methods(["GET", "POST"])
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    change = selectors.change_get(actor=user, pk=pk)
    offer = selectors.offer_get(actor=user, uuid=str(change.offer.uuid))
    form = DecisionForm(request.POST or None)
    may_decide = can(user, access.MANAGE, offer) and change.state == OfferChange.State.PENDING
    if request.method == "POST" and may_decide and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if "approve" in request.POST:
                services.offer_change_approve(actor=user, change=change, note=note)
                if change.data.get("status") == Status.ARCHIVED:
                    messages.success(request, _("Approved: the offer is offline now."))
                else:
                    messages.success(request, _("Change approved and published."))
            else:
                services.offer_change_reject(actor=user, change=change, note=note)
                messages.success(request, _("Change refused; the provider sees your note."))
        except ValidationError as exc:
            form.add_error("note", exc.messages)
        else:
            return redirect("directory:review_list")
    source = next(
        (t for t in offer.translations.all() if t.language == offer.source_language), None
    )
    effects = approval_effects(offer, change)
    return render(
        request,
        "directory/review_detail.html",
        {
            "change": change,
            "offer": offer,
            "title": source.title if source else str(offer),
            "rows": selectors.change_compare(actor=user, change=change, offer=offer),
            "effects": effects,
            "outdated_names": [language_name(code) for code in effects.outdated],
            "form": form,
            "may_decide": may_decide,
            "stale": change.base_revision != offer.revision,
        },
    )
