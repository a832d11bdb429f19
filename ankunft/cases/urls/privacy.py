"""URLs of the case module's privacy pages (included by `ankunft.cases.urls`)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
