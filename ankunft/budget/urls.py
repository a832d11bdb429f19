from __future__ import annotations

from django.urls import path

from ankunft.budget import views
from ankunft.budget.views import bookings as views_bookings
from ankunft.budget.views import positions as views_positions

app_name = "budget"
urlpatterns = [
    path("", views.index, name="index"),
    path("lines/new/", views.line_create, name="line_create"),
    path("lines/<int:pk>/", views.line_detail, name="line_detail"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("decisions/<int:pk>/execution/", views.execution, name="execution"),
    path("buy/", views.buy, name="buy"),
    path("settings/", views.settings_edit, name="settings"),
    path("costs/", views.cost_rates, name="cost_rates"),
    path("costs/new/", views.cost_rate_create, name="cost_rate_create"),
    path("costs/<int:pk>/edit/", views.cost_rate_edit, name="cost_rate_edit"),
    path("costs/adopt-shipped/", views.cost_rates_adopt, name="cost_rates_adopt"),
    path("positions/", views_positions.position_list, name="position_list"),
    path("positions/new/", views_positions.position_create, name="position_create"),
    path("positions/<int:pk>/", views_positions.position_detail, name="position_detail"),
    path("positions/<int:pk>/edit/", views_positions.position_edit, name="position_edit"),
    path("positions/<int:pk>/status/", views_positions.position_status, name="position_status"),
    path("positions/<int:pk>/fill/", views_positions.position_fill, name="position_fill"),
    path("positions/<int:pk>/end/", views_positions.position_end, name="position_end"),
    path("positions/<int:pk>/funding/", views_positions.funding_add, name="funding_add"),
    path("fundings/<int:pk>/remove/", views_positions.funding_remove, name="funding_remove"),
    path("assignments/<int:pk>/end/", views_positions.assignment_end, name="assignment_end"),
    path("staff/", views_positions.staff_list, name="staff_list"),
    path("staff/new/", views_positions.staff_create, name="staff_create"),
    path("staff/<int:pk>/edit/", views_positions.staff_edit, name="staff_edit"),
    path("bookings/", views_bookings.booking_list, name="booking_list"),
    path("bookings/import/", views_bookings.booking_upload, name="booking_upload"),
    path("bookings/import/<int:pk>/", views_bookings.booking_map, name="booking_map"),
    path(
        "bookings/imports/<int:pk>/undo/",
        views_bookings.booking_import_undo,
        name="booking_import_undo",
    ),
]
