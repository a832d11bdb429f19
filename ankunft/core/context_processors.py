"""Template context shared by every page: navigation for the user's role and languages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_info

from ankunft.core.models import RTL_LANGUAGES
from ankunft.core.navigation import items_for


def shell(request: HttpRequest) -> dict[str, Any]:
    lang = get_language() or settings.LANGUAGE_CODE
    languages = [
        {"code": code, "name": get_language_info(code)["name_local"]}
        for code, _name in settings.LANGUAGES
    ]
    return {
        "nav_items": items_for(request.user, request.path),
        "text_direction": "rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr",
        "shell_languages": languages,
        "current_language": lang,
    }
