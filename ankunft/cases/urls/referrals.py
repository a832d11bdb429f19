"""URLs of the case module's referrals pages (included by `ankunft.cases.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.cases.views import referrals as views

urlpatterns: list[URLPattern] = [
    path("<int:case_pk>/referrals/new/", views.referral_new, name="referral_new"),
    path("<int:case_pk>/barrier/", views.barrier_report, name="barrier_report"),
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    path("referrals/turnaround/", views.referral_turnaround, name="referral_turnaround"),
    path("referrals/<int:pk>/", views.referral_answer, name="referral_answer"),
    path("referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
]
