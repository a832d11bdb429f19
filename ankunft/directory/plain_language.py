"""Hints for authors: short sentences, everyday words (in the spirit of "Einfache Sprache").

Hints, not rules: they never block saving. German and English are checked for sentence
length, long words, officialese and abbreviations; other languages for sentence length.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

MAX_WORDS = 15
LONG_SENTENCE = 20
LONG_WORD = 20

JARGON = {
    "de": {
        "aufenthaltstitel": "Aufenthalts-Erlaubnis",
        "bedarfsgemeinschaft": "alle Menschen im Haushalt",
        "leistungsbezug": "Sie bekommen Geld vom Amt",
        "antragstellung": "den Antrag stellen",
        "gemäß": "nach",
        "bezüglich": "zu",
        "diesbezüglich": "dazu",
        "seitens": "von",
        "zwecks": "für",
        "vorstellig": "kommen Sie",
        "inanspruchnahme": "nutzen",
        "erforderlich": "nötig",
        "gewährleisten": "sorgen für",
        "unverzüglich": "sofort",
    },
    "en": {
        "eligibility": "who can come",
        "pursuant": "under",
        "aforementioned": "this",
        "in accordance with": "under",
        "commence": "start",
        "utilise": "use",
        "utilize": "use",
        "prior to": "before",
        "remuneration": "pay",
    },
}
ABBREVIATIONS = {
    "de": ["bzw.", "ggf.", "i.d.r.", "u.a.", "z.b.", "sog.", "evtl.", "bzgl.", "inkl.", "gem."],
    "en": ["e.g.", "i.e.", "etc.", "approx."],
}
_SENTENCE = re.compile(r"(?<=[.!?؟])\s+|\n+")


def _sentence_hints(text: str) -> list[str]:
    found = []
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    for number, sentence in enumerate(sentences, 1):
        count = len(sentence.split())
        if count > LONG_SENTENCE:
            found.append(
                _("Sentence %(n)s has %(words)s words. Up to %(max)s words are easier to read.")
                % {"n": number, "words": count, "max": MAX_WORDS}
            )
    return found


def _word_hints(text: str, language: str) -> list[str]:
    lower = text.lower()
    long_words = sorted({w for w in re.findall(r"[^\W\d_]+", text) if len(w) > LONG_WORD})
    found = [
        _("“%(word)s” is a long word. Split it with a hyphen or explain it.") % {"word": word}
        for word in long_words[:5]
    ]
    found += [
        _("Officialese: “%(word)s”. Simpler: “%(simpler)s”.") % {"word": word, "simpler": simpler}
        for word, simpler in JARGON.get(language, {}).items()
        if word in lower
    ]
    found += [
        _("Write “%(abbr)s” in full words.") % {"abbr": abbreviation}
        for abbreviation in ABBREVIATIONS.get(language, [])
        if re.search(rf"(?<!\w){re.escape(abbreviation)}", lower)
    ]
    return found


def hints(text: str, language: str = "de") -> list[str]:
    """Plain-language hints for a text in `language` (at most a dozen)."""
    text = text or ""
    found = _sentence_hints(text)
    if language in {"de", "en"}:
        found += _word_hints(text, language)
    return found[:12]
