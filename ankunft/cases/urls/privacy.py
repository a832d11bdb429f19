"""URLs of the case module's privacy pages (included by `ankunft.cases.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.cases.views import privacy as views

urlpatterns: list[URLPattern] = [
    path("privacy/retention/", views.retention, name="retention"),
    path("privacy/persons/", views.subject_search, name="subject_search"),
    path("privacy/persons/<int:pk>/", views.subject_access, name="subject_access"),
    path("privacy/requests/", views.subject_requests, name="subject_requests"),
    path("privacy/requests/<int:pk>/", views.subject_request, name="subject_request"),
    path("privacy/consents/", views.consent_register, name="consent_register"),
]
