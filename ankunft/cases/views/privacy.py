"""Views of the case module's privacy pages: the DPO's person finder, the subject access
export, requests (erasure, restriction), the consent register and retention."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ankunft.cases import access
from ankunft.cases.forms.privacy import (
    ConsentFilterForm,
    RequestActionForm,
    RetentionApplyForm,
    SubjectRequestForm,
    SubjectSearchForm,
)
from ankunft.cases.models import RequestKind
from ankunft.cases.selectors import privacy as selectors
from ankunft.cases.selectors.privacy_export import (
    PdfUnavailableError,
    check_pdf,
    export_filename,
    export_json,
    export_pdf,
    printable,
)
from ankunft.cases.services import privacy as services
from ankunft.cases.services.retention import apply_retention
from ankunft.core.decorators import actor, permission_required
from ankunft.core.forms import form_errors


@permission_required(access.RETENTION)
@require_http_methods(["GET", "POST"])
def retention(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = RetentionApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = apply_retention(actor=user, municipality=user.municipality)  # type: ignore[arg-type]
        messages.success(
            request,
            _("%(cases)d cases anonymised (%(persons)d persons).")
            % {"cases": done.cases, "persons": done.persons},
        )
        return redirect("cases:retention")
    cases = selectors.retention_due_cases(user)
    settings = selectors.settings_of(user.municipality_id)  # type: ignore[arg-type]
    return render(
        request,
        "cases/privacy/retention.html",
        {"cases": cases, "form": form, "retention_days": settings.retention_days},
    )


@permission_required(access.SUBJECT_RIGHTS)
def subject_search(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = SubjectSearchForm(request.GET or None)
    persons = None
    if form.is_bound and form.is_valid():
        persons = selectors.subject_search(
            user, name=form.cleaned_data["name"] or "", birth_year=form.cleaned_data["birth_year"]
        )
    return render(request, "cases/privacy/subject_search.html", {"form": form, "persons": persons})


@permission_required(access.SUBJECT_RIGHTS)
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    fmt = request.GET.get("format", "")
    if fmt == "pdf":
        try:
            check_pdf()  # before the export is made (and audited)
        except PdfUnavailableError as exc:
            return render(
                request,
                "cases/privacy/pdf_unavailable.html",
                {"error": str(exc), "pk": pk},
                status=503,
            )
    export = selectors.subject_access(user, pk)
    if fmt == "json":
        response = HttpResponse(export_json(export.data), content_type="application/json")
        name = export_filename(export.data, "json")
    elif fmt == "pdf":
        response = HttpResponse(export_pdf(export.data), content_type="application/pdf")
        name = export_filename(export.data, "pdf")
    else:
        return render(
            request,
            "cases/privacy/subject_access.html",
            {"person": export.person, "data": printable(export.data)},
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required(access.SUBJECT_RIGHTS)
@require_http_methods(["GET", "POST"])
def subject_requests(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    initial = {"person": request.GET.get("person")} if request.GET.get("person") else None
    form = SubjectRequestForm(request.POST or None, initial=initial)
    person = None
    person_id = request.POST.get("person") or request.GET.get("person")
    if person_id and person_id.isdigit() and len(person_id) < 10:  # noqa: PLR2004 - an id
        person = selectors.dpo_person_shown(user, int(person_id))
    if request.method == "POST" and form.is_valid():
        if person is None:
            form.add_error(None, _("Find the person first (Data protection → Find a person)."))
        else:
            try:
                created = services.subject_request_create(
                    actor=user,
                    person=person,
                    kind=form.cleaned_data["kind"],
                    received_on=form.cleaned_data["received_on"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("The request is recorded."))
                return redirect("cases:subject_request", pk=created.pk)
    open_only = request.GET.get("open") == "1"
    rows = selectors.subject_requests(user, open_only=open_only)
    return render(
        request,
        "cases/privacy/subject_requests.html",
        {"requests": rows, "form": form, "person": person, "open_only": open_only},
    )


@permission_required(access.SUBJECT_RIGHTS)
@require_http_methods(["GET", "POST"])
def subject_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    record = selectors.subject_request_get(user, pk)
    form = RequestActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action, person = form.cleaned_data["action"], record.person
        try:
            if action == "done":
                services.subject_request_done(actor=user, request=record)
                messages.success(request, _("The request is marked as answered."))
            elif person is None:
                raise ValidationError(_("The person of this request has been erased."))
            elif action == "erase":
                n = services.person_erase(actor=user, person=person, request=record)
                messages.success(request, _("The person and %(n)d cases are erased.") % {"n": n})
            elif action == "restrict":
                services.person_restrict(actor=user, person=person, request=record)
                messages.success(request, _("Processing of the record is restricted."))
            else:
                services.person_lift_restriction(actor=user, person=person)
                messages.success(request, _("The restriction is lifted."))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("cases:subject_request", pk=record.pk)
    return render(
        request,
        "cases/privacy/subject_request.html",
        {"record": record, "form": form, "kinds": RequestKind},
    )


@permission_required(access.CONSENT_REGISTER)
def consent_register(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = ConsentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    register = selectors.consent_register(
        user,
        purpose=filters.get("purpose", ""),
        expiring=bool(filters.get("expiring")),
        withdrawn=bool(filters.get("withdrawn")),
    )
    return render(
        request, "cases/privacy/consent_register.html", {"form": form, "register": register}
    )
