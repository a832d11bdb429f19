"""OParl 1.1 endpoint (OWNED BY: public): System, bodies, lists and objects."""

from __future__ import annotations

from django.urls import path

from ankunft.council.oparl_out import views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<slug:body>/", views.body, name="body"),
    path("bodies/<slug:body>/<slug:kind>/", views.object_list, name="list"),
    path("bodies/<slug:body>/<slug:kind>/<int:pk>/", views.object_detail, name="object"),
]
