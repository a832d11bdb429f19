"""Kölner Phonetik (Cologne phonetics): a phonetic code for German spellings.

Hans Joachim Postel, "Die Kölner Phonetik. Ein Verfahren zur Identifizierung von
Personennamen auf der Grundlage der Gestaltanalyse", IBM-Nachrichten 19 (1969), 925–931;
the rules as tabulated in https://de.wikipedia.org/wiki/Kölner_Phonetik. Each letter gets a
digit by its neighbours, repeated digits collapse, and every "0" except a leading one goes.
"""

from __future__ import annotations

_SIMPLE = {
    **dict.fromkeys("AEIJOUYÄÖÜ", "0"),
    "B": "1",
    **dict.fromkeys("FVW", "3"),
    **dict.fromkeys("GKQ", "4"),
    "L": "5",
    **dict.fromkeys("MN", "6"),
    "R": "7",
    **dict.fromkeys("SZß", "8"),
}
_C_HARD_START = set("AHKLOQRUX")
_C_HARD = set("AHKOQUX")


def _code(prev: str, char: str, nxt: str, first: bool) -> str:  # noqa: PLR0911 - the table
    if char in _SIMPLE:
        return _SIMPLE[char]
    if char == "H":
        return ""
    if char == "P":
        return "3" if nxt == "H" else "1"
    if char in "DT":
        return "8" if nxt in ("C", "S", "Z") else "2"
    if char == "X":
        return "8" if prev in ("C", "K", "Q") else "48"
    if char == "C":
        if first:
            return "4" if nxt in _C_HARD_START else "8"
        return "4" if nxt in _C_HARD and prev not in ("S", "Z") else "8"
    return ""  # not a letter of the German alphabet: ignored


def kolner_raw(word: str) -> str:
    """The digit per letter, before collapsing repeats and dropping zeros."""
    letters = [c for c in word.upper() if c.isalpha()]
    out = []
    for i, char in enumerate(letters):
        prev = letters[i - 1] if i else ""
        nxt = letters[i + 1] if i + 1 < len(letters) else ""
        out.append(_code(prev, char, nxt, i == 0))
    return "".join(out)


def kolner(word: str) -> str:
    """The Kölner Phonetik code of `word` ("Wikipedia" → "3412")."""
    raw = kolner_raw(word)
    collapsed = [d for i, d in enumerate(raw) if i == 0 or d != raw[i - 1]]
    return "".join(d for i, d in enumerate(collapsed) if d != "0" or i == 0)
