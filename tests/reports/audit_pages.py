"""The reports' pages routes and why none shows personal data (tests/core/test_audit_paths.py).

A report holds aggregates only (every figure about people suppressed before it was stored);
who requested it (a staff account) is shown nowhere."""

from __future__ import annotations

AGGREGATES = "reports hold aggregates only, people figures suppressed"
FORM = "a form: decisions, years, threshold, language — no people"

NOT_PERSONAL: dict[str, str] = {
    "reports:report_list": AGGREGATES,
    "reports:report_create": FORM,
    "reports:report_detail": AGGREGATES,
    "reports:report_pdf": AGGREGATES,
    "reports:report_json": AGGREGATES,
    "reports:report_csv": AGGREGATES,
    "reports:report_retry": "queues a build again, shows nothing",
    "reports:report_delete": "deletes a draft, shows nothing",
    "GET /api/reports/reports": AGGREGATES,
    "POST /api/reports/reports": AGGREGATES,
    "GET /api/reports/reports/{report_id}": AGGREGATES,
    "GET /api/reports/reports/{report_id}/pdf": AGGREGATES,
}
