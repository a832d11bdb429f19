"""URLs of the case module (one file per area)."""

from __future__ import annotations

from ankunft.cases.urls import appointments, persons, privacy, referrals, workflow, worklist

app_name = "cases"
urlpatterns = [
    *worklist.urlpatterns,
    *persons.urlpatterns,
    *workflow.urlpatterns,
    *referrals.urlpatterns,
    *appointments.urlpatterns,
    *privacy.urlpatterns,
]
