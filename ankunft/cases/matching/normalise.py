"""From a name in any script to canonical Latin tokens.

Steps: script-specific fixes (Arabic table and letters, Greek diphthongs), `anyascii` for the
rest, then orthographic rules that fold the usual transliteration variants into one spelling
(kh/ch/h, w/v, y/j/i, ou/u, German ue/oe/ae, -off/-ov, double letters). Both names of a pair
go through the same rules, so the canonical form needs to be consistent, not pretty.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from ankunft.cases.matching.tables import ARABIC_NAMES, VARIANT_GROUPS

MAX_NAME = 300  # characters looked at; no real name is longer, and work stays bounded

# Articles and name particles: dropped as tokens ("Al-Hassan" = "Hassan", "von Weber").
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "ad",
        "ar",
        "as",
        "at",
        "az",
        "an",
        "ash",
        "ibn",
        "bin",
        "bint",
        "ben",
        "von",
        "van",
        "der",
        "den",
        "de",
        "la",
        "le",
        "da",
        "di",
        "du",
        "zu",
    ]
)

_ARABIC_RANGE = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # short vowels, shadda, tatweel
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ؤ": "و"})
_ARABIC_LETTERS = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "u", "ي": "i", "ة": "a", "ء": "", "ئ": "i", "پ": "p",
    "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "i",
}  # fmt: skip
_GREEK = {"ου": "ou", "ού": "ou", "αυ": "av", "αύ": "av", "ευ": "ev", "εύ": "ev", "γγ": "ng"}
_GREEK_RE = re.compile("|".join(_GREEK))
_SOFT_YO = re.compile(r"[ьъ]ё")
_SOFT = re.compile(r"[ьъ](?=[еюяи])")
_UKRAINIAN = re.compile(r"[іїєґ]")  # letters only Ukrainian has: there Г is h (Гнатюк = Hnatiuk)

# Applied in order to each lower-case ASCII token.
_RULES = [
    (r"dsch|dzh|zh|^dj", "j"),
    (r"tsch|tch", "ch"),
    (r"sch", "sh"),
    (r"ch|kh", "h"),
    (r"sh", "s"),  # Turkish ş, Romanian ș and anyascii's s
    (r"ph", "f"),
    (r"th", "t"),
    (r"gh", "g"),
    (r"dh", "d"),
    (r"ts|tz", "z"),
    (r"x", "ks"),
    (r"ck|c|q", "k"),
    (r"w", "v"),
    (r"ou|oo", "u"),
    (r"ue", "u"),
    (r"oe", "o"),
    (r"ae(?!v)", "a"),  # not Slavic -aev (Abdullaev)
    (r"[yj]", "i"),
    (r"^ie", "e"),  # Yelena, Jelena, Ielena = Elena
    (r"([oe])ff$", r"\1v"),  # Todoroff = Todorov
    (r"(.)\1+", r"\1"),
    (r"(?<=[aeiou])h$", ""),  # Fatimah = Fatima (Arabic ta marbuta)
]
_COMPILED = [(re.compile(pattern), repl) for pattern, repl in _RULES]
_SPLIT = re.compile(r"[^a-z]+")
_ABD = re.compile(r"^abd([aeiou]l)?$")


def _arabic_fold(token: str) -> str:
    return _ARABIC_MARKS.sub("", token).translate(_ARABIC_FOLD)


_ARABIC_TABLE = {_arabic_fold(k): v for k, v in ARABIC_NAMES.items()}


def _arabic_token(token: str) -> str:
    token = _arabic_fold(token)
    if token in _ARABIC_TABLE:
        return _ARABIC_TABLE[token]
    if token.startswith("ال") and token[2:] in _ARABIC_TABLE:
        return "al " + _ARABIC_TABLE[token[2:]]
    prefix = ""
    if token.startswith("ال") and len(token) > 3:  # noqa: PLR2004 - article plus a name
        prefix, token = "al ", token[2:]
    letters = [_ARABIC_LETTERS.get(c, "") for c in token]
    if letters and token[0] == "و":
        letters[0] = "w"  # initial waw is the consonant (Walid), later ones mostly vowels
    return prefix + "".join(letters)


def _script_fixes(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if _ARABIC_RANGE.search(text):
        text = re.sub(r"عبد\s+ال", "عبدال", text)  # "Abd al-Rahman" is one name
        text = " ".join(_arabic_token(t) if _ARABIC_RANGE.search(t) else t for t in text.split())
    text = text.lower()
    if _UKRAINIAN.search(text):
        text = text.replace("г", "х")
    text = _SOFT_YO.sub("йо", text)  # Соловьёв = Solovyov
    text = _SOFT.sub("й", text)  # Ильин = Ilyin
    return _GREEK_RE.sub(lambda m: _GREEK[m.group(0)], text)


@lru_cache(maxsize=65536)
def canonical_token(token: str) -> str:
    """One lower-case ASCII token in canonical spelling ("Jussuf" → "iusuf")."""
    for pattern, repl in _COMPILED:
        token = pattern.sub(repl, token)
    return token


_GROUP_OF = {
    canonical_token(spelling): canonical_token(names.split()[0])
    for names in VARIANT_GROUPS
    for spelling in names.split()
}


def group(token: str) -> str:
    """The variant group of a canonical token (itself when it is in no group)."""
    return _GROUP_OF.get(token, token)


@lru_cache(maxsize=65536)
def tokens(name: str) -> tuple[str, ...]:
    """The canonical tokens of a name, particles dropped; "abd"/"abdul" joined to the next
    token when the name keeps at least three ("Abdul Rahman Hamdan" = "Abdulrahman Hamdan")."""
    ascii_text = anyascii(_script_fixes(name[:MAX_NAME])).lower().replace("'", "").replace("`", "")
    raw = [t for t in _SPLIT.split(ascii_text) if t and t not in PARTICLES]
    joined: list[str] = []
    i = 0
    while i < len(raw):
        if _ABD.match(raw[i]) and i + 1 < len(raw) and len(raw) >= 3:  # noqa: PLR2004
            joined.append("abdul" + raw[i + 1])
            i += 2
            continue
        joined.append(raw[i])
        i += 1
    return tuple(canonical_token(t) for t in joined if t)


def normalise(name: str) -> str:
    """Lower-case Latin ASCII tokens in canonical spelling, separated by one space."""
    return " ".join(tokens(name))
