"""The indexed words of a municipality, in memory, for correcting typos on SQLite.

A symmetric-deletion index (as in SymSpell): each word is filed under itself and every
form with one letter removed; a query word looks up its own such forms (two letters
removed for long words). That finds every word one edit away without comparing against
the whole vocabulary. The cache is rebuilt when the vocabulary's size or newest id changes
(other processes' writes) and dropped by `forget` (this process's writes). The same words,
sorted, serve to split German compounds in queries on both engines.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from itertools import combinations

from django.db.models import Count, Max

from ankunft.directory.models import SearchTerm
from ankunft.directory.search.understand import Known

_LONG = 7


def _deletions(word: str, depth: int) -> set[str]:
    forms = {word}
    for n in range(1, depth + 1):
        if len(word) - n < 2:  # noqa: PLR2004
            break
        forms |= {
            "".join(ch for i, ch in enumerate(word) if i not in drop)
            for drop in combinations(range(len(word)), n)
        }
    return forms


class Vocabulary:
    def __init__(self, words: list[str]) -> None:
        self.words = words
        self._known: Known | None = None
        self.index: dict[str, set[str]] = defaultdict(set)
        for word in words:
            for form in _deletions(word, 1):
                self.index[form].add(word)

    def known(self) -> Known:
        """The words as a sorted list, for splitting compounds (built once)."""
        if self._known is None:
            self._known = Known(self.words)
        return self._known

    def candidates(self, term: str) -> list[str]:
        depth = 2 if len(term) >= _LONG else 1
        found: set[str] = set()
        for form in _deletions(term, depth):
            found |= self.index.get(form, set())
        return sorted(found)


_lock = threading.Lock()
_cache: dict[int, tuple[tuple[int, int], Vocabulary]] = {}


def vocabulary_for(municipality_id: int) -> Vocabulary:
    stats = SearchTerm.objects.for_municipality(municipality_id).aggregate(
        n=Count("id"), last=Max("id")
    )
    key = (int(stats["n"] or 0), int(stats["last"] or 0))
    with _lock:
        cached = _cache.get(municipality_id)
        if cached and cached[0] == key:
            return cached[1]
    words = list(
        SearchTerm.objects.for_municipality(municipality_id).values_list("term", flat=True)
    )
    vocab = Vocabulary(words)
    with _lock:
        _cache[municipality_id] = (key, vocab)
    return vocab


def forget(municipality_id: int) -> None:
    with _lock:
        _cache.pop(municipality_id, None)
