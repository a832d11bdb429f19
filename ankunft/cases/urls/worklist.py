"""URLs of the case module's worklist pages (included by `ankunft.cases.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.cases.views import worklist as views

urlpatterns: list[URLPattern] = [
    path("worklist/", views.worklist, name="worklist"),
    path("import/", views.case_import, name="import"),
]
