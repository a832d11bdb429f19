"""Text helpers for search: folding, words, stop words and edit distance.

Folding makes "Școală", "scoala" and "SCOALA" the same word, "Ärztin" → "arztin",
"ß" → "ss", Turkish dotless ı → i, and unifies Arabic/Persian letter variants (alef with
hamza, yeh, kaf, teh marbuta) and removes harakat — so readers can type without the
special keys a prepaid phone's keyboard may lack. Index and query are folded alike.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_SPECIAL = {
    "ı": "i",
    "ى": "ي",  # alef maksura → yeh
    "ی": "ي",  # Persian yeh
    "ک": "ك",  # Persian kaf
    "ة": "ه",  # teh marbuta → heh
    "ـ": "",  # tatweel
    "\u200c": "",  # zero-width non-joiner (Persian)
    "\u200d": "",
}
_SPECIAL_RE = re.compile("[" + "".join(_SPECIAL) + "]")
_WORD = re.compile(r"[^\W_]+")
MIN_TERM = 3
MAX_TERM = 40

# Words that carry no meaning for a search, per content language (data files, one word a
# line, folded when loaded): `directory/search/data/stopwords/<lang>.txt`.
_STOP_DIR = Path(__file__).parent / "search" / "data" / "stopwords"


def _raw(text: str) -> list[str]:
    """Lower-cased words as typed, diacritics kept ("iş" stays apart from English "is")."""
    return _WORD.findall(unicodedata.normalize("NFC", text.casefold()))


def _stop_words() -> tuple[frozenset[str], frozenset[str]]:
    """The stop words as written, and folded."""
    raw: set[str] = set()
    for path in sorted(_STOP_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            raw.update(_raw(line.split("#", 1)[0]))
    return frozenset(raw), frozenset(fold(w) for w in raw)


# Every combining mark of the Basic Multilingual Plane (accents, harakat), as one class.
_COMBINING_RE = re.compile(
    "["
    + "".join(re.escape(chr(cp)) for cp in range(0x10000) if unicodedata.combining(chr(cp)))
    + "]"
)


def fold(text: str) -> str:
    """Lower-case, strip accents and unify letter variants; keep letters, digits, spaces."""
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
        text = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text)
    return " ".join(_WORD.findall(text))


RAW_STOP_WORDS, STOP_WORDS = _stop_words()


def is_stop_word(typed: str, folded: str) -> bool:
    """A stop word as typed ("für"), or typed without diacritics ("fur", "ile") — but "iş"
    (Turkish: work) is not English "is"."""
    return typed in RAW_STOP_WORDS or (typed == folded and folded in STOP_WORDS)


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return fold(text).split()


def query_terms(query: str, limit: int = 8, short: frozenset[str] = frozenset()) -> list[str]:
    """The words of a query that are worth searching for (folded, no stop words, ≥ 3 chars
    or one of the `short` words that mean something, such as Turkish "iş").

    A query of stop words only ("Hilfe") is searched as typed rather than not at all."""
    typed, kept = [], []
    for raw in _raw(query[:300]):
        for word in fold(raw).split():
            if len(word) < MIN_TERM and word not in short:
                continue
            typed.append(word[:MAX_TERM])
            if not is_stop_word(raw, word):
                kept.append(word[:MAX_TERM])
    return list(dict.fromkeys(kept or typed))[:limit]


def vocabulary(folded: str) -> set[str]:
    """Words of an already folded text that may serve to correct a typo."""
    return {
        w for w in folded.split() if MIN_TERM <= len(w) <= MAX_TERM and not w.isdigit()
    } - STOP_WORDS


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (a transposition counts one), capped at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def allowed_typos(term: str) -> int:
    """How many edits a query word may be away from an indexed word."""
    return 1 if len(term) <= 6 else 2  # noqa: PLR2004
