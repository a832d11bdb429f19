"""Root URLs. Modules are included under their own prefix and namespace."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from ankunft.api import urls as api_urls
from ankunft.core import views as core_views

admin.site.site_header = "ankunft – operators"

urlpatterns = [
    path("", include("ankunft.core.urls")),
    path("council/", include("ankunft.council.urls")),
    path("budget/", include("ankunft.budget.urls")),
    path("measures/", include("ankunft.measures.urls")),
    path("cases/", include("ankunft.cases.urls")),
    path("reports/", include("ankunft.reports.urls")),
    # ankunft's own OParl 1.1 endpoint: public council data, no login.
    path("oparl/", include("ankunft.council.oparl_out.urls")),
    # The public directory: no login, phone-first.
    path("offers/", include("ankunft.directory.urls")),
    path("health", core_views.health, name="health"),
    path("ready", core_views.ready, name="ready"),
    path("api/", api_urls()),
    path("accounts/", include("ankunft.core.auth_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
