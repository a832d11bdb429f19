"""Notes and attachments of a case; files are sent only after the permission check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.forms.appointments import AttachmentForm, NoteForm
from ankunft.cases.selectors import appointments as sel
from ankunft.cases.services.attachments import attachment_add
from ankunft.cases.services.notes import note_add
from ankunft.core import permissions
from ankunft.core.decorators import HtmxHttpRequest, actor, permission_required
from ankunft.core.forms import form_errors


def section_context(user: Any, case: Any, form: NoteForm | None = None) -> dict[str, Any]:
    """The notes section of a case (list and form); the caller audits `notes`."""
    return {
        "case": case,
        "notes": sel.notes_of(user, case),
        "note_form": form or NoteForm(),
        "can_work": permissions.can(user, access.WORK, case),
    }


@permission_required(access.VIEW_NOTES)
def note_list(request: HtmxHttpRequest, case_pk: int) -> HttpResponse:
    user = actor(request)
    case = sel.case_for(user, case_pk, access.VIEW_NOTES)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        permissions.require(user, access.WORK, case)
        if form.is_valid():
            try:
                note_add(user, case, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("The note was saved."))
                return redirect("cases:note_list", case_pk=case.pk)
    context = section_context(user, case, form)
    sel.audit_shown(user, case, context["notes"], sel.NOTE_SHOWN)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/notes/note_page.html", context, status=status)


@permission_required(access.VIEW_NOTES)
def attachment_list(request: HtmxHttpRequest, case_pk: int) -> HttpResponse:
    user = actor(request)
    case = sel.case_for(user, case_pk, access.VIEW_NOTES)
    posted = request.method == "POST"
    form = AttachmentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted:
        permissions.require(user, access.WORK, case)
        if form.is_valid():
            try:
                attachment_add(
                    actor=user,
                    case=case,
                    upload=form.cleaned_data["file"],
                    level=form.cleaned_data["level"],
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("The file was kept."))
                return redirect("cases:attachment_list", case_pk=case.pk)
    rows = sel.attachments_of(user, case)
    sel.audit_shown(user, case, rows, sel.ATTACHMENT_SHOWN)
    context = {
        "case": case,
        "attachments": rows,
        "form": form,
        "can_work": permissions.can(user, access.WORK, case),
    }
    status = 400 if posted else 200
    return render(request, "cases/notes/attachment_page.html", context, status=status)


@permission_required(access.VIEW_NOTES)
def attachment_download(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The file, read whole (at most CASES_ATTACHMENT_MAX_BYTES): a stream left unread would
    keep the file open."""
    attachment = sel.attachment_get(actor(request), pk)
    with attachment.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
