"""API of the reports module under /api/reports/: one router per area."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

from ninja import Router

from ankunft.reports.api import dashboards, public, reports

router = Router()
for _area in (reports, dashboards, public):
    router.add_router("", _area.router)
