"""URLs of the case module's workflow pages (included by `ankunft.cases.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.cases.views import workflow as views

urlpatterns: list[URLPattern] = [
    path("list/", views.case_list, name="case_list"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/step/", views.case_step, name="case_step"),
    path("<int:pk>/override/", views.case_override, name="case_override"),
    path("<int:pk>/consents/", views.consent_give, name="consent_give"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/needs/", views.need_add, name="need_add"),
    path("<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("goals/<int:pk>/review/", views.goal_review, name="goal_review"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("<int:pk>/reassign/", views.case_reassign, name="case_reassign"),
]
