from __future__ import annotations

from django.urls import path

from ankunft.measures import views
from ankunft.measures.views import barriers as views_barriers
from ankunft.measures.views import chain as views_chain

app_name = "measures"
urlpatterns = [
    path("", views.measure_list, name="measure_list"),
    path("new/", views.measure_edit, name="measure_create"),
    path("<int:pk>/", views.measure_detail, name="measure_detail"),
    path("<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("<int:pk>/allocations/", views.allocation_add, name="allocation_add"),
    path("allocations/<int:pk>/delete/", views.allocation_delete, name="allocation_delete"),
    path("<int:measure_pk>/indicators/new/", views.indicator_edit, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values/", views.indicator_value_add, name="indicator_value_add"),
    path(
        "indicator-values/<int:pk>/delete/",
        views.indicator_value_delete,
        name="indicator_value_delete",
    ),
    path("indicators/import/", views.indicator_import, name="indicator_import"),
    path("concepts/", views.concept_list, name="concept_list"),
    path("concepts/<int:pk>/edit/", views.concept_edit, name="concept_edit"),
    path("fields/", views.field_list, name="field_list"),
    path("districts/", views.district_tree, name="district_tree"),
    path("barriers/", views_barriers.barrier_list, name="barrier_list"),
    path("barriers/new/", views_barriers.barrier_create, name="barrier_create"),
    path("barriers/<int:pk>/", views_barriers.barrier_detail, name="barrier_detail"),
    path(
        "barriers/<int:pk>/priority/",
        views_barriers.barrier_prioritise_view,
        name="barrier_prioritise",
    ),
    path("barriers/<int:pk>/answer/", views_barriers.barrier_answer_view, name="barrier_answer"),
    path("barriers/<int:pk>/status/", views_barriers.barrier_status_view, name="barrier_status"),
    path("chain/", views_chain.chain_index, name="chain_index"),
    path("chain/<int:decision_id>/", views_chain.chain_detail, name="chain_detail"),
]
