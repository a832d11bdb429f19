"""The upload page of the import of existing case lists (synchronous, with a summary)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ankunft.cases import access
from ankunft.cases.forms.worklist import CaseImportForm
from ankunft.cases.services import worklist_import as imp
from ankunft.core.decorators import actor, permission_required
from ankunft.core.tabular import RowsRefusedError

__all__ = ["case_import"]


@permission_required(access.IMPORT)
@require_http_methods(["GET", "POST"])
def case_import(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    teams = imp.import_teams(user)
    form = CaseImportForm(request.POST or None, request.FILES or None, teams=teams)
    errors: list[Any] = []
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imp.LIMITS.check_size(upload.size)  # refused before the file is read
            result = imp.case_import(
                actor=user,
                source=upload.read(),
                mapping=imp.parse_mapping(form.cleaned_data["mapping"]),
                team=form.cleaned_data["team"],
                dry_run=form.cleaned_data["dry_run"],
                skip_duplicates=form.cleaned_data["skip_duplicates"],
            )
        except RowsRefusedError as exc:
            errors = list(exc.problems)
        except ValidationError as exc:  # TableError too: the file as a whole
            errors = list(exc.messages)
    status = 400 if errors or (request.method == "POST" and not form.is_valid()) else 200
    context = {"form": form, "errors": errors, "result": result, "fields": imp.COLUMNS}
    return render(request, "cases/worklist/import.html", context, status=status)
