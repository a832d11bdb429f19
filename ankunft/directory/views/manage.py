"""Staff and provider pages: start page, offers, texts, history, translation queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ankunft.core.decorators import actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.core.locking import ConflictError, keep_input
from ankunft.core.pagination import page_for_request
from ankunft.core.parsing import search_text
from ankunft.core.permissions import can
from ankunft.directory import access, panels, plain_language, services
from ankunft.directory.forms import OfferForm, TextsForm
from ankunft.directory.models import OfferTranslation, Status
from ankunft.directory.models.choices import language_name
from ankunft.directory.offer_data import TEXT_FIELDS
from ankunft.directory.present import is_outdated
from ankunft.directory.selectors import staff as selectors
from ankunft.directory.services.offers import needs_review


def _next_or(request: HttpRequest, default: str) -> str:
    """The form's `next` page when it is one of this site's, else `default`: never a
    redirect to another site (an open redirect)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@permission_required(access.VIEW)
def home(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    return render(
        request,
        "directory/manage_home.html",
        {
            "panels": panels.panels_for(user),
            "may_edit": can(user, access.EDIT),
            "may_manage": can(user, access.MANAGE),
            "may_translate": can(user, access.TRANSLATE),
        },
    )


@permission_required(access.VIEW)
def offer_list(request: HttpRequest) -> HttpResponse:
    offers = selectors.offer_list(
        actor=actor(request),
        query=search_text(request.GET.get("q", ""), limit=100),
        status=request.GET.get("status", ""),
        due_only=request.GET.get("due") == "1",
    )
    page = page_for_request(offers, request, keys=selectors.OFFER_KEYS)
    return render(
        request,
        "directory/offer_list.html",
        {"page": page, "statuses": Status.choices, "may_edit": can(actor(request), access.EDIT)},
    )


@permission_required(access.EDIT)
@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = OfferForm(
        request.POST or None, actor=user, initial={"access": "walk_in", "cost": "free"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(actor=user, data=form.data_object(), texts=form.texts())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Offer saved as a draft."))
            return redirect("directory:offer_detail", uuid=offer.uuid)
    return render(request, "directory/offer_form.html", {"form": form, "offer": None, "hints": []})


@permission_required(access.VIEW)
def offer_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user = actor(request)
    offer = selectors.offer_get(actor=user, uuid=uuid)
    texts = {t.language: t for t in offer.translations.all()}
    languages = [
        {
            "code": code,
            "name": language_name(code),
            "text": texts.get(code),
            "source": code == offer.source_language,
            "outdated": code in texts and is_outdated(offer, texts[code]),
        }
        for code in offer.municipality.content_languages
    ]
    pending = selectors.change_list(actor=user).filter(offer=offer).first()
    return render(
        request,
        "directory/offer_detail.html",
        {
            "offer": offer,
            "source": texts.get(offer.source_language),
            "languages": languages,
            "pending": pending,
            "may_edit": can(user, access.EDIT, offer),
            "may_manage": can(user, access.MANAGE, offer),
            "may_translate": can(user, access.TRANSLATE, offer),
            "archive_needs_review": needs_review(user, offer),
            "statuses": Status.choices,
        },
    )


@permission_required(access.EDIT)
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    user = actor(request)
    offer = selectors.offer_get(actor=user, uuid=uuid, permission=access.EDIT)
    form = OfferForm(request.POST or None, actor=user, offer=offer)
    conflict: ConflictError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            change = services.offer_update(
                actor=user,
                offer=offer,
                data=form.data_object(),
                texts=form.texts(),
                minor=bool(form.cleaned_data.get("minor")),
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            keep_input(form, exc)
            conflict = exc
        else:
            if change is not None:
                messages.success(
                    request, _("Thank you. Your change will be published after review by the KI.")
                )
            else:
                messages.success(request, _("Offer saved."))
            return redirect("directory:offer_detail", uuid=offer.uuid)
    text = form.data.get("description") if form.is_bound else form.initial.get("description", "")
    return render(
        request,
        "directory/offer_form.html",
        {
            "form": form,
            "offer": offer,
            "hints": plain_language.hints(str(text or ""), offer.source_language),
            "needs_review": needs_review(user, offer),
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@permission_required(access.EDIT)
@require_POST
def offer_status(request: HttpRequest, uuid: str) -> HttpResponse:
    user = actor(request)
    offer = selectors.offer_get(actor=user, uuid=uuid, permission=access.EDIT)
    status = request.POST.get("status", "")
    try:
        result = services.offer_set_status(actor=user, offer=offer, status=status)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if result.status == status:
            messages.success(request, _("Status changed."))
        elif status == Status.PUBLISHED:
            messages.success(request, _("Publication requested. The KI will review the offer."))
        else:
            messages.success(
                request,
                _(
                    "Request sent: the KI will review taking the offer offline. "
                    "Until then it stays in the public directory."
                ),
            )
    return redirect("directory:offer_detail", uuid=offer.uuid)


@permission_required(access.EDIT)
@require_POST
def offer_confirm(request: HttpRequest, uuid: str) -> HttpResponse:
    user = actor(request)
    offer = selectors.offer_get(actor=user, uuid=uuid, permission=access.EDIT)
    services.offer_confirm_current(actor=user, offer=offer)
    messages.success(request, _("Thank you. The offer is marked as current."))
    return redirect(_next_or(request, "directory:manage"))


@permission_required(access.TRANSLATE)
@require_http_methods(["GET", "POST"])
def translation_edit(request: HttpRequest, uuid: str, language: str) -> HttpResponse:
    user = actor(request)
    offer = selectors.offer_get(actor=user, uuid=uuid, permission=access.TRANSLATE)
    texts = {t.language: t for t in offer.translations.all()}
    source = texts.get(offer.source_language)
    current: OfferTranslation | None = texts.get(language)
    initial = {f: getattr(current, f) for f in TEXT_FIELDS} if current else {}
    form = TextsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_translation_save(
                actor=user, offer=offer, language=language, texts=form.texts()
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Translation saved."))
            return redirect(_next_or(request, "directory:translation_queue"))
    return render(
        request,
        "directory/translation_form.html",
        {
            "offer": offer,
            "source": source,
            "current": current,
            "outdated": current is not None and is_outdated(offer, current),
            "form": form,
            "language": language,
            "language_name": language_name(language),
            "rtl": language in {"ar", "fa"},
        },
    )


@permission_required(access.VIEW)
def offer_history(request: HttpRequest, uuid: str) -> HttpResponse:
    user = actor(request)
    offer = selectors.offer_get(actor=user, uuid=uuid)
    revisions = selectors.revision_list(actor=user, offer=offer)
    for r in revisions:
        texts = r.data.get("texts", {})
        # For the template only, beside the revision's fields.
        r.__dict__["title_then"] = texts.get(offer.source_language, {}).get("title", "")
    return render(request, "directory/offer_history.html", {"offer": offer, "revisions": revisions})


@permission_required(access.VIEW)
@require_POST
def plain_language_hints(request: HttpRequest) -> HttpResponse:
    """htmx: hints for the text being typed."""
    found = plain_language.hints(
        request.POST.get("description", "")[:6000], request.POST.get("hint_language", "de")
    )
    return render(request, "directory/_hints.html", {"hints": found})


@permission_required(access.TRANSLATE)
def translation_queue(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    counts = selectors.translation_counts(actor=user)
    languages = [c.language for c in counts]
    to_do = [c.language for c in counts if c.missing or c.outdated]
    language = request.GET.get("language") or (to_do or languages or ["en"])[0]
    if language not in languages:
        language = languages[0] if languages else "en"
    queue = selectors.translation_queue(actor=user, language=language)
    page = page_for_request(queue, request, keys=selectors.QUEUE_KEYS)
    return render(
        request,
        "directory/translation_queue.html",
        {
            "counts": counts,
            "language": language,
            "language_name": language_name(language),
            "page": page,
        },
    )
