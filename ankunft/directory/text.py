"""Text helpers for search: folding, words, stop words and edit distance.

Folding makes "Școală", "scoala" and "SCOALA" the same word, "Ärztin" → "arztin",
"ß" → "ss", Turkish dotless ı → i, and unifies Arabic/Persian letter variants (alef with
hamza, yeh, kaf, teh marbuta) and removes harakat — so readers can type without the
special keys a prepaid phone's keyboard may lack. Index and query are folded alike.
"""

from __future__ import annotations

import re
import unicodedata

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

# Words that carry no meaning for a search in the content languages (after folding).
_STOP = {
    "de": "der die das den dem des ein eine einen einem einer und oder fur mit ohne aber auch "
    "ich du wir sie mein meine meinen mir mich wo wie was wer gibt bei von vom zum zur aus auf "
    "ist sind hat habe brauche suche kann nicht nach bitte hier dort",
    "en": "the and for with you your need where how what who can are from this that have",
    "tr": "bir ve ile icin bu ben benim nerede nasil var",
    "ro": "si sau pentru din cum unde sunt care este",
    "ar": "في من على الى عن مع هذا هذه انا",
    "bg ru uk": "за от на със как къде има для как где это или что",
    "fa": "برای از در به با این که",
}
STOP_WORDS = frozenset(word for line in _STOP.values() for word in line.split())


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


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return fold(text).split()


def query_terms(query: str, limit: int = 8) -> list[str]:
    """The words of a query that are worth searching for (folded, no stop words, ≥ 3 chars)."""
    seen: list[str] = []
    for word in words(query[:300]):
        if len(word) < MIN_TERM or word in STOP_WORDS or word in seen:
            continue
        seen.append(word[:MAX_TERM])
        if len(seen) == limit:
            break
    return seen


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
