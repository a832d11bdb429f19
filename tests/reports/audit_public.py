"""Published reports' routes and why none shows personal data (tests/core/test_audit_paths.py)."""

from __future__ import annotations

PUBLISHED = "a published report: aggregates only, people figures suppressed, no account named"
BUTTON = "publishes or takes back a report (audited as a change); shows no personal field"

NOT_PERSONAL: dict[str, str] = {
    "reports:public_root": "the municipalities that published reports",
    "reports:public_list": PUBLISHED,
    "reports:public_detail": PUBLISHED,
    "reports:public_pdf": PUBLISHED,
    "reports:public_csv": PUBLISHED,
    "reports:public_json": PUBLISHED,
    "reports:public_oparl_file": PUBLISHED,
    "reports:report_publish": BUTTON,
    "reports:report_unpublish": BUTTON,
    "GET /api/reports/public/{municipality}/reports": PUBLISHED,
    "GET /api/reports/public/reports/{public_id}": PUBLISHED,
    "POST /api/reports/reports/{report_id}/publish": BUTTON,
    "POST /api/reports/reports/{report_id}/unpublish": BUTTON,
}
