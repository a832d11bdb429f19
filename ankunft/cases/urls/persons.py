"""URLs of the case module's persons pages (included by `ankunft.cases.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.cases.views import persons as v

urlpatterns: list[URLPattern] = [
    path("intake/", v.intake, name="intake"),
    path("intake/duplicates/", v.duplicates, name="duplicates"),
    path("persons/", v.person_list, name="person_list"),
    path("persons/<int:pk>/", v.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", v.person_edit, name="person_edit"),
    path("persons/<int:pk>/spellings/", v.spelling_create, name="spelling_add"),
    path("persons/<int:pk>/legal-domains/", v.legal_domain_add, name="legal_domain_add"),
    path("persons/<int:pk>/merge/<int:other>/", v.person_merge, name="person_merge"),
    path("settings/", v.settings, name="settings"),
]
