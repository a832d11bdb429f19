"""German by default, English complete, right-to-left for Arabic and Persian."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.exceptions import ValidationError

from ankunft.core.management.commands.compile_translations import po_files
from ankunft.core.models import Municipality, Role

pytestmark = pytest.mark.django_db


def test_login_page_is_german_by_default(client):
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="de" dir="ltr">' in body
    assert "Anmelden" in body


def test_english_page(client):
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en" dir="ltr">' in body
    assert "Log in" in body


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_rtl_languages_render_rtl(client, lang):
    body = client.get(f"/accounts/login/?lang={lang}").content.decode()
    assert f'<html lang="{lang}" dir="rtl">' in body


def test_set_language_switches_for_logged_in_user(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Log out" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert "Abmelden" in client.get("/").content.decode()


def _untranslated(po: Path) -> list[str]:
    with po.open("rb") as fh:
        catalog = read_po(fh)
    missing = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings):
            missing.append(f"{po.parent.parent.parent.parent.name}: {m.id!r}")
    return missing


def test_german_catalogs_are_complete():
    """No untranslated or fuzzy German string in any catalog (CI refreshes them first)."""
    catalogs = [p for p in po_files() if p.parent.parent.name == "de"]
    assert Path(settings.BASE_DIR, "locale", "de", "LC_MESSAGES", "django.po") in catalogs
    missing = [entry for po in catalogs for entry in _untranslated(po)]
    assert missing == []


def test_content_languages_default_and_validation(town):
    assert town.content_languages == ["de", "en", "tr", "ar", "ro", "bg", "uk", "ru", "fa"]
    bad = Municipality(name="X", slug="x", content_languages=["de", "xx"])
    with pytest.raises(ValidationError, match="xx"):
        bad.full_clean()


def test_compile_translations_writes_only_changed_catalogs_and_whole(tmp_path, settings):
    """A second `make test` beside a first one recompiles nothing, so it cannot hand the
    first a half-written catalog; a changed .po is compiled (written aside, then renamed)."""
    import io  # noqa: PLC0415

    from babel.messages.catalog import Catalog  # noqa: PLC0415
    from babel.messages.mofile import read_mo  # noqa: PLC0415
    from babel.messages.pofile import write_po  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    folder = tmp_path / "repo" / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    settings.REPO_DIR = tmp_path / "repo"
    settings.BASE_DIR = tmp_path / "repo" / "no-apps"
    settings.LOCALE_PATHS = [tmp_path / "repo" / "locale"]

    def po(text: str) -> None:
        catalog = Catalog(locale="de")
        catalog.add("Offers", text)
        with (folder / "django.po").open("wb") as fh:
            write_po(fh, catalog)

    def run() -> str:
        out = io.StringIO()
        call_command("compile_translations", stdout=out)
        return out.getvalue()

    po("Angebote")
    assert "compiled locale/de/LC_MESSAGES/django.po" in run()
    assert run() == ""  # unchanged: nothing written
    po("Hilfen")
    assert "compiled" in run()
    with (folder / "django.mo").open("rb") as fh:
        assert read_mo(fh).get("Offers").string == "Hilfen"
    assert sorted(p.name for p in folder.iterdir()) == ["django.mo", "django.po"]
