# ruff: noqa: E501 - one row per line: the table is read across
"""Access-matrix rows of published reports (see tests/access_matrix.py).

Public pages and reads answer everyone alike, also users of another municipality ("oth"
200): a published report is public. Unpublished and unknown reports are 404 for all.
Publishing is the head of the KI's; the publish rows name a queued report, so the head
gets the refusal (302 with a message, API 400) that shows the permission check passed.
"""

from __future__ import annotations

from typing import Any

from tests.access_rows import A, P, Row

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
    P("reports:public_root",                                                                         "302 302 302 302 302 302 302 302 302   -"),
    P("reports:public_list municipality=town",                                                       "200 200 200 200 200 200 200 200 200 200"),
    P("reports:public_detail public_id=public_published_id",                                         "200 200 200 200 200 200 200 200 200 200"),
    P("reports:public_detail public_id=public_draft_id",                                             "404 404 404 404 404 404 404 404 404 404"),
    P("reports:public_detail public_id=public_unknown_id",                                           "404 404 404 404 404 404 404 404 404 404"),
    P("reports:public_pdf public_id=public_published_id",                                            "200 200 200 200 200 200 200 200 200 200"),
    P("reports:public_pdf public_id=public_draft_id",                                                "404 404 404 404 404 404 404 404 404 404"),
    P("reports:public_csv public_id=public_published_id",                                            "200 200 200 200 200 200 200 200 200 200"),
    P("reports:public_csv public_id=public_draft_id",                                                "404 404 404 404 404 404 404 404 404 404"),
    P("reports:public_json public_id=public_published_id",                                           "200 200 200 200 200 200 200 200 200 200"),
    P("reports:public_json public_id=public_draft_id",                                               "404 404 404 404 404 404 404 404 404 404"),
    P("reports:public_oparl_file public_id=public_published_id",                                     "200 200 200 200 200 200 200 200 200 200"),
    P("reports:public_oparl_file public_id=public_draft_id",                                         "404 404 404 404 404 404 404 404 404 404"),
    P("POST reports:report_publish pk=public_queued",                                                "403 403 302 403 403 403 403 403 302 404"),
    P("POST reports:report_unpublish pk=public_published",                                           "403 403 302 403 403 403 403 403 302 404"),
    A("GET /api/reports/public/{municipality}/reports municipality=town",                            "200 200 200 200 200 200 200 200 200 200"),
    A("GET /api/reports/public/reports/{public_id} public_id=public_published_id",                   "200 200 200 200 200 200 200 200 200 200"),
    A("GET /api/reports/public/reports/{public_id} public_id=public_draft_id",                       "404 404 404 404 404 404 404 404 404 404"),
    A("POST /api/reports/reports/{report_id}/publish report_id=public_queued",                       "403 403 400 403 403 403 403 403 401 404"),
    A("POST /api/reports/reports/{report_id}/unpublish report_id=public_published",                  "403 403 200 403 403 403 403 403 401 404"),
]
# fmt: on
BODIES: dict[str, dict[str, Any]] = {}
MULTIPART: set[str] = set()
