"""The reports' pages under /reports/: internal pages, dashboards, public published reports."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from ankunft.reports.urls import dashboards, pages, public

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    *pages.urlpatterns,
    *dashboards.urlpatterns,
    *public.urlpatterns,
]
