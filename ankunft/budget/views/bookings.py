"""Pages of bookings (Ist) and the import wizard: upload → map columns → preview → import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ankunft.budget import bookings_import, selectors
from ankunft.budget.forms import MappingForm, UploadForm
from ankunft.core import permissions
from ankunft.core.audit import audit
from ankunft.core.decorators import actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.core.models import AuditAction
from ankunft.core.pagination import page_request
from ankunft.core.tabular import RowsRefusedError, TableError

PREVIEW_ROWS = 20


@permission_required("budget.view")
def booking_list(request: HttpRequest) -> HttpResponse:
    """All bookings, a page at a time, and the latest imports (each can be undone)."""
    user = actor(request)
    may_edit = permissions.has_perm(user, "budget.edit")
    page = selectors.booking_page(actor=user, page=page_request(request))
    context = {
        "bookings": page.items,
        "page": page,
        "imports": selectors.booking_import_list(actor=user) if may_edit else [],
        "may_edit": may_edit,
    }
    return render(request, "budget/booking_list.html", context)


@permission_required("budget.edit")
@require_POST
def booking_import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove every booking of one import."""
    user = actor(request)
    record = selectors.booking_import_get(actor=user, pk=pk)
    try:
        removed = bookings_import.booking_import_undo(actor=user, record=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Import no. %(id)s undone: %(count)d bookings removed.")
            % {"id": record.pk, "count": removed},
        )
    return redirect("budget:booking_list")


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def booking_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            bookings_import.LIMITS.check_size(upload_file.size)  # before the file is read
            upload = bookings_import.booking_upload_create(
                actor=actor(request), filename=upload_file.name, raw=upload_file.read()
            )
        except TableError as exc:  # too large: at the file field, like the service's errors
            form.add_error("file", exc)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("budget:booking_map", pk=upload.pk)
    status = 400 if form.errors else 200
    return render(request, "budget/booking_upload.html", {"form": form}, status=status)


@permission_required("budget.edit")
@require_http_methods(["GET", "POST"])
def booking_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2 and 3: pick the columns, see the preview; "import" stores all rows or none."""
    user = actor(request)
    upload = selectors.booking_upload_get(actor=user, pk=pk)
    table = bookings_import.upload_table(upload)
    guessed = bookings_import.header_guess(table.header)
    lines = selectors.budget_line_choices(actor=user)
    form = MappingForm(request.POST or None, header=table.header, lines=lines, guessed=guessed)
    preview = None
    if request.method == "POST" and form.is_valid():
        mapping, line = form.mapping(), form.cleaned_data["budget_line"]
        allow_unassigned = form.cleaned_data["allow_unassigned"]
        try:
            if "import" in request.POST:
                record = bookings_import.booking_upload_import(
                    actor=user,
                    upload=upload,
                    mapping=mapping,
                    budget_line=line,
                    allow_unassigned=allow_unassigned,
                )
                messages.success(
                    request,
                    _("%(count)d bookings imported as import no. %(id)s.")
                    % {"count": record.rows, "id": record.pk},
                )
                return redirect("budget:booking_list")
            preview = bookings_import.preview(
                municipality_id=upload.municipality_id,
                source=table,
                mapping=mapping,
                budget_line=line,
                allow_unassigned=allow_unassigned,
                guess=False,
            )
        except RowsRefusedError as exc:
            preview = bookings_import.Preview(problems=exc.problems)
        except TableError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            form_errors(form, exc)
    if preview is not None:
        # The preview shows the upload's booking texts (personal): one entry for the upload.
        audit(user, AuditAction.READ, upload, fields=["content"])
    context = {
        "form": form,
        "upload": upload,
        "header": table.header,
        "unrecognised": not any(key in guessed for key in bookings_import.REQUIRED),
        "expected": [c for c in bookings_import.COLUMNS if c.required],
        "preview": preview,
        "preview_rows": preview.rows[:PREVIEW_ROWS] if preview else [],
        "lines_by_id": {line.pk: line for line in lines},
    }
    status = 400 if form.errors or (preview and preview.errors) else 200
    return render(request, "budget/booking_map.html", context, status=status)
