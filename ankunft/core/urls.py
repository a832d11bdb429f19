from __future__ import annotations

from django.urls import path

from ankunft.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/end-sessions/", views.staff_end_sessions, name="staff_end_sessions"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/new/", views.role_create, name="role_create"),
    path("roles/<slug:key>/", views.role_edit, name="role_edit"),
    path("audit/", views.audit_list, name="audit_list"),
    path("data-register/", views.data_register, name="data_register"),
    path("api-access/", views.api_tokens, name="api_tokens"),
    path("api-access/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("municipalities/", views.municipality_list, name="municipality_list"),
]
