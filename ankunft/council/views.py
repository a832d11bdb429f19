"""Council pages: papers, decisions, bodies, meetings, and reading a motion.

Thin views: forms validate, services write, selectors read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ankunft.core import permissions
from ankunft.core.decorators import actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.core.models import User
from ankunft.core.pagination import page_for_request
from ankunft.core.parsing import search_text
from ankunft.council import selectors, services
from ankunft.council.forms import (
    CouncilSettingsForm,
    DecisionForm,
    MotionProposalForm,
    MotionUploadForm,
    PaperForm,
    allocation_formset,
    allocation_initial,
    paper_initial,
)
from ankunft.council.intake import read_motion_text, too_large_text
from ankunft.council.models import CouncilSettings, Paper
from ankunft.council.motion_reader import MotionReadError


def _can_edit(user: User) -> bool:
    return permissions.has_perm(user, "council.edit")


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# Papers ---------------------------------------------------------------------------------


@require_GET
@permission_required("council.view")
def paper_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    query = search_text(request.GET.get("q", ""))
    paper_type = request.GET.get("type", "")[:200]
    papers = selectors.paper_list(actor=user, query=query, paper_type=paper_type)
    page = page_for_request(selectors.paper_rows(papers), request, keys=selectors.PAPER_KEYS)
    context = {
        "page": page,
        "query": query,
        "paper_type": paper_type,
        "can_edit": _can_edit(user),
    }
    if _is_htmx(request):
        return render(request, "council/_paper_results.html", context)
    context["paper_types"] = selectors.paper_types(actor=user)
    return render(request, "council/paper_list.html", context)


def _decision_form(user: User, paper: Paper, data: Any = None) -> DecisionForm:
    organization, day = selectors.paper_default_decision(paper=paper)
    bodies = selectors.deciding_body_choices(actor=user)
    if organization is not None and not bodies.filter(pk=organization.pk).exists():
        organization = None
    years = selectors.paper_money_years(paper=paper)
    initial: dict[str, Any] = {"outcome": "adopted", "organization": organization, "date": day}
    if years is not None:
        # A later decision: most often the council confirming its committee's adoption.
        initial["date"] = None
    return DecisionForm(data, organizations=bodies, years=years, initial=initial)


def _paper_page(
    request: HttpRequest, user: User, paper: Paper, decision_form: DecisionForm | None = None
) -> HttpResponse:
    can_edit = _can_edit(user)
    if can_edit and decision_form is None:
        decision_form = _decision_form(user, paper)
    may_see_budget = permissions.has_perm(user, "budget.view")
    context = {
        "paper": paper,
        "unresolved": selectors.paper_unresolved_references(paper=paper),
        "can_edit": can_edit,
        "decision_form": decision_form,
        "allocation_total": sum(a.amount_eur for a in paper.allocations.all()),
        "may_see_budget": may_see_budget,
        "budget_lines": selectors.paper_budget_lines(actor=user, paper=paper),
    }
    return render(request, "council/paper_detail.html", context)


@require_GET
@permission_required("council.view")
def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    return _paper_page(request, user, selectors.paper_get(actor=user, pk=pk))


def _related(user: User, references: list[str], own: str) -> tuple[list[Paper], list[str]]:
    assert user.municipality_id is not None  # noqa: S101 - council.view implies a tenant
    wanted = [r for r in references if r != own]
    papers = selectors.paper_by_references(municipality_id=user.municipality_id, references=wanted)
    known = {p.reference for p in papers}
    return papers, [r for r in wanted if r not in known]


@require_http_methods(["GET", "POST"])
@permission_required("council.edit")
def paper_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a paper (no `pk`) or edit one, with its allocations."""
    user = actor(request)
    paper = selectors.paper_get(actor=user, pk=pk) if pk is not None else None
    organizations = selectors.organization_choices(actor=user)
    initial = paper_initial(paper) if paper else {}
    rows = allocation_initial(paper.allocations.all()) if paper else []
    data = request.POST if request.method == "POST" else None
    form = PaperForm(data, initial=initial, organizations=organizations)
    formset = allocation_formset(data, initial=rows, add_row="add_row" in request.POST)
    if data is not None and "add_row" not in data and form.is_valid() and formset.is_valid():
        values = form.cleaned_data
        related, unresolved = _related(user, values["related_references"], values["reference"])
        common: dict[str, Any] = {
            "name": values["name"],
            "reference": values["reference"],
            "date": values["date"],
            "paper_type": values["paper_type"],
            "text": values["text"],
            "cover": values["cover"],
            "originators": list(values["originators"]),
            "related_papers": related,
            "related_references": unresolved,
            "allocations": formset.allocations(),
        }
        try:
            if paper is None:
                paper = services.paper_create(actor=user, **common)
                messages.success(request, _("Paper created."))
            else:
                paper = services.paper_update(actor=user, paper=paper, **common)
                messages.success(request, _("Paper saved."))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("council:paper_detail", pk=paper.pk)
    return render(
        request, "council/paper_form.html", {"form": form, "formset": formset, "paper": paper}
    )


@require_POST
@permission_required("council.edit")
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    paper = selectors.paper_get(actor=user, pk=pk)
    form = _decision_form(user, paper, request.POST)
    if form.is_valid():
        values = form.cleaned_data
        try:
            decision = services.decision_record(
                actor=user,
                paper=paper,
                outcome=values["outcome"],
                date=values["date"],
                organization=values["organization"],
                resolution_text=values["resolution_text"],
                effect=values.get("effect", ""),
                amounts=form.amounts(),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Decision recorded: %(outcome)s.") % {"outcome": decision.get_outcome_display()},
            )
            return redirect("council:paper_detail", pk=paper.pk)
    paper = selectors.paper_get(actor=user, pk=pk)
    return _paper_page(request, user, paper, decision_form=form)


# Motion intake ----------------------------------------------------------------------------


def _request_too_large(request: HttpRequest) -> bool:
    """A body Django would refuse to read (RequestDataTooBig) — checked before reading it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is not None and length > limit


@csrf_exempt  # checked below by `_motion_read`, once the body is known to be readable
@require_http_methods(["GET", "POST"])
@permission_required("council.edit")
def motion_read(request: HttpRequest) -> HttpResponse:
    """Step 1: upload or paste a motion; the reader's proposal is shown, nothing saved.

    A pasted text above Django's request limit would end in its "RequestDataTooBig" page;
    it gets the same size message as an uploaded file instead, before the body is read
    (nothing is read or written, so no CSRF check is needed for that answer).
    """
    if request.method == "POST" and _request_too_large(request):
        form = MotionUploadForm()
        form.cleaned_data = {}  # an unbound form that shows one error
        form.add_error(None, too_large_text())
        return render(request, "council/motion_read.html", {"form": form}, status=413)
    return _motion_read(request)


@csrf_protect
def _motion_read(request: HttpRequest) -> HttpResponse:
    form = MotionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["motion_text"]
        try:
            proposal = read_motion_text(text)
        except MotionReadError as exc:
            form.add_error(None, exc.message)
        else:
            proposal_form = MotionProposalForm(
                initial={
                    "title": proposal.title or "",
                    "reference": proposal.reference or "",
                    "date": proposal.date,
                    "originators": proposal.originators,
                    "committee": proposal.committee or "",
                    "meeting_date": proposal.meeting_date,
                    "cover": proposal.cover or "",
                    "related_references": proposal.related_references,
                    "text": text,
                }
            )
            formset = allocation_formset(initial=allocation_initial(proposal.allocations))
            duplicates = selectors.paper_duplicates(
                actor=actor(request),
                title=proposal.title or "",
                date=proposal.date,
                originators=proposal.originators,
                text=text,
            )
            return render(
                request,
                "council/motion_confirm.html",
                {"form": proposal_form, "formset": formset, "duplicates": duplicates},
            )
    return render(request, "council/motion_read.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("council.edit")
def motion_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: the person's corrected proposal becomes a paper."""
    if request.method == "GET":
        return redirect("council:motion_read")
    user = actor(request)
    form = MotionProposalForm(request.POST)
    formset = allocation_formset(request.POST, add_row="add_row" in request.POST)
    duplicates: list[Paper] = []
    if form.is_valid():
        values = form.cleaned_data
        duplicates = selectors.paper_duplicates(
            actor=user,
            title=values["title"],
            date=values["date"],
            originators=values["originators"],
            text=values["text"],
        )
    deliberate = request.POST.get("save_anyway") == "1"
    if (
        "add_row" not in request.POST
        and form.is_valid()
        and formset.is_valid()
        and (deliberate or not duplicates)
    ):
        values = form.cleaned_data
        motion = services.ConfirmedMotion(
            title=values["title"],
            reference=values["reference"],
            date=values["date"],
            originators=values["originators"],
            committee=values["committee"],
            meeting_date=values["meeting_date"],
            allocations=formset.allocations(),
            cover=values["cover"],
            related_references=values["related_references"],
            text=values["text"],
        )
        try:
            paper = services.motion_confirm(actor=user, motion=motion)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The motion is saved as a paper."))
            return redirect("council:paper_detail", pk=paper.pk)
    context = {"form": form, "formset": formset, "duplicates": duplicates}
    return render(request, "council/motion_confirm.html", context)


# Organisations and meetings ---------------------------------------------------------------


@require_GET
@permission_required("council.view")
def organization_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    organizations = selectors.organization_list(actor=user)
    return render(
        request,
        "council/organization_list.html",
        {"organizations": organizations, "can_edit": _can_edit(user)},
    )


@require_GET
@permission_required("council.view")
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    organization = selectors.organization_get(actor=user, pk=pk)
    return render(
        request,
        "council/organization_detail.html",
        {"organization": organization, "can_edit": _can_edit(user)},
    )


@require_GET
@permission_required("council.view")
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    query = search_text(request.GET.get("q", ""))
    meetings = selectors.meeting_list(actor=user, query=query)
    page = page_for_request(meetings, request, keys=selectors.MEETING_KEYS)
    return render(
        request,
        "council/meeting_list.html",
        {"page": page, "query": query, "can_edit": _can_edit(user)},
    )


@require_GET
@permission_required("council.view")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    meeting = selectors.meeting_get(actor=user, pk=pk)
    return render(
        request, "council/meeting_detail.html", {"meeting": meeting, "can_edit": _can_edit(user)}
    )


# Settings ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(services.SETTINGS_PERMISSION)
def council_settings(request: HttpRequest) -> HttpResponse:
    """The municipality's council settings: whether it keeps the council's persons."""
    user = actor(request)
    assert user.municipality_id is not None  # noqa: S101 - the permission implies a tenant
    current = CouncilSettings.persons_enabled(user.municipality_id)
    # An unticked box sends nothing: an empty POST is still a submitted form.
    data = request.POST if request.method == "POST" else None
    form = CouncilSettingsForm(data, initial={"persons": current})
    if request.method == "POST" and form.is_valid():
        enabled = form.cleaned_data["persons"]
        services.set_persons_enabled(actor=user, enabled=enabled)
        if enabled:
            messages.success(request, _("Persons of the council are imported and shown."))
        else:
            messages.success(
                request, _("Persons of the council are switched off; those imported are removed.")
            )
        return redirect("council:settings")
    return render(
        request,
        "council/settings.html",
        {"form": form, "persons": current, "can_edit": _can_edit(user)},
    )
