"""The title of a council paper, found by the layout it comes in.

Finders are tried in order: an explicit "Thema:"/"Betreff:", the budget form's line
after "ANTRAG DHH/…", the paragraph above a "Gremien Termin" table, the paragraph after
"öffentlich" in old headers, and the first short paragraph of a letter-style motion.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ankunft.council.motion_reader.factions import faction_names
from ankunft.council.motion_reader.patterns import (
    KIND_BUDGET_FORM,
    MOVER_LINE,
    ONLY_DATE,
    TABLE_HEADER,
)
from ankunft.council.motion_reader.text import squash

# Header lines that are never part of a title.
_NOT_TITLE = re.compile(
    r"^(?:Antrag|Anfrage|Interfraktionelle[rs]?\s+(?:Antrag|Anfrage)|Gemeinsamer Antrag"
    r"|Änderungsantrag|Ergänzungsantrag)\s?:|^\((?:Antrag|Anfrage)|^Vorlage|^Eingang"
    r"|^Verantwortlich|^Dienststelle|^Kurzfassung|^TOP\b|^vom\b|^eingegangen|^Dez\.|^-$"
    r"|^Öffentlich|^öffentlich|^nicht öffentlich|^Zuordnung im|^\d+$|^(?:ANTRAG\s+)?DHH/"
    r"|^Beratungsfolge|^Gremium:?$|^Termin:?$|^Beschlussantrag|^Stadt Karlsruhe$"
    r"|^Der Oberbürgermeister$|^Ortsverwaltung|^Herrn Oberbürgermeister",
    re.IGNORECASE,
)
_FACTION_LINE = re.compile(r"[Ff]raktion\b")
# Where the operative text begins right after a title that has no blank line after it.
_BODY_START = re.compile(
    r"^(?:\d+[.)]\s|[a-z]\)\s|Der Gemeinderat|Die (?:Stadt)?[Vv]erwaltung|Wir |Die Stadt )"
)
_TITLE_PREFIX = re.compile(
    r"^(?:Thema(?:\s+Sitzung)?|Betreff|Antrag zum Thema)\s*:?\s*|^TOP\s*[\d.]+\s*:\s*", re.I
)


def _clean_title(text: str) -> str | None:
    title = squash(text)
    for _ in range(2):  # prefixes stack: "Thema: TOP21: Südumfahrung Hagsfeld"
        title = _TITLE_PREFIX.sub("", title)
    title = re.sub(r"\s*\((?:Antrag|Anfrage) der [^)]*\)$", "", title).strip(" .:")
    return title or None


# Longer lines that mention a faction are prose, not a list of movers.
_MAX_FACTION_LINE = 160


def _is_faction_line(line: str) -> bool:
    """ "SPD-Gemeinderatsfraktion", "B'90/DIE GRÜNEN-OR-Fraktion | CDU-OR-Fraktion"."""
    if len(line) >= _MAX_FACTION_LINE or not _FACTION_LINE.search(line):
        return False
    return bool(faction_names(line))


def _skippable(line: str) -> bool:
    return (
        not line
        or bool(MOVER_LINE.match(line) or _NOT_TITLE.search(line) or ONLY_DATE.match(line))
        or bool(re.fullmatch(r"\d{4}/\d{4}(?:/\d+)?", line))
        or _is_faction_line(line)
    )


def _paragraph_before(lines: list[str], end: int) -> list[str]:
    """The title paragraph that ends above index ``end``, header furniture skipped."""
    index = end - 1
    while index >= 0 and _skippable(lines[index]):
        index -= 1
    block: list[str] = []
    while index >= 0 and not _skippable(lines[index]):
        block.insert(0, lines[index])
        index -= 1
    return block


def _paragraph_after(lines: list[str], start: int) -> tuple[list[str], int]:
    """The first paragraph at or after ``start`` that is not header furniture."""
    index = start
    while index < len(lines) and _skippable(lines[index]):
        index += 1
    block: list[str] = []
    while index < len(lines) and not _skippable(lines[index]):
        line = lines[index]
        if block and (
            TABLE_HEADER.match(line)
            or _FACTION_LINE.search(line)
            or (_BODY_START.match(line) and not block[-1].endswith(("-", ":")))
        ):
            break
        block.append(line)
        index += 1
    return block, index


TitleFinder = Callable[[list[str], str | None], tuple[str | None, int] | None]


def _explicit_title(lines: list[str], kind: str | None) -> tuple[str | None, int] | None:
    """ "Thema: …", "Betreff: …" or "Antrag zum Thema" followed by the title."""
    for index, line in enumerate(lines[:80]):
        if re.match(r"^(?:Thema(?: Sitzung)?|Betreff)\s*:|^Antrag zum Thema\s*$", line):
            rest = re.sub(r"^(?:Thema(?: Sitzung)?|Betreff)\s*:\s*|^Antrag zum Thema", "", line)
            if rest.strip():
                block, end = _paragraph_after([rest, *lines[index + 1 :]], 0)
                return _clean_title(" ".join(block)), end + index
            block, end = _paragraph_after(lines, index + 1)
            return _clean_title(" ".join(block)), end
    return None


def _form_title(lines: list[str], kind: str | None) -> tuple[str | None, int] | None:
    """In the budget form the title follows the "ANTRAG DHH/…" line."""
    if kind != KIND_BUDGET_FORM:
        return None
    for index, line in enumerate(lines[:40]):
        if re.match(r"^(?:ANTRAG|Antrag)\b|^DHH/\d{4}/\d+", line):
            block, end = _paragraph_after(lines, index + 1)
            return _clean_title(" ".join(block)), end
    return None


def _table_title(lines: list[str], kind: str | None) -> tuple[str | None, int] | None:
    """Newer Karlsruhe headers: the title stands above the "Gremien Termin" table."""
    for index, line in enumerate(lines[:90]):
        if TABLE_HEADER.match(line):
            block = _paragraph_before(lines, index)
            if block:
                return _clean_title(" ".join(block)), index
    return None


def _public_title(lines: list[str], kind: str | None) -> tuple[str | None, int] | None:
    """Older Karlsruhe headers: the title follows the "öffentlich" line."""
    for index, line in enumerate(lines[:90]):
        if re.match(r"^(?:öffentlich|nicht öffentlich|Öffentlich\s+x)", line, re.IGNORECASE):
            block, end = _paragraph_after(lines, index + 1)
            if block:
                return _clean_title(" ".join(block)), end
    return None


def _letter_title(lines: list[str], kind: str | None) -> tuple[str | None, int] | None:
    """Letter style: after the line naming movers and meeting, the first short paragraph."""
    for index, line in enumerate(lines[:40]):
        if re.match(r"^(?:Gemeinsamer\s+|Interfraktioneller\s+)?Antrag\s+der\b.{10,}", line):
            block, end = _paragraph_after(lines, index + 1)
            if block and len(" ".join(block)) < 250:  # noqa: PLR2004 - a title is short
                return _clean_title(" ".join(block)), end
    return None


_TITLE_FINDERS: tuple[TitleFinder, ...] = (
    _explicit_title,
    _form_title,
    _table_title,
    _public_title,
    _letter_title,
)


def find_title(lines: list[str], kind: str | None) -> tuple[str | None, int]:
    """Find the title; return it and the index of the first line after it."""
    for finder in _TITLE_FINDERS:
        found = finder(lines, kind)
        if found is not None:
            return found
    return None, 0
