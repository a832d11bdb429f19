"""Dashboards for the head of the KI, team leads and finance, under /reports/dashboard/."""

from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.reports.views import dashboards as views

urlpatterns: list[URLPattern] = [
    path("dashboard/", views.dashboard_head, name="dashboard_head"),
    path("dashboard/team/", views.dashboard_team, name="dashboard_team"),
    path("dashboard/finance/", views.dashboard_finance, name="dashboard_finance"),
]
