"""Clean-up of text extracted from council PDFs before the motion reader looks at it.

PDF extraction leaves hyphenated line breaks ("Integra-\\ntion"), page furniture
("– 2 –", "Seite 2", form feeds), non-breaking and zero-width spaces and private-use
glyphs from form check boxes. The reader works on lines, so this module keeps line
structure but removes what would split or pollute a phrase.
"""

from __future__ import annotations

import re
import unicodedata

# Private-use glyphs (Wingdings bullets of the budget form) and zero-width characters.
_JUNK_CHARS = re.compile("[\ue000-\uf8ff\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")

# Lines that are only page furniture.
_PAGE_FURNITURE = re.compile(
    r"""^\s*(?:
        [–—-]\s*\d+\s*[–—-]                     # – 2 –
      | Seite\s*-?\s*\d+(?:\s*von\s*\d+)?       # Seite - 2, Seite 2 von 3
      | --\s*\d+\s*of\s*\d+\s*--                # -- 1 of 1 --
      | _{5,}                                   # ruler line
      | Gedruckt\s+auf\s+100\s+Prozent\s+Recyclingpapier
      | Hauptamt\s*-\s*Ratsangelegenheiten\s*-?
      | Fehler!\s+Verweisquelle\s+konnte\s+nicht\s+gefunden\s+werden\.?
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)

# Word forms after which a trailing hyphen is a suspended compound ("Natur- und
# Landschaftsschutz"), not a line-break hyphen.
_CONJUNCTIONS = ("und", "oder", "bzw", "sowie", "bis")

_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n[ \t]*(?:\n[ \t]*)?(\w+)")


def _join_hyphen(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    if right.lower().rstrip(".") in _CONJUNCTIONS:
        return f"{left}- {right}"
    if right[0].isupper() or right[0].isdigit() or left.isupper() or left.isdigit():
        # "EU-\nArbeitnehmer", "Friedrich-Ebert-\nSchule": the hyphen belongs to the word.
        return f"{left}-{right}"
    return f"{left}{right}"


def clean_text(raw: str) -> str:
    """Return ``raw`` with PDF artefacts removed; line breaks between lines are kept.

    Hyphenated line breaks are joined, page furniture lines dropped, runs of blank
    lines collapsed to one blank line and all spacing reduced to single spaces.
    """
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _JUNK_CHARS.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if not _PAGE_FURNITURE.match(line)]
    text = "\n".join(lines)
    text = _HYPHEN_BREAK.sub(_join_hyphen, text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def raw_lines(raw: str) -> list[str]:
    """Return the lines of ``raw`` with only junk glyphs removed and spacing kept.

    Budget forms encode empty table cells as runs of five spaces, so the column
    parser needs the original spacing.
    """
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\f", "\n")
    text = _JUNK_CHARS.sub("", text).replace("\u00a0", " ")
    return text.split("\n")


def squash(text: str) -> str:
    """Collapse all whitespace (including line breaks) in ``text`` to single spaces."""
    return " ".join(text.split())
