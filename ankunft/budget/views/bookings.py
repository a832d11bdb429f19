"""Pages of bookings (Ist) and the import wizard: upload → map columns → preview → import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ankunft.budget import bookings_import, selectors
from ankunft.budget.forms import MappingForm, UploadForm
from ankunft.core import permissions
from ankunft.core.audit import audit
from ankunft.core.decorators import actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.core.models import AuditAction

PREVIEW_ROWS = 20


@permission_required("budget.view")
def booking_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    context = {
        "bookings": selectors.booking_list(actor=user),
        "may_edit": permissions.has_perm(user, "budget.edit"),
    }
    return render(request, "budget/booking_list.html", context)


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def booking_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            upload = bookings_import.booking_upload_create(
                actor=actor(request), filename=upload_file.name, raw=upload_file.read()
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("budget:booking_map", pk=upload.pk)
    return render(request, "budget/booking_upload.html", {"form": form})


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def booking_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2 and 3: pick the columns, see the preview; "import" stores all rows or none."""
    user = actor(request)
    upload = selectors.booking_upload_get(actor=user, pk=pk)
    header, _rows = bookings_import.read_table(upload.content)
    lines = selectors.budget_line_choices(actor=user)
    form = MappingForm(request.POST or None, header=header, lines=lines)
    preview = None
    if request.method == "POST" and form.is_valid():
        mapping, line = form.mapping(), form.cleaned_data["budget_line"]
        try:
            if "import" in request.POST:
                created = bookings_import.booking_upload_import(
                    actor=user, upload=upload, mapping=mapping, budget_line=line
                )
                messages.success(
                    request, _("%(count)d bookings imported.") % {"count": len(created)}
                )
                return redirect("budget:booking_list")
            preview = bookings_import.preview(
                municipality_id=upload.municipality_id,
                text=upload.content,
                mapping=mapping,
                budget_line=line,
            )
        except bookings_import.BookingImportError as exc:
            preview = bookings_import.Preview(errors=exc.errors)
        except ValidationError as exc:
            form_errors(form, exc)
    if preview is not None:
        # The preview shows the upload's booking texts (personal): one entry for the upload.
        audit(user, AuditAction.READ, upload, fields=["content"])
    context = {
        "form": form,
        "upload": upload,
        "header": header,
        "preview": preview,
        "preview_rows": preview.rows[:PREVIEW_ROWS] if preview else [],
        "lines_by_id": {line.pk: line for line in lines},
    }
    return render(request, "budget/booking_map.html", context)
