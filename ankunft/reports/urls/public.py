"""Published reports: public pages, CSV, JSON, PDF and OParl File (OWNED BY: public).

The report's own URLs carry its `public_id` (not its number, which counts drafts); the
uuid patterns come before the municipality's, so no short name can shadow them.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.reports.views import public as views

urlpatterns: list[URLPattern] = [
    path("public/", views.root, name="public_root"),
    path("public/<uuid:public_id>/", views.report_detail, name="public_detail"),
    path("public/<uuid:public_id>/report.pdf", views.report_pdf, name="public_pdf"),
    path("public/<uuid:public_id>/report.csv", views.report_csv, name="public_csv"),
    path("public/<uuid:public_id>/report.json", views.report_json, name="public_json"),
    path(
        "public/<uuid:public_id>/oparl-file.json",
        views.report_oparl_file,
        name="public_oparl_file",
    ),
    path("public/<slug:municipality>/", views.report_list, name="public_list"),
    path("<int:pk>/publish/", views.report_publish, name="report_publish"),
    path("<int:pk>/unpublish/", views.report_unpublish, name="report_unpublish"),
]
