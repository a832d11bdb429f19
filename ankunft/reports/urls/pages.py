"""Internal report pages: list, request, detail with progress, PDF (OWNED BY: pages)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.reports.views import pages as views

urlpatterns: list[URLPattern] = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("<int:pk>/tables.json", views.report_json, name="report_json"),
    path("<int:pk>/tables.csv", views.report_csv, name="report_csv"),
    path("<int:pk>/rebuild/", views.report_retry, name="report_retry"),
    path("<int:pk>/delete/", views.report_delete, name="report_delete"),
]
