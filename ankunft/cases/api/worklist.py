"""API of the case module's worklist (mounted by `ankunft.cases.api`)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from ankunft.cases.selectors import worklist as wl
from ankunft.cases.selectors import worklist_page as wp
from ankunft.core.apitools import api_user
from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction

router = Router(tags=["cases"])


class WorklistQuery(Schema):
    scope: Literal["mine", "team"] | None = None
    after: str | None = None  # the `next` of the previous page


class WorkItemOut(Schema):
    due: dt.date
    at: dt.datetime | None
    kind: str
    kind_label: str
    case_id: int
    case_number: str
    person_id: int
    person_name: str
    detail: str


class WorklistOut(Schema):
    scope: str
    # All due items, counted up to 1,000 (`capped`: 1,000 or more); on the first page only.
    count: int | None
    capped: bool
    next: str | None  # pass as `after` for the following page; null on the last one
    items: list[WorkItemOut]


@router.get(
    "/worklist",
    response={200: WorklistOut},
    summary="The work list: what is due in my cases (or my team's), next due first, "
    f"{wp.PAGE_SIZE} items a page",
)
def worklist(request: HttpRequest, query: Query[WorklistQuery]) -> dict[str, object]:
    user = api_user(request)
    scope = query.scope or wl.default_scope(user)
    page = wp.worklist_page(user, scope, query.after)
    items = page.items
    audit_many(
        user,
        AuditAction.READ,
        wl.person_refs(items, user.municipality_id or 0),
        fields=wl.audit_fields(items),
    )
    return {
        "scope": scope,
        "count": page.total if page.first else None,
        "capped": page.capped,
        "next": page.next,
        "items": [
            {
                "due": i.due,
                "at": i.at,
                "kind": i.kind,
                "kind_label": i.kind_label,
                "case_id": i.case_id,
                "case_number": i.case_number,
                "person_id": i.person_id,
                "person_name": i.person_name,
                "detail": i.detail,
            }
            for i in items
        ],
    }
