"""The directory's own translations are the ones shown: a word another catalog translates
differently (Django admin's "History" = "Geschichte", budget's "closed" = "abgeschlossen")
must carry a context in the directory, or readers see the other module's meaning."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

import ankunft.directory

LOCALE = Path(ankunft.directory.__file__).with_name("locale")
LANGUAGES = sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES/django.po").exists())
# Shared words whose other translation is right here too (checked by hand): Django admin's
# "Sichern", "Zeit", "ابحث"/"Пошук"/"Найти"; measures' "Zusammenfassung" and "Bezirk".
SYNONYMS = {
    ("de", "Save"), ("de", "Time"), ("de", "time"), ("de", "Summary"), ("de", "district"),
    ("ar", "Search"), ("uk", "Search"), ("ru", "Search"),
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_directory_words_are_not_taken_over_by_other_catalogs(language):
    with (LOCALE / language / "LC_MESSAGES/django.po").open("rb") as fh:
        catalog = read_po(fh)
    wrong = []
    with translation.override(language):
        for message in catalog:
            if not message.id or isinstance(message.id, tuple) or not message.string:
                continue  # plural forms: Arabic's six forms do not map onto n == 1
            if (language, message.id) in SYNONYMS:
                continue
            shown = (
                translation.pgettext(message.context, message.id)
                if message.context
                else translation.gettext(message.id)
            )
            if shown != message.string:
                wrong.append((message.id, message.string, shown))
    assert wrong == []
