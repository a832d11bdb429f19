from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.council import views

app_name = "council"
urlpatterns: list[URLPattern] = [
    path("", views.paper_list, name="paper_list"),
    path("papers/new/", views.paper_form, name="paper_create"),
    path("papers/<int:pk>/", views.paper_detail, name="paper_detail"),
    path("papers/<int:pk>/edit/", views.paper_form, name="paper_edit"),
    path("papers/<int:pk>/decisions/", views.decision_create, name="decision_create"),
    path("motions/read/", views.motion_read, name="motion_read"),
    path("motions/confirm/", views.motion_confirm, name="motion_confirm"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("settings/", views.council_settings, name="settings"),
]
