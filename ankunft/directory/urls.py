"""URLs of the directory. Staff and provider pages live under `manage/` (so no
municipality may have the short name "manage"); the public pages under the municipality."""

from __future__ import annotations

from django.urls import URLPattern, path

from ankunft.directory.views import manage, opendata, provider, public, review

app_name = "directory"
urlpatterns: list[URLPattern] = [
    path("", public.root, name="root"),
    path("manage/", manage.home, name="manage"),
    path("manage/offers/", manage.offer_list, name="offer_list"),
    path("manage/offers/new/", manage.offer_create, name="offer_create"),
    path("manage/offers/<uuid:uuid>/", manage.offer_detail, name="offer_detail"),
    path("manage/offers/<uuid:uuid>/edit/", manage.offer_edit, name="offer_edit"),
    path("manage/offers/<uuid:uuid>/status/", manage.offer_status, name="offer_status"),
    path("manage/offers/<uuid:uuid>/confirm/", manage.offer_confirm, name="offer_confirm"),
    path(
        "manage/offers/<uuid:uuid>/text/<str:language>/",
        manage.translation_edit,
        name="translation_edit",
    ),
    path("manage/offers/<uuid:uuid>/history/", manage.offer_history, name="offer_history"),
    path("manage/hints/", manage.plain_language_hints, name="hints"),
    path("manage/translations/", manage.translation_queue, name="translation_queue"),
    path("manage/review/", review.change_list, name="review_list"),
    path("manage/review/<int:pk>/", review.change_detail, name="review_detail"),
    path("manage/providers/", provider.provider_list, name="provider_list"),
    path("manage/providers/<int:pk>/", provider.provider_detail, name="provider_detail"),
    path("manage/settings/", provider.settings_edit, name="settings"),
    path("manage/import/", opendata.hsds_import_page, name="import"),
    path("<slug:municipality>/", public.start, name="start"),
    path("<slug:municipality>/search/", public.results, name="search"),
    path("<slug:municipality>/map/", public.map_page, name="map"),
    path("<slug:municipality>/o/<uuid:uuid>/", public.offer, name="offer_short"),
    path("<slug:municipality>/o/<uuid:uuid>/<slug:slug>/", public.offer, name="offer"),
    path("<slug:municipality>/open-data/", opendata.overview, name="open_data"),
    path("<slug:municipality>/open-data/offers.json", opendata.export_json, name="export_json"),
    path("<slug:municipality>/open-data/offers.csv", opendata.export_csv, name="export_csv"),
    path("<slug:municipality>/open-data/hsds.json", opendata.export_hsds, name="export_hsds"),
]
