"""From a typed query to weighted word groups: compounds, synonyms, field-of-action words.

- German compounds are split against the known words (the municipality's index vocabulary,
  the field words and the synonym groups): "kinderarzt" → "kinder" + "arzt", with linking
  letters ("arbeitsvertrag" → "arbeit" + "vertrag"). Only words that begin no known word
  are split, so "deutschkurs" stays whole.
- Each word carries variants, OR-ed: its crude stem and the words of its synonym groups
  (`directory/synonyms.py`, `WORD_GROUPS`), across languages.
- Each word has a weight: words that name a field of action ("job", "arzt", "school") weigh
  `FIELD_WEIGHT`, other words 1. Ranking uses the weighted share of matched words.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

from ankunft.directory.synonyms import SYNONYMS, WORD_GROUPS
from ankunft.directory.text import MIN_TERM, fold

FIELD_WEIGHT = 2.0
STEM_FROM = 7
MAX_VARIANTS = 24
_LINKS = ("s", "es", "n", "en", "e", "er")  # German linking letters (Fugen)
MIN_PART = 3


@dataclass(frozen=True)
class Word:
    """One query word: what was typed (after splitting), its variants and its weight."""

    term: str
    variants: list[str]
    weight: float
    fields: list[str]


@cache
def field_words() -> dict[str, frozenset[str]]:
    return {code: frozenset(fold(text).split()) for code, text in SYNONYMS.items()}


@cache
def _groups() -> dict[str, frozenset[str]]:
    """Each word of a synonym group → all words of its groups (single words only)."""
    found: dict[str, set[str]] = {}
    for line in WORD_GROUPS:
        words = set(fold(line).split())
        for w in words:
            found.setdefault(w, set()).update(x for x in words if len(x) >= MIN_TERM)
    return {w: frozenset(group) for w, group in found.items()}


@cache
def short_words() -> frozenset[str]:
    """Words shorter than `MIN_TERM` that are worth searching: through their synonyms only
    (Turkish "iş" → work, job, arbeit …; "ev" → home, wohnung …)."""
    return frozenset(w for w in _groups() if len(w) < MIN_TERM)


@cache
def _known_extra() -> frozenset[str]:
    """Words known without the index: field words and synonym words."""
    return frozenset(w for words in field_words().values() for w in words) | frozenset(
        w for w in _groups() if len(w) >= MIN_TERM
    )


def fields_named(term: str) -> set[str]:
    """Fields of action whose search words begin with `term` (or `term` with them)."""
    found = set()
    for code, words in field_words().items():
        if any(
            w.startswith(term) or (len(w) >= STEM_FROM - 2 and term.startswith(w)) for w in words
        ):
            found.add(code)
    return found


_ARTICLES = ("وال", "بال", "لل", "ال")  # Arabic article, also after "and", "with", "for"
CYRILLIC_STEM_FROM = 5


def with_stem(term: str) -> list[str]:
    """The word and, for longer words, the word without its last letter: a crude stem that
    lets "locuinta" find "locuințe" and "anmelden" find "Anmeldung"'s neighbours. Cyrillic
    endings change more often ("роботу" → "робот…"); the Arabic article goes ("اللجوء" →
    "لجوء")."""
    forms = [term]
    if len(term) >= STEM_FROM or (len(term) >= CYRILLIC_STEM_FROM and _cyrillic(term)):
        forms.append(term[:-1])
    for article in _ARTICLES:
        if term.startswith(article) and len(term) - len(article) >= MIN_TERM:
            forms.append(term[len(article) :])
            break
    return forms


def _cyrillic(term: str) -> bool:
    return "\u0400" <= term[0] <= "\u04ff"


@cache
def _extra_sorted() -> list[str]:
    return sorted(_known_extra())


def may_be_compound(term: str) -> bool:
    """Long enough for two parts, and not the beginning of a field or synonym word."""
    if len(term) < 2 * MIN_PART:
        return False
    words = _extra_sorted()
    i = bisect_left(words, term)
    return not (i < len(words) and words[i].startswith(term))


class Known:
    """A sorted word list that answers "is a word" and "begins a word" quickly."""

    def __init__(self, words: Collection[str]) -> None:
        self.words = sorted(set(words) | _known_extra())
        self.exact = frozenset(self.words)

    def begins_word(self, prefix: str) -> bool:
        i = bisect_left(self.words, prefix)
        return i < len(self.words) and self.words[i].startswith(prefix)

    def split(self, term: str) -> list[str] | None:
        """The parts of a compound, longest head first; the last part may be a beginning."""
        if self.exact.__contains__(term) or self.begins_word(term):
            return None
        return self._split(term, depth=0)

    def _split(self, term: str, depth: int) -> list[str] | None:
        if depth > 3:  # noqa: PLR2004 - four parts are plenty
            return None
        for cut in range(len(term) - MIN_PART, MIN_PART - 1, -1):
            head, rest = term[:cut], term[cut:]
            if head not in self.exact:
                continue
            for tail in (rest, *(rest[len(x) :] for x in _LINKS if rest.startswith(x))):
                if len(tail) < MIN_PART:
                    continue
                if tail in self.exact or (len(tail) > MIN_PART and self.begins_word(tail)):
                    return [head, tail]
                more = self._split(tail, depth + 1)
                if more:
                    return [head, *more]
        return None


def analyse(terms: Sequence[str], known: Known | None) -> list[Word]:
    """The weighted word groups of a query's terms."""
    parts: list[str] = []
    for term in terms:
        split = known.split(term) if known is not None else None
        parts.extend(split or [term])
    words = [word(term) for term in dict.fromkeys(parts)]
    return [w for w in words if w.variants]


def word(term: str, variants: Sequence[str] = ()) -> Word:
    """One weighted word: its forms and synonyms, and the fields its forms name."""
    forms = list(variants) or (with_stem(term) if len(term) >= MIN_TERM else [])
    synonyms = set().union(*(_groups().get(f, frozenset()) for f in [term, *forms]))
    every = list(dict.fromkeys([*forms, *sorted(synonyms)]))
    fields = sorted(set().union(*(fields_named(f) for f in [term, *forms] if len(f) >= MIN_TERM)))
    return Word(term, every[:MAX_VARIANTS], FIELD_WEIGHT if fields else 1.0, fields)
